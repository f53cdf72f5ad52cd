import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestMatches, searchWords } from '../../src/complaints/word-search.js';
import type { Db } from '../../src/db/database.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

describe('search words', () => {
  it('keeps letters and digits, marks a trailing * as a prefix, and stops at ten words', () => {
    expect(searchWords('izin* PBG, "Cipondoh" 7 — ñandú*?')).toEqual([
      { text: 'izin', prefix: true },
      { text: 'PBG', prefix: false },
      { text: 'Cipondoh', prefix: false },
      { text: '7', prefix: false },
      { text: 'ñandú', prefix: true },
    ]);
    expect(searchWords('" OR * NEAR*( :* & !')).toEqual([{ text: 'OR', prefix: false }, { text: 'NEAR', prefix: true }]);
    expect(searchWords(Array.from({ length: 12 }, (_, i) => `w${i}`).join(' '))).toHaveLength(10);
  });
});

describe.each(DIALECTS)('newest matches on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const at = '2026-11-02T03:00:00.000Z';
    // Ids 1…40 in order; "Makam" in ids 1, 11, 21, 31; "retribusinya" only in 36.
    const rows = Array.from({ length: 40 }, (_, i) => ({
      tracking_number: `ADU-2026-${String(i + 1).padStart(6, '0')}`,
      access_code_hash: 'x',
      is_anonymous: 0,
      is_confidential: 0,
      subject: i % 10 === 0 ? `Makam keluarga ${i}` : `Antrean loket ${i}`,
      description: i === 35 ? 'Retribusinya ditagih dua kali.' : 'Uraian pengaduan.',
      channel: 'web',
      language: 'id',
      state: 'received',
      received_at: at,
      first_response_due_at: at,
      created_at: at,
      updated_at: at,
    }));
    for (const row of rows) await db.kysely.insertInto('complaints').values(row).execute();
  });
  afterAll(async () => db?.close());

  it('gives the newest registered first, looking past the recent window for a rarer word', async () => {
    // A window of 5 (ids 36-40): the rare word's matches all lie before it.
    expect(await newestMatches(db, searchWords('makam'), 10, 5)).toEqual([31, 21, 11, 1]);
    expect(await newestMatches(db, searchWords('makam'), 2, 5)).toEqual([31, 21]);
    expect(await newestMatches(db, searchWords('makam keluarga 20'), 10, 5)).toEqual([21]);
    // A common word fills the need inside the window.
    expect(await newestMatches(db, searchWords('antrean'), 3, 5)).toEqual([40, 39, 38]);
    // Part inside the window, the rest from before it, in one order.
    expect(await newestMatches(db, searchWords('uraian'), 8, 3)).toEqual([40, 39, 38, 37, 35, 34, 33, 32]);
    expect(await newestMatches(db, searchWords('makam'), 10)).toEqual([31, 21, 11, 1]);
  });

  it('matches whole words unless a word ends in *', async () => {
    expect(await newestMatches(db, searchWords('retribusi'), 5, 5)).toEqual([]);
    expect(await newestMatches(db, searchWords('retribusi*'), 5, 5)).toEqual([36]);
    expect(await newestMatches(db, searchWords('RETRIBUSINYA'), 5, 5)).toEqual([36]);
    expect(await newestMatches(db, searchWords('mak* kel*'), 2, 5)).toEqual([31, 21]);
  });
});
