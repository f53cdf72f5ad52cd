import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { assertSafeName, isSafeName, type FileStore, type ListedObject, type StoredObject } from './file-store.js';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Files in one folder (DATA_DIR/uploads): the default, for a single instance. */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  private made = false;

  constructor(private readonly dir: string) {}

  private file(name: string): string {
    assertSafeName(name);
    return path.join(this.dir, name);
  }

  async put(name: string, data: Buffer): Promise<void> {
    const file = this.file(name);
    if (!this.made) {
      await fsp.mkdir(this.dir, { recursive: true });
      this.made = true;
    }
    await fsp.writeFile(file, data, { flag: 'wx' });
  }

  async get(name: string): Promise<StoredObject | null> {
    if (!isSafeName(name)) return null;
    // Opened before answering, so a missing file is a 404 rather than a broken download.
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.file(name), 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const { size } = await handle.stat();
    return { body: handle.createReadStream(), sizeBytes: size };
  }

  async delete(name: string): Promise<void> {
    await fsp.rm(this.file(name), { force: true });
  }

  async exists(name: string): Promise<boolean> {
    if (!isSafeName(name)) return false;
    return fs.existsSync(this.file(name));
  }

  async *list(): AsyncIterable<ListedObject> {
    let dir: fs.Dir;
    try {
      dir = await fsp.opendir(this.dir);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for await (const entry of dir) {
      if (!entry.isFile()) continue;
      try {
        const { mtime } = await fsp.stat(path.join(this.dir, entry.name));
        yield { name: entry.name, modifiedAt: mtime };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  async check(): Promise<void> {
    try {
      await fsp.mkdir(this.dir, { recursive: true });
      await fsp.access(this.dir, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      throw new Error(`Storage: cannot write to ${this.dir}: ${(error as Error).message}`);
    }
  }
}
