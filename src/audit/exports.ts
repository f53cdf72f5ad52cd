import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordAudit } from './log.js';

/** What left the office in one file or page holding identities: its kind, format and scope. */
export interface PersonalDataExport {
  /** `register`, `complaint_sheet`, `personal_data_copy`, `audit_log` … */
  document: string;
  format: 'json' | 'xlsx' | 'pdf' | 'csv';
  target: { type: string; id: string | number };
  details?: Record<string, unknown>;
}

/**
 * Records an export of personal data (UU 27/2022: who took which identities out, and when). A
 * read has no transaction to share; the entry is written before the file is sent, so a file
 * that left is never missing from the log.
 */
export async function recordPersonalDataExport(ctx: AppContext, principal: StaffPrincipal | null, request: FastifyRequest, file: PersonalDataExport): Promise<void> {
  await recordAudit(ctx.db.kysely, {
    action: 'personal_data.exported',
    actor: principal,
    target: file.target,
    ip: request.ip,
    after: { document: file.document, format: file.format, ...file.details },
    at: ctx.now(),
  });
}
