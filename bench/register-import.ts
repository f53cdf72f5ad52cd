/**
 * What the worst register files cost the import's dry run (decision 0024): about 1 MB each, built to be
 * expensive for a CSV reader or the row checks, read in-process over a fresh SQLite database.
 * Prints milliseconds and the heap grown per kind; the time must stay in proportion to the size.
 *
 *   npx tsx bench/register-import.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDatabase } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { importRegister } from '../src/register-import/service.js';
import { OfficeSettingsStore } from '../src/settings/office-settings.js';
import { AppError } from '../src/shared/errors.js';

const SIZE = 1_000_000;
const HEADER = 'No;Tanggal Diterima;Nama Pengadu;Alamat / No. Telp;Jenis Izin;Uraian Pengaduan;Media Pengaduan;Tindak Lanjut;Tanggal Selesai;Keterangan\n';
const fill = (unit: string, prefix = HEADER) => prefix + unit.repeat(Math.floor((SIZE - prefix.length) / unit.length));

const VALID_ROW = (i: number) => `${i};10/01/2024;Budi;Kel. Poris / 081234567890;SLF;Berkas dikembalikan tanpa penjelasan kekurangannya sama sekali dari petugas loket.;Surat;Dijawab;15/01/2024;\n`;

const KINDS: Record<string, string> = {
  '5,000 valid rows (the cap)': HEADER + Array.from({ length: 5000 }, (_, i) => VALID_ROW(i + 1)).join(''),
  'valid rows up to the row cap': fill('1;10/01/2024;Budi;Kel. Poris / 081234567890;SLF;Berkas dikembalikan tanpa penjelasan kekurangannya sama sekali dari petugas loket.;Surat;Dijawab;15/01/2024;\n').slice(0, SIZE),
  'one quoted field of 1 MB': `${HEADER}1;10/01/2024;;;;"${'x'.repeat(SIZE - HEADER.length - 40)}";Surat;;;\n`,
  'doubled quotes everywhere': `${HEADER}1;10/01/2024;;;;"${'""'.repeat((SIZE - HEADER.length - 40) / 2)}";Surat;;;\n`,
  'an unterminated quote': `${HEADER}1;"${'a;b\n'.repeat((SIZE - HEADER.length) / 4)}`,
  'separators only (column cap)': fill(';'),
  'newlines only': fill('\n'),
  'bad dates in every row (row cap)': fill('1;31/02/2024;;;;Uraian yang cukup panjang.;Surat;;99/99/9999;\n'),
  'long unknown words': fill(`1;10/01/2024;;;${'Z'.repeat(150)};Uraian.;${'Q'.repeat(150)};;;\n`),
};

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-import-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const db = openDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'aduan.sqlite') });
  await migrateToLatest(db);
  const now = () => new Date();
  const ctx: AppContext = { db, config, now, settings: new OfficeSettingsStore(db.kysely, now) };
  await prepareDatabase(ctx);
  console.log('| kind | bytes | ms | heap MB | answer |\n|---|---:|---:|---:|---|');
  try {
    for (const [kind, text] of Object.entries(KINDS)) {
      const data = Buffer.from(text);
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      let answer: string;
      try {
        const r = await importRegister(ctx, { data, fileName: 'bench.csv', mapping: { columns: {}, fallback: {}, values: {} }, dryRun: true, by: { actor: null, ip: null } });
        answer = `200: ${r.importable} ok, ${r.refusedRows} refused rows`;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        answer = `${error.status} ${error.code}`;
      }
      const ms = performance.now() - t0;
      const heap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
      console.log(`| ${kind} | ${data.length} | ${ms.toFixed(0)} | ${heap.toFixed(0)} | ${answer} |`);
    }
    // The write itself: one transaction of 5,000 complaints, during which other writers wait (SQLite).
    const t0 = performance.now();
    const r = await importRegister(ctx, { data: Buffer.from(KINDS['5,000 valid rows (the cap)'] as string), fileName: 'bench.csv', mapping: { columns: {}, fallback: {}, values: {} }, dryRun: false, by: { actor: null, ip: null } });
    console.log(`\nImport of ${r.imported} complaints in one transaction: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
