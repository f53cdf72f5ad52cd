import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';

/** Public routes look reporters up by e-mail; the planner must find them through an index, not by reading every reporter. */
describe('the reporters e-mail look-up (migration 0017)', () => {
  it('uses the reporters_email index on SQLite', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT c.id FROM complaints c JOIN reporters r ON r.id = c.reporter_id WHERE r.email = ${'pelapor@contoh.id'} AND r.erased_at IS NULL ORDER BY c.id DESC LIMIT 100`.execute(db.kysely);
      const details = plan.rows.map((r) => r.detail).join(' | ');
      expect(details).toContain('USING INDEX reporters_email');
      expect(details).not.toMatch(/SCAN r\b|SCAN reporters\b/);
    } finally {
      await db.close();
    }
  });

  it('exists on PostgreSQL', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const rows = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE tablename = 'reporters' AND indexname = 'reporters_email'`.execute(db.kysely);
      expect(rows.rows[0]?.indexdef).toMatch(/\(email\)/);
    } finally {
      await db.close();
    }
  });
});
