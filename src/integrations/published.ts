/**
 * Which complaints the public (and `read_published` keys, and published-only webhooks) may see:
 * the ones the office published (src/publications/), not withdrawn, never confidential. Every
 * reader here goes through these, and shows the publication's redacted text, never the complaint's.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Trx } from './trx.js';

/** A `where` for a query over `complaints`: only published complaints. */
export const isPublishedComplaint = (eb: ExpressionBuilder<Database, 'complaints'>) =>
  eb.and([
    eb('complaints.is_confidential', '=', 0),
    eb.exists(eb.selectFrom('publications').select('publications.id').whereRef('publications.complaint_id', '=', 'complaints.id').where('publications.withdrawn_at', 'is', null)),
  ]);

/** The redacted public text of a published complaint, or undefined when it is not published. */
export async function publishedText(trx: Trx, complaintId: number): Promise<{ title: string; description: string; answer: string } | undefined> {
  return trx
    .selectFrom('publications')
    .innerJoin('complaints', 'complaints.id', 'publications.complaint_id')
    .select(['publications.title', 'publications.description', 'publications.answer'])
    .where('publications.complaint_id', '=', complaintId)
    .where('publications.withdrawn_at', 'is', null)
    .where('complaints.is_confidential', '=', 0)
    .executeTakeFirst();
}
