/**
 * One backup archive (decision 0019): a gzip-compressed tar holding
 *   aduan-backup.json            what this is (format, app version, schema migrations, dialect, time)
 *   tables/<table>/<part>.ndjson the rows of one consistent snapshot, one canonical JSON line each
 *   files/<stored name>          every attachment the snapshot refers to, read after it
 *   manifest.json                last: row counts and digests per table, size and sha256 of every entry
 * The snapshot is one read transaction (a WAL snapshot on SQLite, REPEATABLE READ on PostgreSQL),
 * so the server keeps taking complaints while it is written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Db, DialectName } from '../db/database.js';
import type { AttachmentStore } from './files.js';
import { formatBytes, formatCount, type Progress } from './progress.js';
import { canonicalLine, NOT_COPIED, planTables, readTable, RowDigest, tableColumns, type AnyTrx, type Row, type TablePlan } from './tables.js';
import { ArchiveFormatError, readAll, readTar, TarWriter, type TarEntry } from './tar.js';

export const FORMAT = 'aduan-backup';
export const FORMAT_VERSION = 1;
const HEADER_ENTRY = 'aduan-backup.json';
const MANIFEST_ENTRY = 'manifest.json';
const ROWS_PER_PART = 5000;

export interface BackupHeader {
  format: typeof FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  dialect: DialectName;
  /** Applied schema migrations, oldest first. */
  migrations: string[];
}

export interface TableSummary {
  rows: number;
  /** Order-independent digest of the rows (tables.ts); compared after every load. */
  digest: string;
  columns: string[];
  key: string[];
  late?: string[];
}

export interface FileSummary {
  attachmentId: number;
  storedName: string;
  size: number;
  sha256: string;
}

export interface Manifest extends BackupHeader {
  tables: Record<string, TableSummary>;
  files: FileSummary[];
  /** Attachments the snapshot names whose file was gone when it was read (erased by retention meanwhile, or lost before). */
  missingFiles: { attachmentId: number; storedName: string }[];
  notCopied: Record<string, string>;
  /** Every entry before the manifest, in order. */
  entries: { name: string; size: number; sha256: string }[];
}

export class BackupRefused extends Error {}

/** The app's version from package.json, found from this module upwards (source or built). */
export function appVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'aduan' && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** One read transaction that sees one moment of the database while writers go on. */
export function inSnapshot<T>(db: Db, work: (trx: AnyTrx) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return db.kysely.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  // SQLite in WAL mode: the transaction's first read fixes its snapshot; writers are not blocked.
  return db.kysely.transaction().execute(work);
}

export interface SnapshotTable {
  plan: TablePlan;
  columns: string[];
}

/** The tables to copy and their columns, read inside the snapshot. */
export async function snapshotTables(trx: AnyTrx, dialect: DialectName): Promise<SnapshotTable[]> {
  const plans = await planTables(trx, dialect);
  return Promise.all(plans.map(async (plan) => ({ plan, columns: await tableColumns(trx, dialect, plan.name) })));
}

export async function migrationsIn(trx: AnyTrx): Promise<string[]> {
  const { sql } = await import('kysely');
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
  return rows.rows.map((r) => r.name);
}

const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/**
 * Writes the archive to `file` through a temporary file renamed at the end, so a stopped backup
 * never leaves a file that looks whole. `source` is a connection of its own (not the server's).
 */
export async function writeBackup(source: Db, store: AttachmentStore, file: string, progress: Progress, now: () => Date = () => new Date()): Promise<Manifest> {
  const temp = `${file}.partial-${process.pid}`;
  const removeTemp = () => fs.rmSync(temp, { force: true });
  process.once('exit', removeTemp);
  try {
    const gzip = zlib.createGzip({ level: 6 });
    const out = fs.createWriteStream(temp, { flags: 'wx' });
    const written = pipeline(gzip, out);
    const tar = new TarWriter(gzip);
    const entries: Manifest['entries'] = [];
    const put = async (name: string, data: Buffer) => {
      entries.push({ name, size: data.length, sha256: sha256(data) });
      await tar.entry(name, data);
    };

    const attachments: { id: number; storedName: string; size: number; sha256: string }[] = [];
    const { header, tables } = await inSnapshot(source, async (trx) => {
      const migrations = await migrationsIn(trx);
      const header: BackupHeader = { format: FORMAT, formatVersion: FORMAT_VERSION, appVersion: appVersion(), createdAt: now().toISOString(), dialect: source.dialect, migrations };
      await put(HEADER_ENTRY, Buffer.from(JSON.stringify(header, null, 2)));
      const tables: Record<string, TableSummary> = {};
      for (const { plan, columns } of await snapshotTables(trx, source.dialect)) {
        const digest = new RowDigest();
        let part = 0;
        let lines: string[] = [];
        const flush = async () => {
          part++;
          await put(`tables/${plan.name}/${String(part).padStart(5, '0')}.ndjson`, Buffer.from(lines.join('\n') + '\n'));
          lines = [];
        };
        for await (const rows of readTable(trx, plan, columns)) {
          for (const row of rows) {
            const line = canonicalLine(row);
            digest.add(row, line);
            lines.push(line);
            if (plan.name === 'attachments') attachments.push({ id: Number(row.id), storedName: String(row.stored_name), size: Number(row.size_bytes), sha256: String(row.sha256) });
          }
          if (lines.length >= ROWS_PER_PART) await flush();
          progress.update(`${plan.name}: ${formatCount(digest.rows)} rows`);
        }
        if (lines.length) await flush();
        tables[plan.name] = { rows: digest.rows, digest: digest.hex(), columns, key: plan.key, ...(plan.late ? { late: plan.late } : {}) };
        progress.line(`table ${plan.name}: ${formatCount(digest.rows)} rows`);
      }
      return { header, tables };
    });

    // Files are written before their row commits and only removed after, so every file the
    // snapshot names is still there now, unless retention erased it since.
    const files: FileSummary[] = [];
    const missingFiles: Manifest['missingFiles'] = [];
    let bytes = 0;
    for (const [i, a] of attachments.entries()) {
      const opened = await store.open(a.storedName);
      if (!opened) {
        missingFiles.push({ attachmentId: a.id, storedName: a.storedName });
        continue;
      }
      const hash = crypto.createHash('sha256');
      const name = `files/${a.storedName}`;
      async function* hashed(): AsyncGenerator<Buffer> {
        for await (const chunk of opened!.stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          yield chunk;
        }
      }
      await tar.streamEntry(name, opened.size, hashed());
      const digest = hash.digest('hex');
      entries.push({ name, size: opened.size, sha256: digest });
      files.push({ attachmentId: a.id, storedName: a.storedName, size: opened.size, sha256: digest });
      if (digest !== a.sha256) progress.line(`warning: attachment ${a.id} (${a.storedName}) differs from the checksum recorded at upload`);
      bytes += opened.size;
      progress.update(`files: ${formatCount(i + 1)} of ${formatCount(attachments.length)} (${formatBytes(bytes)})`);
    }
    progress.line(`files: ${formatCount(files.length)} (${formatBytes(bytes)})${missingFiles.length ? `; ${missingFiles.length} missing: ${missingFiles.map((m) => m.storedName).join(', ')}` : ''}`);

    const manifest: Manifest = { ...header, tables, files, missingFiles, notCopied: { ...NOT_COPIED }, entries };
    await tar.entry(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)));
    await tar.finish();
    gzip.end();
    await written;
    const fd = fs.openSync(temp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, file);
    return manifest;
  } catch (error) {
    removeTemp();
    throw error;
  } finally {
    process.off('exit', removeTemp);
  }
}

/** The archive's entries, gunzipped and untarred as they stream by. */
async function* archiveEntries(file: string): AsyncGenerator<TarEntry> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  try {
    yield* readTar(input);
  } finally {
    input.destroy();
  }
}

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new ArchiveFormatError(`${what} is not readable JSON`);
  }
}

/**
 * Reads the whole archive once and checks it: our format, every entry's sha256 and size against the
 * manifest, nothing missing or added. Throws BackupRefused with the reason; changes nothing.
 */
export async function verifyArchive(file: string, progress: Progress): Promise<Manifest> {
  if (!fs.existsSync(file)) throw new BackupRefused(`${file}: no such file`);
  let header: BackupHeader | undefined;
  let manifest: Manifest | undefined;
  const seen: Manifest['entries'] = [];
  let bytes = 0;
  try {
    for await (const entry of archiveEntries(file)) {
      if (manifest) throw new BackupRefused('damaged archive: entries after the manifest');
      if (!header) {
        if (entry.name !== HEADER_ENTRY) throw new BackupRefused(`not an Aduan backup (first entry is ${entry.name})`);
        const data = await readAll(entry.body);
        const parsed = parseJson<BackupHeader>(data, HEADER_ENTRY);
        if (parsed.format !== FORMAT) throw new BackupRefused('not an Aduan backup');
        if (parsed.formatVersion > FORMAT_VERSION) throw new BackupRefused(`this backup is format ${parsed.formatVersion}; this version reads format ${FORMAT_VERSION}: install a newer Aduan to restore it`);
        header = parsed;
        seen.push({ name: entry.name, size: data.length, sha256: sha256(data) });
        continue;
      }
      if (entry.name === MANIFEST_ENTRY) {
        manifest = parseJson<Manifest>(await readAll(entry.body), MANIFEST_ENTRY);
        continue;
      }
      const hash = crypto.createHash('sha256');
      let size = 0;
      for await (const chunk of entry.body) {
        hash.update(chunk);
        size += chunk.length;
      }
      seen.push({ name: entry.name, size, sha256: hash.digest('hex') });
      bytes += size;
      progress.update(`checking: ${formatCount(seen.length)} entries, ${formatBytes(bytes)}`);
    }
  } catch (error) {
    if (error instanceof ArchiveFormatError) throw new BackupRefused(header ? `damaged archive: ${error.message}` : `not an Aduan backup (${error.message})`);
    throw error;
  }
  if (!header) throw new BackupRefused('not an Aduan backup (empty archive)');
  if (!manifest) throw new BackupRefused('damaged archive: the manifest is missing (cut off?)');
  if (manifest.createdAt !== header.createdAt || manifest.migrations.join() !== header.migrations.join()) throw new BackupRefused('damaged archive: the manifest does not match its header');
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  if (listed.size !== seen.length) throw new BackupRefused(`damaged archive: ${seen.length} entries, the manifest lists ${listed.size}`);
  for (const entry of seen) {
    const expected = listed.get(entry.name);
    if (!expected) throw new BackupRefused(`damaged archive: ${entry.name} is not in the manifest`);
    if (expected.size !== entry.size || expected.sha256 !== entry.sha256) throw new BackupRefused(`damaged archive: checksum mismatch in ${entry.name}`);
  }
  progress.line(`checked ${formatCount(seen.length)} entries (${formatBytes(bytes)}): every checksum matches`);
  return manifest;
}

export interface ArchiveReader {
  /** Rows of each table part, in archive order, checked against the manifest as they are read. */
  onRows(table: string, rows: Row[]): Promise<void>;
  onFile(storedName: string, body: AsyncIterable<Buffer>): Promise<void>;
}

/** Reads a verified archive again for loading; a byte changed since the check stops it. */
export async function readArchive(file: string, manifest: Manifest, reader: ArchiveReader): Promise<void> {
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  for await (const entry of archiveEntries(file)) {
    if (entry.name === HEADER_ENTRY || entry.name === MANIFEST_ENTRY) continue;
    const expected = listed.get(entry.name);
    if (!expected) throw new BackupRefused(`the archive changed while it was being restored (${entry.name})`);
    const hash = crypto.createHash('sha256');
    async function* checked(): AsyncGenerator<Buffer> {
      for await (const chunk of entry.body) {
        hash.update(chunk);
        yield chunk;
      }
      if (hash.digest('hex') !== expected!.sha256) throw new BackupRefused(`the archive changed while it was being restored (${entry.name})`);
    }
    if (entry.name.startsWith('tables/')) {
      const table = entry.name.split('/')[1] as string;
      const data = await readAll(checked());
      const rows = data.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row);
      await reader.onRows(table, rows);
    } else if (entry.name.startsWith('files/')) {
      await reader.onFile(entry.name.slice('files/'.length), checked());
    }
  }
}
