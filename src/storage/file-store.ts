/**
 * Where attachment files live: one interface, two places (decision 0021). The local folder under
 * DATA_DIR suits one instance; an S3-compatible bucket lets several instances share the files.
 * Names are the attachments' `stored_name`s; nothing else in the application touches the files.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { LocalFileStore } from './local-store.js';
import { S3FileStore } from './s3-store.js';

/** A stored file opened for reading: the body streams, the whole file is never held in memory. */
export interface StoredObject {
  body: Readable;
  sizeBytes: number | null;
}

/** One stored file as the sweep sees it. */
export interface ListedObject {
  name: string;
  modifiedAt: Date;
}

export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Writes a new file; the name is fresh (a random UUID), so nothing is overwritten. */
  put(name: string, data: Buffer): Promise<void>;
  /** The file, or null when there is none under that name. */
  get(name: string): Promise<StoredObject | null>;
  /** Removes the file; a name that is already gone is not an error. */
  delete(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
  /** Every stored file, for the sweep of leftovers (`storage/sweep.ts`). */
  list(): AsyncIterable<ListedObject>;
  /** Fails with a sentence naming the place when it cannot be read and written (checked at start-up). */
  check(): Promise<void>;
}

/** What a file may be called: no folders, no hidden files, so a name cannot leave the store. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** A name that could not have been stored: reads answer "not there", writes refuse it. */
export const isSafeName = (name: string): boolean => SAFE_NAME.test(name);

export function assertSafeName(name: string): void {
  if (!isSafeName(name)) throw new Error(`not a stored file name: ${JSON.stringify(name.slice(0, 40))}`);
}

const stores = new WeakMap<Config, FileStore>();

/** The attachments' store the configuration names, made once per configuration (instances share nothing else). */
export function fileStoreFor(config: Config): FileStore {
  let store = stores.get(config);
  if (!store) {
    store = config.storage.kind === 's3' ? new S3FileStore(config.storage) : new LocalFileStore(config.storage.dir);
    stores.set(config, store);
  }
  return store;
}
