/**
 * Backup and restore at a realistic size, under write load: the real server (`dist/src/main.js`)
 * takes complaints with attachments from several writers while `npm run cli -- backup` runs as a
 * separate process, then `restore` loads the archive into a new database. Prints the figures and
 * writes them to bench/results/.
 *
 *   npx tsx bench/backup.ts --db sqlite --size 100000 --files 1000 --writers 4
 *   npx tsx bench/backup.ts --db postgres --size 100000
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgresServer } from '../tests/support/postgres-server.js';
import { cachedSqliteDataset, generatePostgres } from './generate.js';
import { build, ROOT, startServer } from './server.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    size: { type: 'string', default: '100000' },
    files: { type: 'string', default: '1000' },
    'file-kb': { type: 'string', default: '100' },
    writers: { type: 'string', default: '4' },
  },
});
const dialect = values.db === 'postgres' ? 'postgres' : 'sqlite';
const size = Number(values.size);
const files = Number(values.files);
const fileBytes = Number(values['file-kb']) * 1024;
const writers = Number(values.writers);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function submit(baseUrl: string, n: number, bytes: number): Promise<number> {
  const form = new FormData();
  form.append('complaint', JSON.stringify({ reporter: { name: 'Bench', email: `bench${n}@contoh.id` }, subject: `Keluhan ${n}`, description: 'Permohonan saya belum diproses sampai sekarang oleh dinas.', consent: true }));
  form.append('attachments', new Blob([Buffer.concat([PNG, crypto.randomBytes(Math.max(0, bytes - PNG.length))])]), `bukti-${n}.png`);
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/public/complaints`, { method: 'POST', body: form });
  if (res.status !== 201) throw new Error(`submission ${n}: ${res.status} ${await res.text()}`);
  return performance.now() - started;
}

/** The CLI as an admin runs it; resolves with its seconds and output. */
function cli(args: string[], env: Record<string, string>): Promise<{ seconds: number; stdout: string; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr }) : reject(new Error(`${args[0]} exited ${code}:\n${stderr.slice(-2000)}`))));
  });
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'main.js'))) build();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-backup-'));
  const dataDir = path.join(work, 'office');
  fs.mkdirSync(dataDir);
  let env: Record<string, string> = { DATA_DIR: dataDir };
  let restoreEnv: Record<string, string> = { DATA_DIR: path.join(work, 'restored') };
  const pgServer = dialect === 'postgres' ? await startPostgresServer({ fsync: false }) : null;
  try {
    if (pgServer) {
      const admin = new pg.Client({ connectionString: pgServer.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bench_office');
      await admin.query('CREATE DATABASE bench_restored');
      await admin.end();
      const url = (db: string) => pgServer.url.replace(/\/postgres$/, `/${db}`);
      console.log(`Generating ${size} complaints on PostgreSQL …`);
      await generatePostgres(url('bench_office'), size, () => {});
      env = { ...env, DATABASE_URL: url('bench_office') };
      restoreEnv = { ...restoreEnv, DATABASE_URL: url('bench_restored') };
    } else {
      const dataset = await cachedSqliteDataset(size);
      fs.copyFileSync(dataset.file, path.join(dataDir, 'aduan.sqlite'));
    }
    const server = await startServer({ ...env, WORKER_IN_PROCESS: 'false' });
    console.log(`Server up; submitting ${files} complaints with a ${values['file-kb']} KiB attachment each …`);
    for (let i = 0; i < files; i += 8) await Promise.all(Array.from({ length: Math.min(8, files - i) }, (_, j) => submit(server.baseUrl, i + j, fileBytes)));

    const archive = path.join(work, 'office.tar.gz');
    let done = false;
    const latencies: number[] = [];
    const writer = async (w: number) => {
      for (let i = 0; !done; i++) latencies.push(await submit(server.baseUrl, 1_000_000 * (w + 1) + i, 20 * 1024));
    };
    console.log(`Backing up while ${writers} writers submit …`);
    const backup = cli(['backup', archive], env).finally(() => (done = true));
    const [result] = await Promise.all([backup, ...Array.from({ length: writers }, (_, w) => writer(w))]);
    await server.stop();
    const databaseBytes = pgServer ? null : fs.statSync(path.join(dataDir, 'aduan.sqlite')).size;
    console.log(result.stdout.trim());

    console.log('Restoring into a new database …');
    const restored = await cli(['restore', archive], restoreEnv);
    const figures = {
      db: dialect,
      size,
      attachmentsBefore: files,
      databaseMb: databaseBytes === null ? null : Math.round(databaseBytes / 1024 / 1024),
      archiveMb: Math.round((fs.statSync(archive).size / 1024 / 1024) * 10) / 10,
      backupSeconds: Math.round(result.seconds * 10) / 10,
      submissionsDuringBackup: latencies.length,
      submissionMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)), max: Math.round(percentile(latencies, 100)) },
      restoreSeconds: Math.round(restored.seconds * 10) / 10,
      cores: os.cpus().length,
      loadAverage: os.loadavg()[0],
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(figures, null, 2));
    const out = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `backup-${dialect}-${size}.json`), JSON.stringify(figures, null, 2));
  } finally {
    await pgServer?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
