/**
 * The admin's import of an old register: the same multipart request (a `mapping` JSON part and one
 * `file`) asks for a dry run or for the import; the screen sends the file again at each step.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError, parseOrThrow, type Language } from '../shared/errors.js';
import type { RouteRegistry, StaffPrincipal } from '../shared/http.js';
import { readJsonAndFiles } from '../shared/multipart.js';
import { ImportMappingSchema } from './mapping.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportReportSchema, importRegister, type ImportReport } from './service.js';

async function run(ctx: AppContext, request: FastifyRequest, language: Language, principal: StaffPrincipal, dryRun: boolean): Promise<ImportReport> {
  // One byte over the cap is enough to know the file is too large.
  const { json, files } = await readJsonAndFiles(request, 'mapping', { fileSize: IMPORT_MAX_BYTES + 1 });
  const mapping = parseOrThrow(ImportMappingSchema, json, language, 'mapping');
  const file = files[0];
  if (!file || files.length > 1) throw new AppError('validation_failed', [{ path: 'file', message: { id: 'Unggah tepat satu berkas .xlsx atau .csv.', en: 'Upload exactly one .xlsx or .csv file.' } }]);
  return importRegister(ctx, { data: file.data, fileName: file.filename, mapping, dryRun, by: { actor: principal, ip: request.ip } });
}

const about = `multipart: a \`mapping\` JSON part (may be \`{}\`: columns are guessed from the headers) and one \`file\` (.xlsx or .csv, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB and ${IMPORT_MAX_ROWS} rows)`;

export function registerImportRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'POST',
    url: '/api/admin/register-import/dry-run',
    tag: 'admin',
    summary: `What importing an old complaint register would do: every refused row and why, how many would be imported; writes nothing. ${about}`,
    access: ['admin'],
    body: ImportMappingSchema,
    multipart: true,
    response: { status: 200, schema: ImportReportSchema },
    handler: ({ request, language, principal }) => run(ctx, request, language, principal, true),
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/register-import',
    tag: 'admin',
    summary: `Import an old complaint register: all rows in one transaction, or none (422 with the dry run's report in \`error.report\`). Rows imported before are skipped. ${about}`,
    access: ['admin'],
    body: ImportMappingSchema,
    multipart: true,
    response: { status: 200, schema: ImportReportSchema },
    handler: ({ request, language, principal }) => run(ctx, request, language, principal, false),
  });
}
