/**
 * Retention (UU 27/2022): once a finished complaint has been closed for RETENTION_DAYS, the
 * reporter's personal data is erased and the complaint kept, anonymised, for the statistics.
 * What goes and what stays: docs/decisions/0005-retention-erasure.md. Each erasure is one
 * transaction, recorded in `personal_data_erasures` and as an event in the append-only log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { deleteMailboxFiles } from '../notifications/mailer.js';
import { recordEvent } from '../workflow/events.js';
import { FINAL_STATES } from '../workflow/state-machine.js';

export const ERASED_TEXT = '[Dihapus sesuai masa retensi data pribadi / erased at the end of the personal-data retention period]';

export interface ErasureSummary {
  reporter: boolean;
  description: boolean;
  reporterMessages: number;
  attachments: number;
  surveyComment: boolean;
  outboxMessages: number;
}

/** Erases one complaint's personal data; returns null when there was nothing to do (already erased, or not finished). */
export async function eraseComplaintPersonalData(ctx: AppContext, complaintId: number): Promise<ErasureSummary | null> {
  const at = ctx.now().toISOString();
  const filesToRemove: string[] = [];
  const mailboxToRemove: { id: number; kind: string }[] = [];
  const summary = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('complaints').select(['id', 'state', 'reporter_id']).where('id', '=', complaintId).executeTakeFirst();
    if (!row || !FINAL_STATES.includes(row.state as (typeof FINAL_STATES)[number])) return null;
    const done = await trx.selectFrom('personal_data_erasures').select('complaint_id').where('complaint_id', '=', complaintId).executeTakeFirst();
    if (done) return null;

    let reporter = false;
    if (row.reporter_id !== null) {
      const r = await trx
        .updateTable('reporters')
        .set({ name: null, email: null, phone: null, address: null, erased_at: at })
        .where('id', '=', row.reporter_id)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      reporter = Number(r.numUpdatedRows) > 0;
    }
    await trx.updateTable('complaints').set({ description: ERASED_TEXT, application_number: null, updated_at: at }).where('id', '=', complaintId).execute();
    const messages = await trx
      .updateTable('complaint_messages')
      .set({ body: ERASED_TEXT })
      .where('complaint_id', '=', complaintId)
      .where('author_type', '=', 'reporter')
      .executeTakeFirst();
    const attachments = await trx.selectFrom('attachments').select(['id', 'stored_name']).where('complaint_id', '=', complaintId).where('uploaded_by', '=', 'reporter').execute();
    // A redacted copy released to the division is the reporter's words too.
    await trx.updateTable('identity_releases').set({ redacted_body: ERASED_TEXT }).where('complaint_id', '=', complaintId).where('redacted_body', 'is not', null).execute();
    if (attachments.length > 0) {
      await trx.deleteFrom('identity_releases').where('attachment_id', 'in', attachments.map((a) => a.id)).execute();
      await trx.deleteFrom('attachments').where('id', 'in', attachments.map((a) => a.id)).execute();
      filesToRemove.push(...attachments.map((a) => a.stored_name));
    }
    const survey = await trx.updateTable('satisfaction_surveys').set({ comment: null }).where('complaint_id', '=', complaintId).where('comment', 'is not', null).executeTakeFirst();
    const outbox = await trx.selectFrom('outbox_messages').select(['id', 'kind']).where('complaint_id', '=', complaintId).where('recipient_type', '=', 'reporter').execute();
    if (outbox.length > 0) {
      await trx.updateTable('outbox_messages').set({ recipient_email: null, payload: null }).where('id', 'in', outbox.map((o) => o.id)).execute();
      await trx.updateTable('outbox_messages').set({ status: 'cancelled' }).where('id', 'in', outbox.map((o) => o.id)).where('status', 'in', ['pending', 'dead']).execute();
      mailboxToRemove.push(...outbox);
    }
    const result: ErasureSummary = {
      reporter,
      description: true,
      reporterMessages: Number(messages.numUpdatedRows),
      attachments: attachments.length,
      surveyComment: Number(survey.numUpdatedRows) > 0,
      outboxMessages: outbox.length,
    };
    await trx.insertInto('personal_data_erasures').values({ complaint_id: complaintId, summary: JSON.stringify(result), erased_at: at }).execute();
    await recordEvent(trx, { complaintId, type: 'personal_data_erased', fromState: row.state, toState: row.state, actor: { type: 'system' }, at, data: { ...result } });
    return result;
  });
  // Files go after the commit: a crash in between leaves an orphan file, never a row pointing at nothing.
  for (const name of filesToRemove) fs.rmSync(path.join(ctx.config.uploadsDir, name), { force: true });
  deleteMailboxFiles(ctx.config.mail.outboxDir, mailboxToRemove);
  return summary;
}

/** Erases every complaint whose retention period has ended; returns how many. */
export async function runRetention(ctx: AppContext, limit = 500): Promise<number> {
  if (ctx.config.retentionDays <= 0) return 0;
  const cutoff = new Date(ctx.now().getTime() - ctx.config.retentionDays * 86_400_000).toISOString();
  const due = await ctx.db.kysely
    .selectFrom('complaints')
    .leftJoin('personal_data_erasures', 'personal_data_erasures.complaint_id', 'complaints.id')
    .select('complaints.id')
    .where('complaints.closed_at', 'is not', null)
    .where('complaints.closed_at', '<=', cutoff)
    .where('complaints.state', 'in', FINAL_STATES)
    .where('personal_data_erasures.complaint_id', 'is', null)
    .orderBy('complaints.closed_at')
    .limit(limit)
    .execute();
  let erased = 0;
  for (const { id } of due) {
    if (await eraseComplaintPersonalData(ctx, id)) erased++;
  }
  return erased;
}
