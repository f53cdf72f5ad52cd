import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.js';
import { createTestDatabase, DIALECTS } from './support/databases.js';

describe.each(DIALECTS)('database on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
  });
  afterAll(async () => db?.close());

  it('refuses to change or delete the event log', async () => {
    const now = new Date().toISOString();
    const { id } = await db.kysely
      .insertInto('complaints')
      .values({
        tracking_number: 'ADU-2026-000001', access_code_hash: 'x', reporter_id: null, is_anonymous: 1, is_confidential: 0,
        permit_type_id: null, application_number: null, subject: 's', description: 'd', channel: 'web', incident_date: null,
        consent_at: now, language: 'id', state: 'received', resume_state: null, class_id: null, theme_id: null, received_at: now,
        due_at: now, due_kind: 'first_response', paused_remaining_days: null, first_response_due_at: now, first_responded_at: null,
        first_response_met: null, answer_due_at: null, answered_at: null, answer_met: null, close_due_at: null, closed_at: null,
        duplicate_of_id: null, referred_to: null, access_window_start: null, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('complaint_events')
      .values({ complaint_id: id, type: 'submitted', from_state: null, to_state: 'received', actor_type: 'reporter', actor_user_id: null, actor_role: null, is_public: 1, data: null, at: now })
      .execute();
    await expect(db.kysely.updateTable('complaint_events').set({ type: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.deleteFrom('complaint_events').execute()).rejects.toThrow(/append-only/);
    const count = await db.kysely.selectFrom('complaint_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
