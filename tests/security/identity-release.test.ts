import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseComplaintPersonalData } from '../../src/scheduler/retention.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { TINY_PNG } from '../e2e/browser.js';

type Detail = { messages: { id: number; fromReporter: boolean; body: string; withheld: boolean }[]; attachments: { id: number; fromReporter: boolean }[] };

describe.each(DIALECTS)('releasing an anonymous reporter’s words on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let officer: Client;
  let divisionPP: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    [staff, kasie, officer] = (await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`)))) as [Client, Client, Client];
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  /** Filed (with a photo), acknowledged, clarified by the reporter and disposed to PP. */
  async function disposed(anonymous: boolean): Promise<string> {
    const form = new FormData();
    form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, anonymous }));
    form.append('attachments', new Blob([TINY_PNG]), 'foto.png');
    const submitted = await new Client(t.url).request<{ trackingNumber: string; accessCode: string }>('POST', '/api/public/complaints', { body: form });
    const { trackingNumber: tn, accessCode: code } = submitted.body;
    await staff.act(tn, 'acknowledge', { message: 'Diterima.' });
    await staff.act(tn, 'request_clarification', { message: 'Mohon nomor permohonan.' });
    await new Client(t.url).post(`/api/public/complaints/${tn}/replies`, { message: 'NIK 3671012345678901.' }, { 'x-access-code': code });
    expect((await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    return tn;
  }

  it('refuses what is not withheld, an empty redaction and a second release, writing nothing', async () => {
    const tn = await disposed(true);
    const view = (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    const reply = view.messages.find((m) => m.fromReporter);
    const office = view.messages.find((m) => !m.fromReporter);
    const base = `/api/staff/complaints/${tn}`;
    expect((await staff.post(`${base}/messages/${office?.id}/release`, {})).status).toBe(409);
    expect((await staff.post(`${base}/messages/999999/release`, {})).status).toBe(404);
    expect((await staff.post(`${base}/attachments/999999/release`, {})).status).toBe(404);
    const empty = await staff.post<{ error: { fields: { path: string }[] } }>(`${base}/messages/${reply?.id}/release`, { redactedBody: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields[0]?.path).toBe('redactedBody');
    expect((await staff.post(`${base}/messages/${reply?.id}/release`, { redactedBody: 'x', extra: 1 })).status).toBe(422);
    expect((await officer.post(`${base}/messages/${reply?.id}/release`, {})).status).toBe(403);
    expect(await t.db.kysely.selectFrom('identity_releases').selectAll().execute()).toEqual([]);

    const named = await disposed(false);
    const namedView = (await staff.get<Detail>(`/api/staff/complaints/${named}`)).body;
    // Not anonymous: nothing is withheld, so there is nothing to release.
    expect((await officer.get<Detail>(`/api/staff/complaints/${named}`)).body.messages.some((m) => m.body.includes('3671012345678901'))).toBe(true);
    expect((await staff.post(`/api/staff/complaints/${named}/messages/${namedView.messages.find((m) => m.fromReporter)?.id}/release`, {})).status).toBe(409);

    expect((await staff.post(`${base}/messages/${reply?.id}/release`, {})).status).toBe(200);
    expect((await kasie.post(`${base}/messages/${reply?.id}/release`, { redactedBody: 'lagi' })).status).toBe(409);
    // Released as written: the division reads the original.
    expect((await officer.get<Detail>(`/api/staff/complaints/${tn}`)).body.messages.find((m) => m.id === reply?.id)).toMatchObject({ body: 'NIK 3671012345678901.', withheld: false });
  });

  it('erases a released redacted copy and file with the reporter’s data at retention', async () => {
    const tn = await disposed(true);
    const view = (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    const reply = view.messages.find((m) => m.fromReporter);
    const photo = view.attachments[0];
    expect((await staff.post(`/api/staff/complaints/${tn}/messages/${reply?.id}/release`, { redactedBody: 'NIK [disamarkan].' })).status).toBe(200);
    expect((await staff.post(`/api/staff/complaints/${tn}/attachments/${photo?.id}/release`, {})).status).toBe(200);
    expect((await officer.get<Detail>(`/api/staff/complaints/${tn}`)).body.attachments.map((a) => a.id)).toEqual([photo?.id]);
    await officer.act(tn, 'record_follow_up', { followUp: 'Sudah dicek.', advocacy: 'Sudah dipandu.' });
    await staff.act(tn, 'draft_answer', { body: 'Izin Anda sudah terbit.' });
    await kasie.act(tn, 'approve_answer');
    expect((await staff.act(tn, 'close')).status).toBe(200);

    const complaint = await t.db.kysely.selectFrom('complaints').select('id').where('tracking_number', '=', tn).executeTakeFirstOrThrow();
    expect(await eraseComplaintPersonalData(t.ctx, complaint.id)).toMatchObject({ attachments: 1 });
    const releases = await t.db.kysely.selectFrom('identity_releases').selectAll().where('complaint_id', '=', complaint.id).execute();
    expect(releases.map((r) => [r.message_id, r.attachment_id, r.redacted_body === 'NIK [disamarkan].'])).toEqual([[reply?.id, null, false]]);
  });
});
