/**
 * A small hand-designed set of complaints, made through the real API with the test clock, whose
 * recap figures are worked out by hand in recap.test.ts. October 2026 has no public holiday;
 * office hours are the defaults (Mon–Thu 08–16, Fri 08–15 WIB). Times below are WIB (UTC+7).
 *
 *   A  web,    PBG-HUNIAN, Thu 1 Oct 09:00; acknowledged 11:00; disposed to PP, followed up,
 *              answered Tue 6 Oct 09:00 (3.00 working days); survey 4 4 3 4 2 4 3 1 4.
 *   B  phone,  PBG-HUNIAN, Mon 5 Oct 10:00; acknowledged LATE Tue 6 Oct 14:00 (due 10:00);
 *              answered Thu 8 Oct 12:00 (3.25 wd); survey 3 4 3 4 3 3 4 2 4; disputed → reopened.
 *   C  web,    KRK, Wed 7 Oct 20:00 (clock starts Thu 08:00); acknowledged Thu 15:00; classed
 *              Sederhana, theme Penundaan berlarut; answered Wed 14 Oct 08:00 (4.00 wd);
 *              survey 2 3 3 4 4 3 4 3 2; accepted → closed.
 *   D  letter, no permit, CONFIDENTIAL, Mon 12 Oct 09:00; never responded to.
 *   E  web,    no permit, Tue 20 Oct 10:00; rejected 11:00 (a first response).
 *   F  web,    no permit, anonymous, Mon 26 Oct 10:00; acknowledged 13:00.
 *   G  web,    no permit, Tue 15 Sep 10:00 (the previous month); acknowledged 12:00; answered
 *              Thu 17 Sep 10:00 (2.00 wd); accepted → closed.
 *
 * The recap is asked for on Mon 2 Nov 2026 10:00 WIB.
 */
import { expect } from 'vitest';
import { addStaff, Client, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

export const RECAP_NOW = '2026-11-02T03:00:00.000Z';

export interface Fixture {
  tn: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', string>;
  ids: { pbg: number; krk: number; pp: number; biasa: number; sederhana: number; penundaan: number };
  staff: Client;
  kasie: Client;
  officer: Client;
}

export async function buildRecapFixture(t: TestApp): Promise<Fixture> {
  await addStaff(t, 'staf@test.local', 'staff');
  await addStaff(t, 'kasie@test.local', 'section_head');
  await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
  const [staff, kasie, officer] = await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`))) as [Client, Client, Client];
  const db = t.db.kysely;
  const id = async (table: 'permit_types' | 'divisions' | 'complaint_classes' | 'complaint_themes', code: string) =>
    (await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const ids = {
    pbg: await id('permit_types', 'PBG-HUNIAN'),
    krk: await id('permit_types', 'KRK'),
    pp: await id('divisions', 'PP'),
    biasa: await id('complaint_classes', 'BIASA'),
    sederhana: await id('complaint_classes', 'SEDERHANA'),
    penundaan: await id('complaint_themes', 'PENUNDAAN'),
  };

  const at = (iso: string) => t.clock.set(iso);
  const ok = async (p: Promise<{ status: number; body: unknown }>) => {
    const res = await p;
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body as Record<string, unknown>;
  };
  const web = async (body: Record<string, unknown>) => ok(new Client(t.url).post('/api/public/complaints', { ...VALID_COMPLAINT, ...body }));
  const reporter = (tn: string, code: string, path: string, body: unknown) => ok(new Client(t.url).post(`/api/public/complaints/${tn}/${path}`, body, { 'x-access-code': code }));

  // G — September.
  at('2026-09-15T03:00:00.000Z');
  const g = await web({});
  const G = g.trackingNumber as string;
  at('2026-09-15T05:00:00.000Z');
  await ok(staff.act(G, 'acknowledge'));
  await ok(staff.act(G, 'draft_answer', { body: 'Jawaban untuk pengaduan G sudah lengkap.' }));
  at('2026-09-17T03:00:00.000Z');
  await ok(kasie.act(G, 'approve_answer'));
  await reporter(G, g.accessCode as string, 'accept', {});

  // A
  at('2026-10-01T02:00:00.000Z');
  const a = await web({ permitTypeId: ids.pbg, subject: 'PBG hunian — belum terbit, “status” tidak berubah' });
  const A = a.trackingNumber as string;
  at('2026-10-01T04:00:00.000Z');
  await ok(staff.act(A, 'acknowledge'));
  at('2026-10-01T05:00:00.000Z');
  await ok(kasie.act(A, 'dispose', { divisionIds: [ids.pp], instruction: 'Mohon ditindaklanjuti segera.' }));
  at('2026-10-01T06:00:00.000Z');
  await ok(officer.act(A, 'record_follow_up', { followUp: 'Berkas diverifikasi ulang.', advocacy: 'Pelapor dipandu melengkapi gambar teknis.' }));
  at('2026-10-01T07:00:00.000Z');
  await ok(staff.act(A, 'draft_answer', { body: 'PBG Anda terbit dan dapat diunduh melalui sistem.' }));
  at('2026-10-06T02:00:00.000Z');
  await ok(kasie.act(A, 'approve_answer'));
  await reporter(A, a.accessCode as string, 'survey', { scores: [4, 4, 3, 4, 2, 4, 3, 1, 4] });

  // B — registered by phone.
  at('2026-10-05T03:00:00.000Z');
  const b = await ok(staff.post('/api/staff/complaints', { ...VALID_COMPLAINT, channel: 'phone', permitTypeId: ids.pbg, reporter: { name: 'Agus Wijaya', phone: '081234567891' } }));
  const B = b.trackingNumber as string;
  at('2026-10-06T07:00:00.000Z');
  await ok(staff.act(B, 'acknowledge'));
  at('2026-10-08T04:00:00.000Z');
  await ok(staff.act(B, 'draft_answer', { body: 'Jawaban untuk pengaduan B sudah lengkap.' }));
  at('2026-10-08T05:00:00.000Z');
  await ok(kasie.act(B, 'approve_answer'));
  await reporter(B, b.accessCode as string, 'survey', { scores: [3, 4, 3, 4, 3, 3, 4, 2, 4] });
  at('2026-10-08T05:30:00.000Z');
  await reporter(B, b.accessCode as string, 'dispute', { reason: 'Jawaban belum menjawab pertanyaan saya.' });

  // C — after hours.
  at('2026-10-07T13:00:00.000Z');
  const c = await web({ permitTypeId: ids.krk });
  const C = c.trackingNumber as string;
  at('2026-10-08T08:00:00.000Z');
  await ok(staff.act(C, 'acknowledge'));
  at('2026-10-08T08:10:00.000Z');
  await ok(staff.act(C, 'classify', { classId: ids.sederhana, themeId: ids.penundaan }));
  at('2026-10-14T00:30:00.000Z');
  await ok(staff.act(C, 'draft_answer', { body: 'Jawaban untuk pengaduan C sudah lengkap.' }));
  at('2026-10-14T01:00:00.000Z');
  await ok(kasie.act(C, 'approve_answer'));
  await reporter(C, c.accessCode as string, 'survey', { scores: [2, 3, 3, 4, 4, 3, 4, 3, 2] });
  await reporter(C, c.accessCode as string, 'accept', {});

  // D — a confidential letter nobody answered.
  at('2026-10-12T02:00:00.000Z');
  const d = await ok(staff.post('/api/staff/complaints', { ...VALID_COMPLAINT, channel: 'letter', confidential: true, subject: 'Dugaan pungutan liar di loket', reporter: { name: 'Pelapor Surat', email: 'surat@contoh.id' } }));
  const D = d.trackingNumber as string;

  // E — rejected.
  at('2026-10-20T03:00:00.000Z');
  const E = (await web({})).trackingNumber as string;
  at('2026-10-20T04:00:00.000Z');
  await ok(kasie.act(E, 'reject', { reason: 'spam', message: 'Pengaduan tidak memuat informasi layanan.' }));

  // F — anonymous.
  at('2026-10-26T03:00:00.000Z');
  const F = (await web({ anonymous: true, reporter: { name: 'Nama Tersembunyi' } })).trackingNumber as string;
  at('2026-10-26T06:00:00.000Z');
  await ok(staff.act(F, 'acknowledge'));

  at(RECAP_NOW);
  return { tn: { A, B, C, D, E, F, G }, ids, staff, kasie, officer };
}
