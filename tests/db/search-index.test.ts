import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';

describe('the SQLite full-text index', () => {
  it('merges its segments sixteen at a time (migration 0005) and still finds what was just added', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const config = await sql<{ v: number }>`SELECT v FROM complaints_fts_config WHERE k = 'automerge'`.execute(db.kysely);
      expect(config.rows[0]?.v).toBe(16);
      // Twenty single-row commits make twenty segments, more than one merge step.
      for (let i = 0; i < 20; i++) {
        await sql`INSERT INTO complaints_fts(rowid, tracking_number, subject, description) VALUES (${1000 + i}, ${`ADU-2026-${String(i).padStart(6, '0')}`}, ${`Retribusi nomor ${i}`}, 'uraian')`.execute(db.kysely);
      }
      const found = await sql<{ id: number }>`SELECT rowid AS id FROM complaints_fts WHERE complaints_fts MATCH '"retribusi"*' ORDER BY rowid DESC`.execute(db.kysely);
      expect(found.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 1019 - i));
      const integrity = await sql`INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('integrity-check', 0)`.execute(db.kysely).then(() => 'ok', (e: unknown) => String(e));
      expect(integrity).toBe('ok');
    } finally {
      await db.close();
    }
  });
});
