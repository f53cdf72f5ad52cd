import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, addStaff, Client, startTestApp, type TestApp } from '../support/test-app.js';

const FROM_LAPOR = {
  channel: 'lapor',
  reporter: { name: 'Lestari Setiawan', phone: '083789275781' },
  subject: 'Berkas SIPA dikembalikan tanpa penjelasan',
  description: 'Berkas SIPA saya dikembalikan tanpa penjelasan kekurangannya, diteruskan dari SP4N-LAPOR!.',
};
type Receipt = { trackingNumber: string; firstResponseDueAt: string };
type Row = { trackingNumber: string; laporTrackingId: string | null; channel: string };

describe.each(DIALECTS)('SP4N-LAPOR! as a channel on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    staff = await Client.login(t, 'staf@test.local');
    kasie = await Client.login(t, 'kasie@test.local');
    // An office laxer than LAPOR!: 5 working days to respond, 10 for a division's follow-up.
    const admin = await Client.login(t, ADMIN.email, ADMIN.password);
    expect((await admin.request('PUT', '/api/admin/settings/deadlines', { json: { firstResponseDays: 5, followUpDays: 10, autoCloseDays: 10 } })).status).toBe(200);
  });
  afterAll(async () => t?.close());

  it('needs a well-formed LAPOR! tracking ID for a LAPOR! complaint, and only for one', async () => {
    const missing = await staff.post<{ error: { fields: { path: string }[] } }>('/api/staff/complaints', FROM_LAPOR);
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields.map((f) => f.path)).toEqual(['laporTrackingId']);
    expect((await staff.post('/api/staff/complaints', { ...FROM_LAPOR, laporTrackingId: 'LAP-12' })).status).toBe(422);
    const onLetter = await staff.post<{ error: { fields: { path: string }[] } }>('/api/staff/complaints', { ...FROM_LAPOR, channel: 'letter', laporTrackingId: '3381534' });
    expect(onLetter.status).toBe(422);
    expect(onLetter.body.error.fields.map((f) => f.path)).toEqual(['laporTrackingId']);
  });

  it("registers it under LAPOR!'s stricter deadlines, once while open, and shows the ID to staff", async () => {
    // Tuesday 24 November 2026, 10:00 WIB.
    const lapor = await staff.post<Receipt>('/api/staff/complaints', { ...FROM_LAPOR, laporTrackingId: '#3381534' });
    expect(lapor.status).toBe(201);
    const letter = await staff.post<Receipt>('/api/staff/complaints', { ...FROM_LAPOR, channel: 'letter' });
    // LAPOR!: 3 working days → Friday 27 Nov 09:45 WIB; the office's 5 → Tuesday 1 Dec 10:00 WIB.
    expect(lapor.body.firstResponseDueAt).toBe('2026-11-27T02:45:00.000Z');
    expect(letter.body.firstResponseDueAt).toBe('2026-12-01T03:00:00.000Z');

    const again = await staff.post<{ error: { fields: { path: string; message: string }[] } }>('/api/staff/complaints', { ...FROM_LAPOR, laporTrackingId: '3381534' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0]?.message).toContain(lapor.body.trackingNumber);

    const view = await kasie.get<{ laporTrackingId: string | null; channel: string }>(`/api/staff/complaints/${lapor.body.trackingNumber}`);
    expect(view.body).toMatchObject({ laporTrackingId: '3381534', channel: 'lapor' });

    // A division gets LAPOR!'s 5 working days to follow up, not the office's 10: Tuesday 1 Dec.
    const division = await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow();
    expect((await staff.act(lapor.body.trackingNumber, 'acknowledge')).status).toBe(200);
    expect((await kasie.act(lapor.body.trackingNumber, 'dispose', { divisionIds: [division.id], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    const disposed = await kasie.get<{ dispositions: { dueAt: string }[] }>(`/api/staff/complaints/${lapor.body.trackingNumber}`);
    expect(disposed.body.dispositions[0]?.dueAt).toBe('2026-12-01T03:00:00.000Z');

    // Once that complaint is finished, the same LAPOR! report may be registered again (LAPOR! reopened it).
    const other = await staff.post<Receipt>('/api/staff/complaints', { ...FROM_LAPOR, laporTrackingId: '2692893' });
    expect((await kasie.act(other.body.trackingNumber, 'reject', { reason: 'spam', message: 'Bukan pengaduan pelayanan.' })).status).toBe(200);
    expect((await staff.post('/api/staff/complaints', { ...FROM_LAPOR, laporTrackingId: '2692893' })).status).toBe(201);
  });

  it('narrows the register and its exports to LAPOR! (or all but it, or one report), and the recap sets LAPOR! beside the rest', async () => {
    const period = 'from=2026-11-24&to=2026-11-24';
    const only = await kasie.get<{ items: Row[]; total: number }>(`/api/staff/register?${period}&lapor=only`);
    expect(only.body.total).toBe(3);
    expect(only.body.items.every((r) => r.channel === 'lapor')).toBe(true);
    const not = await kasie.get<{ items: Row[] }>(`/api/staff/register?${period}&lapor=exclude`);
    expect(not.body.items.map((r) => r.channel)).toEqual(['letter']);
    const one = await kasie.get<{ items: Row[] }>(`/api/staff/register?${period}&laporId=%233381534`);
    expect(one.body.items.map((r) => r.laporTrackingId)).toEqual(['3381534']);
    expect((await kasie.get(`/api/staff/register?${period}&lapor=maybe`)).status).toBe(422);
    // The inbox's search box finds it by "#" and the digits (plain digits stay a word search).
    const found = await kasie.get<{ items: { trackingNumber: string }[] }>('/api/staff/complaints?q=%233381534');
    expect(found.body.items.map((i) => i.trackingNumber)).toEqual([one.body.items[0]?.trackingNumber]);
    expect((await kasie.get<{ items: unknown[] }>('/api/staff/complaints?q=LAPOR!%203381534')).body.items).toHaveLength(1);

    const xlsx = await fetch(`${t.url}/api/staff/register.xlsx?${period}&laporId=3381534`, { headers: { cookie: kasie.sessionCookie ?? '' } });
    expect(xlsx.headers.get('x-total-rows')).toBe('1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const text = JSON.stringify(wb.getWorksheet('Buku Pengaduan')?.getSheetValues());
    expect(text).toContain('No. LAPOR! 3381534');

    const recap = await kasie.get<{ current: { lapor: { lapor: { total: number; query: string | null }; other: { total: number } } } }>(`/api/staff/recap?${period}`);
    expect(recap.body.current.lapor.lapor.total).toBe(3);
    expect(recap.body.current.lapor.other.total).toBe(1);
    expect(recap.body.current.lapor.lapor.query).toContain('channel=lapor');
  });

  it("gives LAPOR!'s own recap, counted live exactly as the running totals count it, on screen and on paper", async () => {
    type Side = { total: number; firstResponseMet: number; firstResponseLate: number; answered: number; answerMet: number; answerLate: number };
    type Figures = { total: number; totalQuery: string | null; byChannel: { key: string; count: number }[]; byState: { count: number }[]; firstResponse: { met: number; late: number }; answer: { answered: number; met: number; late: number }; lapor: { lapor: Side } };
    const period = 'from=2026-11-24&to=2026-11-24';
    const all = await kasie.get<{ channel: string | null; current: Figures }>(`/api/staff/recap?${period}`);
    const lapor = await kasie.get<{ channel: string | null; current: Figures }>(`/api/staff/recap?${period}&channel=lapor`);
    expect(lapor.status).toBe(200);
    expect(all.body.channel).toBeNull();
    expect(lapor.body.channel).toBe('lapor');
    const f = lapor.body.current;
    expect(f.total).toBe(3);
    expect(f.byChannel.filter((b) => b.count > 0)).toEqual([expect.objectContaining({ key: 'lapor', count: 3 })]);
    expect(f.byState.reduce((a, b) => a + b.count, 0)).toBe(3);
    // The live count and the running totals' LAPOR! row agree on every step.
    const side = all.body.current.lapor.lapor;
    expect({ total: f.total, firstResponseMet: f.firstResponse.met, firstResponseLate: f.firstResponse.late, answered: f.answer.answered, answerMet: f.answer.met, answerLate: f.answer.late }).toEqual({
      total: side.total,
      firstResponseMet: side.firstResponseMet,
      firstResponseLate: side.firstResponseLate,
      answered: side.answered,
      answerMet: side.answerMet,
      answerLate: side.answerLate,
    });
    // Its links open the inbox on LAPOR! complaints only.
    expect(f.totalQuery).toContain('channel=lapor');
    expect((await kasie.get(`/api/staff/recap?${period}&channel=pigeon`)).status).toBe(422);

    const xlsx = await fetch(`${t.url}/api/staff/recap.xlsx?${period}&channel=lapor`, { headers: { cookie: kasie.sessionCookie ?? '' } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('rekapan-lapor-2026-11-24');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(JSON.stringify(wb.getWorksheet('Ringkasan')?.getSheetValues())).toContain('Rekapan Pengaduan saluran SP4N-LAPOR!');
  });
});
