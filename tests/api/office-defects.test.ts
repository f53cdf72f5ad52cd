import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type ErrorBody = { error: { code: string; fields?: { path: string; message: string }[] } };
type Detail = { version: number; deadlines: { answerDueAt: string | null }; dispositions: { dueAt: string }[] };

/** Defects seen in a walk through the office (issue 12), where they are data: messages, deadlines, the calendar. */
describe.each(DIALECTS)('office defects on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let divisionPP: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  async function acknowledged(): Promise<{ tn: string; detail: Detail }> {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const tn = (await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber;
    const ack = await staff.post(`/api/staff/complaints/${tn}/actions/acknowledge`, { version: 1 });
    expect(ack.status).toBe(200);
    return { tn, detail: (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body };
  }

  it('says what is wrong with a field in the office’s words, not the validator’s', async () => {
    const bad = { ...VALID_COMPLAINT, subject: 'x', description: 'y'.repeat(6000) };
    const id = await new Client(t.url).post<ErrorBody>('/api/public/complaints', bad);
    expect(id.status).toBe(422);
    const idFields = Object.fromEntries((id.body.error.fields ?? []).map((f) => [f.path, f.message]));
    expect(idFields).toEqual({ subject: 'Minimal 5 karakter.', description: 'Maksimal 5000 karakter.' });
    const en = await new Client(t.url, 'en').post<ErrorBody>('/api/public/complaints', bad);
    const enFields = Object.fromEntries((en.body.error.fields ?? []).map((f) => [f.path, f.message]));
    expect(enFields).toEqual({ subject: 'At least 5 characters.', description: 'At most 5000 characters.' });
    // A missing required field says so plainly.
    const { subject: _omitted, ...noSubject } = VALID_COMPLAINT;
    const missing = await new Client(t.url).post<ErrorBody>('/api/public/complaints', noSubject);
    expect(missing.body.error.fields).toEqual([{ path: 'subject', message: 'Wajib diisi.' }]);
  });

  it('refuses an answer draft that still holds the template’s "...", in both languages, and keeps nothing', async () => {
    const { tn, detail } = await acknowledged();
    const body = 'Yth. Bapak,\n\nDengan ini kami sampaikan bahwa ...\n\nTerima kasih.';
    const id = await staff.post<ErrorBody>(`/api/staff/complaints/${tn}/actions/draft_answer`, { version: detail.version, body });
    expect(id.status).toBe(422);
    expect(id.body.error.fields).toEqual([{ path: 'body', message: 'Ganti "..." dari templat dengan jawaban yang sebenarnya.' }]);
    const english = await staff.post<ErrorBody>(`/api/staff/complaints/${tn}/actions/draft_answer`, { version: detail.version, body }, { 'accept-language': 'en' });
    expect(english.body.error.fields?.[0]?.message).toBe('Replace the template\'s "..." with the actual answer.');
    expect((await staff.get<{ answers: unknown[] }>(`/api/staff/complaints/${tn}`)).body.answers).toEqual([]);
    // An ellipsis ending a word is writing, not a gap.
    const fine = await staff.post(`/api/staff/complaints/${tn}/actions/draft_answer`, { version: detail.version, body: 'Izin Anda sudah terbit, dst... Terima kasih.' });
    expect(fine.status).toBe(200);
  });

  it('lets the disposing head choose the division’s follow-up date up to the answer deadline, and refuses a later one', async () => {
    const { tn, detail } = await acknowledged();
    const answerDue = detail.deadlines.answerDueAt as string;
    // The answer is due 14 working days after Tuesday 24 November 2026.
    expect(answerDue.slice(0, 10)).toBe('2026-12-14');
    const dispose = (followUpDueDate: string) => kasie.post<ErrorBody>(`/api/staff/complaints/${tn}/actions/dispose`, { version: detail.version, divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.', followUpDueDate });
    const late = await dispose('2026-12-15');
    expect(late.status).toBe(422);
    expect(late.body.error.fields).toEqual([{ path: 'followUpDueDate', message: 'Tidak boleh melewati batas waktu jawaban.' }]);
    const weekend = await dispose('2026-12-05');
    expect(weekend.body.error.fields).toEqual([{ path: 'followUpDueDate', message: 'Pilih hari kerja.' }]);
    const past = await dispose('2026-11-23');
    expect(past.body.error.fields).toEqual([{ path: 'followUpDueDate', message: 'Tanggal sudah lewat.' }]);
    expect((await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body.dispositions).toEqual([]);
    // Thursday 10 December at the office's close (16:00 WIB).
    expect((await dispose('2026-12-10')).status).toBe(200);
    expect((await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body.dispositions.map((d) => d.dueAt)).toEqual(['2026-12-10T09:00:00.000Z']);
  });

  it('keeps the computed follow-up date when the head chooses none', async () => {
    const { tn, detail } = await acknowledged();
    expect((await kasie.post(`/api/staff/complaints/${tn}/actions/dispose`, { version: detail.version, divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    // Five working days from Tuesday 10:00 WIB: the next Tuesday, 10:00 WIB.
    expect((await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body.dispositions.map((d) => d.dueAt)).toEqual(['2026-12-01T03:00:00.000Z']);
  });

  it('names each holiday as the calendar does', async () => {
    const { items } = (await staff.get<{ items: { date: string; name: string }[] }>('/api/catalogue/holidays')).body;
    const names = Object.fromEntries(items.map((h) => [h.date, h.name]));
    expect(names['2026-08-17']).toBe('Hari Kemerdekaan Republik Indonesia');
    expect(names['2026-12-24']).toBe('Cuti bersama Kelahiran Yesus Kristus (Natal)');
    expect(items.filter((h) => h.name === 'Hari libur nasional' || h.name === 'Cuti bersama')).toEqual([]);
  });
});
