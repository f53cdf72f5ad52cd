import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentStore } from '../../src/backup/files.js';
import { loadConfig } from '../../src/config.js';
import { fileStoreFor } from '../../src/storage/file-store.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';

/** With STORAGE=s3 the backup reads and the restore writes the attachments in the shared bucket, not on the instance's disk. */
describe('backup attachments in an S3-compatible bucket', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => s3?.close());

  it('reads a stored file with its size and writes a restored one where the server will look', async () => {
    const config = loadConfig({ ...s3.env, DATA_DIR: '/nonexistent-aduan-data', NODE_ENV: 'test' });
    const server = fileStoreFor(config);
    const original = Buffer.from('%PDF-1.4 surat pengaduan\n'.repeat(100));
    await server.put('0b1e5c3a-1111-4222-8333-944445555666.bin', original);

    const backup = attachmentStore(config);
    expect(backup.describe()).toContain('s3://aduan-test/');
    expect(await backup.open('no-such-file.bin')).toBeNull();
    const opened = await backup.open('0b1e5c3a-1111-4222-8333-944445555666.bin');
    expect(opened?.size).toBe(original.length);
    const chunks: Buffer[] = [];
    for await (const chunk of opened?.stream ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(original)).toBe(true);

    await backup.write('7c2d4e5f-aaaa-4bbb-8ccc-dddd0000eeee.bin', Readable.from([original.subarray(0, 10), original.subarray(10)]));
    const restored = await server.get('7c2d4e5f-aaaa-4bbb-8ccc-dddd0000eeee.bin');
    const back: Buffer[] = [];
    for await (const chunk of restored?.body ?? []) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(original)).toBe(true);
    await expect(backup.open('../escape.bin')).rejects.toThrow(/not a stored attachment name/);
  });
});
