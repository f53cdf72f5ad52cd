/**
 * An import of an old register, from the upload or the command line: read the sheet within the
 * limits, plan every row, and either report (dry run) or write all rows in one transaction — or
 * none, answering the same report, when any row is refused (decision 0024).
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { commitImport, type ImportBy } from './commit.js';
import type { ImportMapping } from './mapping.js';
import { planImport, type ImportPlan } from './plan.js';
import { readSheet, SheetError } from './sheet.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS } from './limits.js';

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './limits.js';


const Bilingual = z.object({ id: z.string(), en: z.string() });

export const ImportReportSchema = z.object({
  fileName: z.string(),
  dryRun: z.boolean(),
  headerRow: z.number().int().describe('1-based row of the headers'),
  headers: z.array(z.string()),
  columns: z.record(z.string(), z.string()).describe('Field → the header of its column, as used'),
  mappingProblems: z.array(z.object({ path: z.string(), reason: Bilingual })).describe('When not empty, no row was read'),
  rows: z.number().int().describe('Non-empty rows under the header'),
  importable: z.number().int(),
  imported: z.number().int().describe('0 in a dry run'),
  skipped: z.array(z.object({ row: z.number().int(), originalNumber: z.string(), trackingNumber: z.string() })).describe('Imported before: left as they are'),
  refusedRows: z.number().int(),
  refused: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), reason: Bilingual })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

function report(plan: ImportPlan, fileName: string, dryRun: boolean, imported: number): ImportReport {
  return {
    fileName,
    dryRun,
    headerRow: plan.headerRow,
    headers: plan.headers,
    columns: plan.columns as Record<string, string>,
    mappingProblems: plan.mappingProblems.map((p) => ({ path: p.path, reason: typeof p.message === 'string' ? { id: p.message, en: p.message } : p.message })),
    rows: plan.rows,
    importable: plan.complaints.length,
    imported,
    skipped: plan.skipped,
    refusedRows: new Set(plan.refused.map((r) => r.row)).size,
    refused: plan.refused,
  };
}

function sheetFailure(error: SheetError): AppError {
  if (error.problem === 'unreadable') {
    return new AppError('validation_failed', [{ path: 'file', message: { id: 'Berkas tidak dapat dibaca sebagai .xlsx atau .csv.', en: 'The file cannot be read as .xlsx or .csv.' } }]);
  }
  const rows = error.problem === 'too_many_rows';
  return new AppError('payload_too_large', [
    {
      path: 'file',
      message: rows
        ? { id: `Paling banyak ${IMPORT_MAX_ROWS} baris per impor; bagi berkasnya.`, en: `At most ${IMPORT_MAX_ROWS} rows per import; split the file.` }
        : { id: `Paling banyak ${IMPORT_MAX_COLUMNS} kolom.`, en: `At most ${IMPORT_MAX_COLUMNS} columns.` },
    },
  ]);
}

export interface ImportRequest {
  data: Buffer;
  fileName: string;
  mapping: ImportMapping;
  dryRun: boolean;
  by: Omit<ImportBy, 'fileName'>;
}

export async function importRegister(ctx: AppContext, request: ImportRequest): Promise<ImportReport> {
  if (request.data.length > IMPORT_MAX_BYTES) {
    throw new AppError('payload_too_large', [{ path: 'file', message: { id: `Berkas paling besar ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`, en: `The file may be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` } }]);
  }
  let sheet: string[][];
  try {
    // The header sits below a few title rows: they count towards the cap too.
    sheet = await readSheet(request.data, { maxRows: IMPORT_MAX_ROWS + 50, maxColumns: IMPORT_MAX_COLUMNS });
  } catch (error) {
    if (error instanceof SheetError) throw sheetFailure(error);
    throw error;
  }
  const plan = await planImport(ctx, sheet, request.mapping);
  const fileName = request.fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200) || 'register';
  if (request.dryRun) return report(plan, fileName, true, 0);
  const refusedReport = report(plan, fileName, false, 0);
  if (plan.mappingProblems.length > 0) throw new AppError('validation_failed', plan.mappingProblems, { report: refusedReport });
  if (plan.refused.length > 0) {
    const rows = refusedReport.refusedRows;
    throw new AppError('validation_failed', [{ path: 'file', message: { id: `${rows} baris ditolak; tidak ada yang diimpor.`, en: `${rows} rows refused; nothing was imported.` } }], { report: refusedReport });
  }
  const imported = plan.complaints.length > 0 ? await commitImport(ctx, plan, { ...request.by, fileName }) : 0;
  return report(plan, fileName, false, imported);
}
