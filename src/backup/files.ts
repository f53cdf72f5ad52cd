/**
 * The one place the backup reads and writes attachment bytes. Today they are files under
 * DATA_DIR/uploads; an object store can take this module's place without touching the archive code.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';

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

export function attachmentStore(config: Pick<Config, 'uploadsDir'>): AttachmentStore {
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
