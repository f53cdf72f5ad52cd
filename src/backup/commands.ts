/** The backup commands of `npm run cli`: backup, restore, release-outbox, move-to-postgres. */
import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { parseOptions, UsageError, type CliCommand } from '../cli/command.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, targetFromConfig, type Db } from '../db/database.js';
import { DEFAULT_SKIP_NUMBERS, describeNotice, heldMail, releaseHeldMail } from './after-restore.js';
import { writeBackup } from './archive.js';
import { attachmentStore } from './files.js';
import { formatBytes, formatCount, stderrProgress, type Progress } from './progress.js';
import { moveOffice, restoreOffice } from './restore.js';
import { NOT_COPIED } from './tables.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict options and an exact count of FILE arguments (`--help` is answered by src/cli/main.ts before run). */
function parse<O extends Options>(args: string[], options: O, positionals: number) {
  const parsed = parseOptions(args, options, positionals > 0);
  if (parsed.positionals.length !== positionals) throw new UsageError(`expected ${positionals === 1 ? 'one FILE' : 'no arguments'}, got ${parsed.positionals.length}`);
  return parsed;
}

/** Ctrl-C ends the command at once: a backup's temporary file goes, an open transaction rolls back. */
function stopOnSignal(progress: Progress, what: string): void {
  const stop = () => {
    progress.line(`stopped: ${what}`);
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function openConfigured(): { db: Db; config: Config } {
  const config = loadConfig();
  return { config, db: openDatabase(targetFromConfig(config)) };
}

const maskPassword = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '****';
  return u.toString();
};

/** The backup commands, each with its summary, usage and run (src/cli/main.ts lists them and answers `--help`). */
export const backupCommands: Record<string, CliCommand> = {
  backup: {
    summary: 'Write one archive (.tar.gz) of the whole office while it runs: a snapshot of every table, the attachments, a manifest',
    usage: `npm run cli -- backup FILE

Writes ONE archive (gzip-compressed tar) of the office the environment names (DATABASE_URL, or
DATA_DIR's SQLite file) while the server keeps running: every table read in one read transaction
(a consistent snapshot), then every attachment that snapshot refers to, and a manifest with the
format, app and schema versions, row counts, checksums and file sizes. Progress goes to stderr.
The archive is written to FILE.partial-<pid> and renamed when whole; Ctrl-C leaves nothing behind.
Not copied: ${Object.entries(NOT_COPIED).map(([t, why]) => `${t} (${why})`).join('; ')}.`,
    async run(args) {
      const parsed = parse(args, {}, 1);
      const file = path.resolve(parsed.positionals[0] as string);
      const config = loadConfig();
      if (!config.databaseUrl && !fs.existsSync(config.sqliteFile)) throw new Error(`no database at ${config.sqliteFile} (set DATA_DIR or DATABASE_URL)`);
      if (fs.existsSync(file)) throw new Error(`${file} exists already: choose a new name`);
      const progress = stderrProgress();
      stopOnSignal(progress, 'no archive was written');
      // A connection of its own: the snapshot does not hold up the server's writes.
      const db = openDatabase(targetFromConfig(config));
      try {
        const started = Date.now();
        const manifest = await writeBackup(db, attachmentStore(config), file, progress);
        const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
        console.log(
          `Wrote ${file} (${formatBytes(fs.statSync(file).size)}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${formatCount(rows)} rows in ${Object.keys(manifest.tables).length} tables, ${formatCount(manifest.files.length)} files, snapshot of ${manifest.createdAt}.`,
        );
        if (manifest.missingFiles.length) console.log(`${manifest.missingFiles.length} attachment file(s) were already gone (listed in the manifest).`);
      } finally {
        await db.close();
      }
    },
  },

  restore: {
    summary: `Restore an archive into the database the environment names; unsent mail is held, tracking numbers skipped (default ${DEFAULT_SKIP_NUMBERS})`,
    usage: `npm run cli -- restore FILE [--force] [--skip-numbers N]

Checks the whole archive first (format, every checksum) and refuses a damaged or foreign file or one
from a newer schema. Then loads it in ONE transaction into the database the environment names
(SQLite or PostgreSQL) and the attachments into DATA_DIR/uploads; stopped half-way, nothing is changed.
Stop the server first.
  --force            replace an office that is already there (its data, event and audit logs are lost)
  --skip-numbers N   tracking numbers to skip in every year since the backup, as the lost office may
                     have given them out (default ${DEFAULT_SKIP_NUMBERS}; 0 skips none)
Unsent mail is HELD until \`release-outbox\`; the skipped numbers are printed and written to the audit log.`,
    async run(args) {
      const parsed = parse(args, { force: { type: 'boolean' }, 'skip-numbers': { type: 'string' } }, 1);
      const skipNumbers = z.coerce.number().int().min(0).max(100_000).parse(parsed.values['skip-numbers'] ?? DEFAULT_SKIP_NUMBERS);
      const progress = stderrProgress();
      stopOnSignal(progress, 'the restore transaction was rolled back; the database is as it was');
      const { db, config } = openConfigured();
      try {
        const { notice } = await restoreOffice({
          file: path.resolve(parsed.positionals[0] as string),
          target: db,
          store: attachmentStore(config),
          force: parsed.values.force === true,
          skipNumbers,
          now: () => new Date(),
          progress,
        });
        if (notice) console.log(describeNotice(notice));
      } finally {
        await db.close();
      }
    },
  },

  'release-outbox': {
    summary: 'After a restore: send (or with --cancel drop) the mail the restore held',
    usage: `npm run cli -- release-outbox [--list] [--cancel]

Mail that was still unsent in a restored backup is held, since the lost office may have sent it.
  (no option)  send it: the worker picks it up at once
  --list       only show what is held
  --cancel     drop it instead (it was sent before the loss)
Written to the audit log.`,
    async run(args) {
      const parsed = parse(args, { list: { type: 'boolean' }, cancel: { type: 'boolean' } }, 0);
      const { db } = openConfigured();
      try {
        const held = await heldMail(db.kysely);
        const byKind = new Map<string, number>();
        for (const m of held) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
        console.log(held.length ? `${held.length} held message(s): ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}; oldest ${held[0]?.created_at}.` : 'No mail is held.');
        if (parsed.values.list || held.length === 0) return;
        const n = await releaseHeldMail(db.kysely, { cancel: parsed.values.cancel === true, now: new Date() });
        console.log(parsed.values.cancel ? `Cancelled ${n} message(s).` : `Released ${n} message(s): the worker sends them now.`);
      } finally {
        await db.close();
      }
    },
  },

  'move-to-postgres': {
    summary: 'Copy this SQLite office into an empty PostgreSQL database',
    usage: `npm run cli -- move-to-postgres --to postgres://user:pass@host:5432/aduan

Copies the embedded SQLite office (DATA_DIR) into an EMPTY PostgreSQL database in one transaction,
checks every table's row count and checksum, recounts the recap totals, and prints what to set next.
Stop the server first (changes made after the copy starts would stay behind). Sessions are not
copied (everyone signs in again); attachments stay in DATA_DIR/uploads.`,
    async run(args) {
      const parsed = parse(args, { to: { type: 'string' } }, 0);
      const to = z.string().regex(/^postgres(ql)?:\/\//, '--to must be a postgres:// URL').parse(parsed.values.to ?? '');
      const config = loadConfig();
      if (config.databaseUrl) throw new Error('DATABASE_URL is set: this office is on PostgreSQL already (unset it to move the SQLite office in DATA_DIR)');
      if (!fs.existsSync(config.sqliteFile)) throw new Error(`no SQLite office at ${config.sqliteFile}`);
      const progress = stderrProgress();
      stopOnSignal(progress, 'the PostgreSQL transaction was rolled back; the target is as it was');
      const source = openDatabase(targetFromConfig(config));
      const target = openDatabase({ dialect: 'postgres', url: to, poolSize: 2 });
      try {
        const result = await moveOffice(source, target, progress);
        const rows = Object.values(result.tables).reduce((n, t) => n + t.rows, 0);
        console.log(`Copied ${formatCount(rows)} rows in ${Object.keys(result.tables).length} tables; every count and checksum matches; recap recounted (${formatCount(result.recapRows)} day rows).
  Next: stop using the SQLite file and start the server with
    DATABASE_URL=${maskPassword(to)}   (with your password)
    DATA_DIR=${config.dataDir}   (attachments stay in ${config.uploadsDir})
  Everyone signs in again (sessions are not copied).`);
      } finally {
        await source.close();
        await target.close();
      }
    },
  },
};
