/** `npm run cli -- import-register`: the mapping from the options, the report as text. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../cli/command.js';
import type { AppContext } from '../context.js';
import { AppError, parseOrThrow } from '../shared/errors.js';
import { IMPORT_FIELDS, ImportMappingSchema, type ImportMapping } from './mapping.js';
import { importRegister, type ImportReport } from './service.js';


function pairs(values: string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`--${option} takes NAME=VALUE, got '${v}'`);
    out[v.slice(0, at).trim()] = v.slice(at + 1).trim();
  }
  return out;
}

export interface ImportOptions {
  file: string;
  dryRun: boolean;
  map?: string[];
  mapping?: string;
  headerRow?: string;
  fallback?: string[];
  as?: string;
}

export function mappingFromOptions(o: ImportOptions): ImportMapping {
  let base: Record<string, unknown> = {};
  if (o.mapping) {
    try {
      base = JSON.parse(fs.readFileSync(o.mapping, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--mapping: cannot read ${o.mapping}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const columns = { ...(typeof base.columns === 'object' && base.columns !== null ? base.columns : {}), ...pairs(o.map, 'map') };
  for (const f of Object.keys(columns)) if (!(IMPORT_FIELDS as readonly string[]).includes(f)) throw new UsageError(`--map: unknown field '${f}' (one of ${IMPORT_FIELDS.join(', ')})`);
  const fallback = { ...(typeof base.fallback === 'object' && base.fallback !== null ? base.fallback : {}), ...pairs(o.fallback, 'fallback') };
  const headerRow = o.headerRow !== undefined ? Number(o.headerRow) : base.headerRow;
  return parseOrThrow(ImportMappingSchema, { ...base, columns, fallback, ...(headerRow !== undefined ? { headerRow } : {}) }, 'en');
}

export async function importFromCommandLine(ctx: AppContext, o: ImportOptions): Promise<{ report: ImportReport; refused: boolean }> {
  const mapping = mappingFromOptions(o);
  let actor: { userId: number; role: 'admin' } | null = null;
  if (o.as) {
    const user = await ctx.db.kysely.selectFrom('users').select(['id', 'role']).where('email', '=', o.as.trim().toLowerCase()).where('active', '=', 1).executeTakeFirst();
    if (!user || user.role !== 'admin') throw new UsageError(`--as: no active admin with e-mail ${o.as}`);
    actor = { userId: user.id, role: 'admin' };
  }
  const data = fs.readFileSync(o.file);
  const request = { data, fileName: path.basename(o.file), mapping, dryRun: o.dryRun, by: { actor, ip: 'cli' } };
  try {
    return { report: await importRegister(ctx, request), refused: false };
  } catch (error) {
    if (error instanceof AppError && error.details?.report) return { report: error.details.report as ImportReport, refused: true };
    throw error;
  }
}

export function formatReport(r: ImportReport): string {
  const lines = [`${r.fileName}: header row ${r.headerRow}; ${r.rows} rows.`];
  lines.push(`Columns: ${Object.entries(r.columns).map(([f, h]) => `${f}=${h}`).join(', ')}`);
  for (const p of r.mappingProblems) lines.push(`Mapping ${p.path}: ${p.reason.en} / ${p.reason.id}`);
  for (const p of r.refused) lines.push(`Row ${p.row}${p.column ? ` [${p.column}]` : ''}: ${p.reason.en} / ${p.reason.id}`);
  if (r.skipped.length) lines.push(`Imported before, skipped: ${r.skipped.length} (${r.skipped.slice(0, 10).map((s) => `row ${s.row} = ${s.trackingNumber}`).join(', ')}${r.skipped.length > 10 ? ', …' : ''})`);
  if (r.dryRun) lines.push(`Dry run: ${r.importable} would be imported, ${r.refusedRows} rows refused; nothing was written.`);
  else if (r.refusedRows > 0 || r.mappingProblems.length > 0) lines.push(`${r.refusedRows} rows refused: NOTHING was imported.`);
  else lines.push(`Imported ${r.imported} complaints.`);
  return lines.join('\n');
}
