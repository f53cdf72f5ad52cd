/**
 * The one place the backup reads and writes attachment bytes: files under DATA_DIR/uploads (written
 * whole-or-nothing through a temporary name), or the configured S3-compatible bucket (storage/).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config, S3StorageConfig } from '../config.js';
import { S3FileStore } from '../storage/s3-store.js';

export interface AttachmentBytes {
  size: number;
  stream: Readable;
}

export interface AttachmentStore {
  /** Where the bytes live, for messages. */
  describe(): string;
  /** The stored file, or null when it is not there. */
  open(storedName: string): Promise<AttachmentBytes | null>;
  /** Writes the whole file or nothing: a stopped restore leaves no half file under the real name. */
  write(storedName: string, body: AsyncIterable<Buffer>): Promise<void>;
}

/** Stored names are ours (`<uuid>.bin`); anything with a path in it is refused, not followed. */
export function safeStoredName(storedName: string): string {
  const base = path.basename(storedName);
  if (base !== storedName || base === '' || base === '.' || base === '..') throw new Error(`not a stored attachment name: ${JSON.stringify(storedName)}`);
  return base;
}

export function attachmentStore(config: Pick<Config, 'uploadsDir'> & Partial<Pick<Config, 'storage'>>): AttachmentStore {
  if (config.storage?.kind === 's3') return sharedStore(config.storage);
  const dir = config.uploadsDir;
  return {
    describe: () => dir,
    async open(storedName) {
      const file = path.join(dir, safeStoredName(storedName));
      try {
        const handle = await fs.promises.open(file, 'r');
        const { size } = await handle.stat();
        return { size, stream: handle.createReadStream() };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(storedName, body) {
      const file = path.join(dir, safeStoredName(storedName));
      await fs.promises.mkdir(dir, { recursive: true });
      const temp = `${file}.restoring-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
      try {
        await pipeline(body, fs.createWriteStream(temp, { flags: 'wx' }));
        await fs.promises.rename(temp, file);
      } catch (error) {
        await fs.promises.rm(temp, { force: true });
        throw error;
      }
    },
  };
}

/** An S3-compatible bucket: an object appears whole or not at all, so no temporary name is needed. */
function sharedStore(bucket: S3StorageConfig): AttachmentStore {
  const store = new S3FileStore(bucket);
  return {
    describe: () => `s3://${bucket.bucket}/${bucket.prefix}`,
    async open(storedName) {
      const object = await store.get(safeStoredName(storedName));
      if (!object) return null;
      if (object.sizeBytes !== null) return { size: object.sizeBytes, stream: object.body };
      // The archive's entry header needs the size first: without one from the store, read it whole.
      const chunks: Buffer[] = [];
      for await (const chunk of object.body) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      return { size: data.length, stream: Readable.from([data]) };
    },
    async write(storedName, body) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk);
      await store.put(safeStoredName(storedName), Buffer.concat(chunks));
    },
  };
}
