/**
 * Which complaints the public (and `read_published` keys, and published-only webhooks) may see.
 * Publication is being built in parallel (issue "publish"); until it lands, nothing is published.
 * Point these two at its column or table when it does: every reader here goes through them.
 */
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Trx } from './trx.js';

/** A `where` for a query over `complaints`: only published complaints. */
export const isPublishedComplaint = (_eb: ExpressionBuilder<Database, 'complaints'>) => sql<SqlBool>`1 = 0`;

/** Whether one complaint is published, inside the caller's transaction. */
export async function complaintIsPublished(trx: Trx, complaintId: number): Promise<boolean> {
  const row = await trx.selectFrom('complaints').select('id').where('id', '=', complaintId).where(isPublishedComplaint).executeTakeFirst();
  return row !== undefined;
}
