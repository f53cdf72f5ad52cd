import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComplaint } from '../../src/complaints/submit.js';
import { SEARCH_COUNT_CAP } from '../../src/complaints/inbox.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';

interface Page {
  items: { trackingNumber: string; subject: string }[];
  total: number;
  totalIsLowerBound: boolean;
}

const MATCHING = SEARCH_COUNT_CAP + 10;

describe.each(DIALECTS)('search totals past the cap on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  /** Tracking numbers of the matching complaints, oldest first. */
  const made: string[] = [];
  /** A rare word's complaints received 500, 100 and 5 days ago. */
  const old: string[] = [];
  let newest = '';

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    /** A reporter's web complaint, a minute after the previous one. */
    const submitted = async (email: string, subject: string, description: string) => {
      t.clock.advance(60_000);
      const input = { reporter: { name: 'Budi Santoso', email, phone: null, address: null }, anonymous: false, confidential: false, permitTypeId: null, applicationNumber: null, subject, description, incidentDate: null };
      return (await createComplaint(t.ctx, { input: input as never, channel: 'web', consent: true, receivedAt: t.clock.now(), language: 'id', actor: { type: 'reporter' }, files: [] })).trackingNumber;
    };
    for (let i = 0; i < MATCHING + 2; i++) {
      const matches = i < MATCHING;
      const trackingNumber = await submitted(`budi${i}@contoh.id`, matches ? `Retribusi ganda nomor ${i}` : `Antrean panjang nomor ${i}`, 'Uraian pengaduan yang cukup panjang untuk disimpan dan dicari kembali.');
      if (matches) made.push(trackingNumber);
    }
    // A rare word over years: the search must look past its recent windows.
    for (const daysAgo of [500, 100, 5]) {
      const receivedAt = new Date(t.clock.now().getTime() - daysAgo * 86_400_000);
      const receipt = await createComplaint(t.ctx, {
        input: { reporter: { name: 'Siti', email: `siti${daysAgo}@contoh.id`, phone: null, address: null }, anonymous: false, confidential: false, permitTypeId: null, applicationNumber: null, subject: `Makam keluarga ${daysAgo}`, description: 'Izin pemakaman belum keluar.', incidentDate: null } as never,
        channel: 'letter',
        consent: true,
        receivedAt,
        language: 'id',
        actor: { type: 'staff', userId: null, role: 'staff' } as never,
        files: [],
      });
      old.push(receipt.trackingNumber);
    }
    // The newest: a longer word that begins with the common one, found only when asked with `*`.
    newest = await submitted('agus@contoh.id', 'Retribusinya ditagih dua kali', 'Petugas menagih ulang.');
  }, 120_000);
  afterAll(async () => t?.close());

  it('says "more than the cap" for a common word and pages newest first up to the cap and past it', async () => {
    const first = await admin.get<Page>('/api/staff/complaints?q=retribusi&pageSize=25');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true });
    expect(first.body.items.map((i) => i.trackingNumber)).toEqual(made.slice(-25).reverse());
    // The page that ends exactly at the cap, and the first one beyond it.
    const last = await admin.get<Page>(`/api/staff/complaints?q=retribusi&pageSize=25&page=${SEARCH_COUNT_CAP / 25}`);
    expect(last.body.items.map((i) => i.trackingNumber)).toEqual(made.slice(MATCHING - SEARCH_COUNT_CAP, MATCHING - SEARCH_COUNT_CAP + 25).reverse());
    const beyond = await admin.get<Page>(`/api/staff/complaints?q=retribusi&pageSize=25&page=${SEARCH_COUNT_CAP / 25 + 1}`);
    expect(beyond.body.items.map((i) => i.trackingNumber)).toEqual(made.slice(0, MATCHING - SEARCH_COUNT_CAP).reverse());
    expect(beyond.body).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true });
  });

  it('counts exactly below the cap, with other filters too', async () => {
    const rare = await admin.get<Page>('/api/staff/complaints?q=antrean');
    expect(rare.body).toMatchObject({ total: 2, totalIsLowerBound: false });
    const filtered = await admin.get<Page>('/api/staff/complaints?q=retribusi&state=received&pageSize=5');
    expect(filtered.body).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true });
    expect(filtered.body.items).toHaveLength(5);
  });

  it('finds a rare word across years, newest received first', async () => {
    const res = await admin.get<Page>('/api/staff/complaints?q=makam');
    expect(res.body).toMatchObject({ total: 3, totalIsLowerBound: false });
    expect(res.body.items.map((i) => i.subject)).toEqual(['Makam keluarga 5', 'Makam keluarga 100', 'Makam keluarga 500']);
  });

  it('matches whole words; a word ending in * matches the words it begins, on the same walk', async () => {
    const whole = await admin.get<Page>('/api/staff/complaints?q=retribusinya');
    expect(whole.body).toMatchObject({ total: 1, totalIsLowerBound: false });
    expect(whole.body.items.map((i) => i.trackingNumber)).toEqual([newest]);
    // "retribusi" alone is a whole word: the newest complaint says "retribusinya" and is not among them.
    const exact = await admin.get<Page>('/api/staff/complaints?q=retribusi&pageSize=3');
    expect(exact.body.items.map((i) => i.trackingNumber)).toEqual(made.slice(-3).reverse());
    const prefix = await admin.get<Page>('/api/staff/complaints?q=retribusi*&pageSize=3');
    expect(prefix.body).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true });
    expect(prefix.body.items.map((i) => i.trackingNumber)).toEqual([newest, ...made.slice(-2).reverse()]);
    const prefixFiltered = await admin.get<Page>('/api/staff/complaints?q=retribusi*&state=received&pageSize=1');
    expect(prefixFiltered.body.items.map((i) => i.trackingNumber)).toEqual([newest]);
  });

  it('requires every word, and finds nothing for punctuation alone', async () => {
    const both = await admin.get<Page>('/api/staff/complaints?q=ganda%20nomor%207');
    expect(both.body).toMatchObject({ total: 1, totalIsLowerBound: false });
    expect(both.body.items.map((i) => i.subject)).toEqual(['Retribusi ganda nomor 7']);
    const none = await admin.get<Page>('/api/staff/complaints?q=ganda%20apoteker');
    expect(none.body).toMatchObject({ total: 0, totalIsLowerBound: false, items: [] });
    const marks = await admin.get<Page>('/api/staff/complaints?q=%2A%2A%3F');
    expect(marks.status).toBe(200);
    expect(marks.body).toMatchObject({ total: 0, totalIsLowerBound: false, items: [] });
  });
});
