import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The recap counts complaints ever reopened; a partial index keeps that off a scan of the whole event log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('complaint_events_reopened')
    .on('complaint_events')
    .column('complaint_id')
    .where(sql.ref('to_state'), '=', 'reopened')
    .execute();
}
