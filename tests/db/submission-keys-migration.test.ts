import { describe, expect, it } from 'vitest';
import { keyHash, seal, type StoredReceipt } from '../../src/complaints/submission-keys.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';
import { Client, countRows, startTestApp, VALID_COMPLAINT } from '../support/test-app.js';

const SUBMIT_URL = '/api/public/complaints';

describe.each(DIALECTS)('migration 0015 on %s', (dialect) => {
  it('moves the submission keys of an office upgraded mid-day out of settings, and a resend still answers its first receipt', async () => {
    // Before submission keys had their own table.
    const db = await createTestDatabase(dialect, '0014_reporter_sign_in');
    const key = 'key-M-0123456789abcdef';
    const receipt: StoredReceipt = {
      trackingNumber: 'ADU-2026-000042',
      accessCode: 'K7P2QX9M4T',
      subject: VALID_COMPLAINT.subject,
      receivedAt: '2026-11-24T01:00:00.000Z',
      firstResponseDueAt: '2026-11-25T01:00:00.000Z',
    };
    // The rows as code before 0015 wrote them: one filed an hour before the upgrade, one unreadable.
    await db.kysely
      .insertInto('settings')
      .values([
        { key: `submission:${keyHash(key)}`, value: JSON.stringify({ at: '2026-11-24T02:00:00.000Z', sealed: seal(key, receipt) }) },
        { key: 'submission:torn', value: '{"at":' },
      ])
      .execute();

    const t = await startTestApp(dialect, { database: db, at: '2026-11-24T03:00:00.000Z' });
    try {
      expect(await t.db.kysely.selectFrom('settings').select('key').where('key', 'like', 'submission:%').execute()).toEqual([]);
      const moved = await t.db.kysely.selectFrom('submission_keys').selectAll().execute();
      expect(moved).toEqual([{ key_hash: keyHash(key), sealed_receipt: expect.any(String), created_at: '2026-11-24T02:00:00.000Z', expires_at: '2026-11-25T02:00:00.000Z' }]);

      const again = await new Client(t.url).post(SUBMIT_URL, VALID_COMPLAINT, { 'idempotency-key': key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual({ ...receipt, state: 'received' });
      expect(await countRows(t, 'complaints')).toBe(0);
    } finally {
      await t.close();
    }
  });
});
