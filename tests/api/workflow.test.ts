import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, Client, countRows, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/databases.js';

type Json = Record<string, unknown>;
type Detail = {
  state: string;
  version: number;
  reporter: { name: string | null; email: string | null; masked: boolean };
  allowedActions: string[];
  deadline: { kind: string; dueAt: string; overdue: boolean } | null;
  deadlines: Record<string, unknown>;
  dispositions: { division: { name: string }; followUp: string | null; followUpMet: boolean | null }[];
  messages: { kind: string; internal: boolean; author: string; body: string }[];
  events: { type: string; actor: string }[];
};

describe.each(DIALECTS)('the SOP through the API on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let kabid: Client;
  let officerPP: Client;
  let officerPM: Client;
  const reporter = () => new Client(t.url);
  let divisionPP: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    await addStaff(t, 'pm@test.local', 'division_officer', 'PM');
    [staff, kasie, kabid, officerPP, officerPM] = await Promise.all(
      ['staf', 'kasie', 'kabid', 'pp', 'pm'].map((u) => Client.login(t, `${u}@test.local`)),
    ) as [Client, Client, Client, Client, Client];
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  it('carries an anonymous web complaint through all seven SOP steps with four people', async () => {
    // Tuesday 24 November 2026, 10:00 WIB.
    t.clock.set('2026-11-24T03:00:00.000Z');
    const submitted = await reporter().post<Json>('/api/public/complaints', {
      ...VALID_COMPLAINT,
      anonymous: true,
      reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' },
    });
    expect(submitted.status).toBe(201);
    const tn = submitted.body.trackingNumber as string;
    const code = submitted.body.accessCode as string;
    expect(tn).toMatch(/^ADU-2026-\d{6}$/);
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    expect(submitted.body.firstResponseDueAt).toBe('2026-11-25T03:00:00.000Z');

    // Step 1: staff respond within one working day; the intake desk sees the anonymous identity.
    t.clock.set('2026-11-24T05:00:00.000Z');
    let detail = (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    expect(detail.reporter).toMatchObject({ name: 'Siti Rahasia', email: 'siti@contoh.id', masked: false });
    expect(detail.allowedActions).toEqual(expect.arrayContaining(['acknowledge', 'print_sheet']));
    expect(detail.allowedActions).not.toContain('dispose');
    expect((await staff.act(tn, 'acknowledge', { message: 'Pengaduan Anda kami terima.' })).status).toBe(200);
    // Step 2: print the complaint sheet, recorded as an event.
    expect((await staff.act(tn, 'print_sheet')).body.state).toBe('acknowledged');

    // Step 3: clarification pauses the clock until the reporter replies.
    expect((await staff.act(tn, 'request_clarification', { message: 'Mohon sebutkan nomor permohonan Anda.' })).body).toMatchObject({ state: 'clarification', dueAt: null });
    const tracked = await reporter().get<Json>(`/api/public/complaints/${tn}`, { 'x-access-code': code.toLowerCase() });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ state: 'clarification', canReply: true });
    t.clock.set('2026-11-25T02:00:00.000Z');
    const replied = await reporter().post<Json>(`/api/public/complaints/${tn}/replies`, { message: 'Nomor permohonan PRM-2026-01234.' }, { 'x-access-code': code });
    expect(replied.status).toBe(200);
    expect(replied.body.state).toBe('acknowledged');

    // Step 4: the head of section disposes it to a division with an instruction; staff may not.
    expect((await staff.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(403);
    expect((await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti segera.' })).body.state).toBe('disposed');

    // The other division never sees it; the related division sees it with the identity masked.
    expect((await officerPM.get(`/api/staff/complaints/${tn}`)).status).toBe(404);
    const pmInbox = await officerPM.get<{ items: { trackingNumber: string }[] }>('/api/staff/complaints');
    expect(pmInbox.body.items.map((i) => i.trackingNumber)).not.toContain(tn);
    detail = (await officerPP.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    expect(detail.reporter).toEqual({ name: 'Anonim', email: null, phone: null, address: null, masked: true });
    expect(JSON.stringify(detail)).not.toContain('Siti Rahasia');
    expect(JSON.stringify(detail)).not.toContain('siti@contoh.id');
    const ppInbox = await officerPP.get<{ items: { trackingNumber: string; reporterName: string }[] }>('/api/staff/complaints');
    expect(ppInbox.body.items.find((i) => i.trackingNumber === tn)?.reporterName).toBe('Anonim');

    // Step 5: the related division records follow-up and advocacy.
    expect((await officerPM.post(`/api/staff/complaints/${tn}/actions/record_follow_up`, { version: detail.version, followUp: 'Sudah dicek.', advocacy: 'Sudah dipandu.' })).status).toBe(404);
    const followed = await officerPP.act(tn, 'record_follow_up', { followUp: 'Berkas diverifikasi ulang.', advocacy: 'Pelapor dipandu melengkapi gambar teknis.' });
    expect(followed.body.state).toBe('followed_up');

    // Step 6: staff draft, the head of division returns it once, then the head of section approves and it is published.
    expect((await staff.act(tn, 'draft_answer', { body: 'Izin Anda sedang diproses.' })).body.state).toBe('answer_drafted');
    expect((await staff.act(tn, 'approve_answer')).status).toBe(403);
    expect((await kabid.act(tn, 'return_answer', { note: 'Lengkapi dengan tanggal terbit.' })).body.state).toBe('followed_up');
    expect((await staff.act(tn, 'draft_answer', { body: 'Izin Anda terbit pada 30 November 2026 dan dapat diunduh.' })).body.state).toBe('answer_drafted');
    t.clock.set('2026-11-26T03:00:00.000Z');
    const approved = await kasie.act<Json>(tn, 'approve_answer');
    expect(approved.body).toMatchObject({ state: 'answered', dueKind: 'auto_close' });

    const view = await reporter().get<Json>(`/api/public/complaints/${tn}`, { 'x-access-code': code });
    expect(view.body).toMatchObject({ state: 'answered', canAcceptOrDispute: true, canRate: true });
    expect((view.body.answer as Json).body).toBe('Izin Anda terbit pada 30 November 2026 dan dapat diunduh.');
    const publicText = JSON.stringify(view.body);
    expect(publicText).not.toContain('Lengkapi dengan tanggal terbit'); // internal review note
    expect(publicText).not.toContain('kasie'); // staff identities
    expect(publicText).not.toContain('Izin Anda sedang diproses'); // returned draft

    // The reporter accepts and rates; the complaint closes.
    expect((await reporter().post<Json>(`/api/public/complaints/${tn}/accept`, {}, { 'x-access-code': code })).body.state).toBe('closed');
    const rated = await reporter().post<Json>(`/api/public/complaints/${tn}/survey`, { scores: [4, 4, 3, 4, 3, 4, 4, 3, 4], comment: 'Cepat' }, { 'x-access-code': code });
    expect(rated.status).toBe(201);
    expect((await reporter().post(`/api/public/complaints/${tn}/survey`, { scores: [1, 1, 1, 1, 1, 1, 1, 1, 1] }, { 'x-access-code': code })).status).toBe(409);

    // Step 7's source: every action is on the record, with deadlines met.
    detail = (await kasie.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    expect(detail.events.map((e) => e.type)).toEqual([
      'submitted', 'acknowledge', 'print_sheet', 'request_clarification', 'reporter_reply', 'dispose', 'record_follow_up',
      'draft_answer', 'return_answer', 'draft_answer', 'approve_answer', 'accept_answer', 'rated',
    ]);
    expect(detail.deadlines).toMatchObject({ firstResponseMet: true, answerMet: true });
    expect(detail.dispositions[0]).toMatchObject({ followUpMet: true });
    expect(detail.events[0]?.actor).toBe('Siti Rahasia');
  });

  it('answers 409 with the state and allowed actions for a refused transition, and for a stale version', async () => {
    const { body } = await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT);
    const tn = body.trackingNumber as string;
    const notMine = await staff.act<{ error: Json }>(tn, 'approve_answer');
    expect(notMine.status).toBe(403);
    expect(notMine.body.error).toMatchObject({ code: 'role_not_allowed', state: 'received' });
    const refused = await kasie.act<{ error: Json }>(tn, 'approve_answer');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'transition_not_allowed', state: 'received' });
    expect(refused.body.error.allowedActions).toEqual(expect.arrayContaining(['print_sheet', 'reject', 'refer']));
    expect(refused.body.error.allowedActions).not.toContain('approve_answer');

    const stale = await staff.post<{ error: Json }>(`/api/staff/complaints/${tn}/actions/acknowledge`, { version: 99 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');

    // Two people acting on the same version: one wins, the other is told to reload.
    const both = await Promise.all([
      staff.post(`/api/staff/complaints/${tn}/actions/acknowledge`, { version: 1 }),
      staff.post(`/api/staff/complaints/${tn}/actions/add_note`, { version: 1, body: 'catatan' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await t.db.kysely.selectFrom('complaint_events').innerJoin('complaints', 'complaints.id', 'complaint_events.complaint_id').select('type').where('tracking_number', '=', tn).execute();
    expect(events).toHaveLength(2);
  });

  it('refuses writes without the CSRF token and reads without a session', async () => {
    const { body } = await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT);
    const tn = body.trackingNumber as string;
    const anonymous = await reporter().get<{ error: Json }>('/api/staff/complaints');
    expect(anonymous.status).toBe(401);
    const detail = await staff.get<{ version: number }>(`/api/staff/complaints/${tn}`);
    const withoutCsrf = await staff.request<{ error: Json }>('POST', `/api/staff/complaints/${tn}/actions/acknowledge`, {
      json: { version: detail.body.version },
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.error.code).toBe('csrf_failed');
    expect((await staff.get<{ state: string }>(`/api/staff/complaints/${tn}`)).body.state).toBe('received');
  });

  it('rejects a duplicate linked to its original, refers outside the office, holds and resumes, and reopens on dispute', async () => {
    const original = (await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber as string;
    const duplicate = (await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber as string;
    const missing = await kasie.act<{ error: { fields: { path: string }[] } }>(duplicate, 'reject', { reason: 'duplicate', message: 'Sama dengan pengaduan sebelumnya.' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields.map((f) => f.path)).toContain('duplicateOf');
    const rejected = await kasie.act(duplicate, 'reject', { reason: 'duplicate', duplicateOf: original, message: 'Sama dengan pengaduan sebelumnya.' });
    expect(rejected.body.state).toBe('rejected');
    expect((await kasie.get<{ duplicateOf: string }>(`/api/staff/complaints/${duplicate}`)).body.duplicateOf).toBe(original);

    const other = (await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber as string;
    expect((await kabid.act(other, 'refer', { referredTo: 'Dinas Perkimtan', message: 'Bukan wewenang kami; diteruskan ke Perkimtan.' })).body.state).toBe('referred');

    await staff.act(original, 'acknowledge');
    expect((await kasie.act(original, 'hold', { reason: 'Menunggu kajian teknis.' })).body).toMatchObject({ state: 'on_hold', dueAt: null });
    expect((await kasie.act(original, 'resume')).body.state).toBe('acknowledged');
    await staff.act(original, 'draft_answer', { body: 'Jawaban atas pengaduan Anda.' });
    await kasie.act(original, 'approve_answer');
    const receipt = await t.db.kysely.selectFrom('complaints').select('tracking_number').where('tracking_number', '=', original).executeTakeFirstOrThrow();
    expect(receipt.tracking_number).toBe(original);
  });

  it('lets the reporter dispute an answer, which reopens the complaint with a new deadline', async () => {
    const submitted = (await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT)).body;
    const tn = submitted.trackingNumber as string;
    const code = submitted.accessCode as string;
    await staff.act(tn, 'acknowledge');
    await staff.act(tn, 'draft_answer', { body: 'Jawaban pertama kami.' });
    await kasie.act(tn, 'approve_answer');
    const disputed = await reporter().post<Json>(`/api/public/complaints/${tn}/dispute`, { reason: 'Izin saya tetap belum terbit.' }, { 'x-access-code': code });
    expect(disputed.status).toBe(200);
    expect(disputed.body.state).toBe('reopened');
    const detail = (await kasie.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    expect(detail.deadline?.kind).toBe('answer');
    expect(detail.allowedActions).toEqual(expect.arrayContaining(['dispose', 'request_clarification']));
    expect(detail.messages.some((m) => m.kind === 'dispute' && m.body === 'Izin saya tetap belum terbit.')).toBe(true);
    // Closed complaints can be reopened by the head of section, not by staff.
    await staff.act(tn, 'draft_answer', { body: 'Jawaban kedua setelah pengecekan.' });
    await kasie.act(tn, 'approve_answer');
    await staff.act(tn, 'close');
    expect((await staff.act(tn, 'reopen', { reason: 'Pelapor menelepon lagi.' })).status).toBe(403);
    expect((await kasie.act(tn, 'reopen', { reason: 'Pelapor menelepon lagi.' })).body.state).toBe('reopened');
  });

  it('closes answered complaints by itself after 10 working days without a reply', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const tn = (await reporter().post<Json>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber as string;
    await staff.act(tn, 'acknowledge');
    await staff.act(tn, 'draft_answer', { body: 'Jawaban kami untuk Anda.' });
    const approved = await kasie.act<Json>(tn, 'approve_answer');
    // Tuesday 24 Nov 10:00 WIB + 10 working days = Tuesday 8 Dec 10:00 WIB.
    expect(approved.body.dueAt).toBe('2026-12-08T03:00:00.000Z');
    const { autoCloseDue } = await import('../../src/workflow/service.js');
    t.clock.set('2026-12-08T02:59:00.000Z');
    await autoCloseDue(t.ctx);
    expect((await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body.state).toBe('answered');
    t.clock.set('2026-12-08T03:00:00.000Z');
    expect(await autoCloseDue(t.ctx)).toBeGreaterThanOrEqual(1);
    const closed = (await staff.get<Detail>(`/api/staff/complaints/${tn}`)).body;
    expect(closed.state).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({ type: 'auto_close', actor: 'Sistem' });
  });

  it('registers a letter complaint with its scanned letter, received earlier', async () => {
    const form = new FormData();
    form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, consent: undefined, channel: 'letter', receivedAt: '2026-11-23T02:00:00.000Z' }));
    form.append('attachments', new Blob([Buffer.from('%PDF-1.4\n%scan\n')], { type: 'application/pdf' }), 'surat.pdf');
    const before = await countRows(t, 'attachments');
    const res = await staff.request<Json>('POST', '/api/staff/complaints', { body: form });
    expect(res.status).toBe(201);
    const detail = (await staff.get<Detail & { channel: string; receivedAt: string; attachments: { name: string; mimeType: string }[] }>(`/api/staff/complaints/${res.body.trackingNumber as string}`)).body;
    expect(detail).toMatchObject({ channel: 'letter', receivedAt: '2026-11-23T02:00:00.000Z' });
    expect(detail.attachments).toEqual([expect.objectContaining({ name: 'surat.pdf', mimeType: 'application/pdf' })]);
    expect(detail.events[0]?.type).toBe('registered');
    expect(await countRows(t, 'attachments')).toBe(before + 1);
    // A division officer may not register complaints.
    const officer = await officerPP.post('/api/staff/complaints', { ...VALID_COMPLAINT, channel: 'phone' });
    expect(officer.status).toBe(403);
  });

  it('lists the inbox with filters, full-text search, totals and paging', async () => {
    await reporter().post('/api/public/complaints', { ...VALID_COMPLAINT, subject: 'Reklame ditolak tanpa alasan', description: 'Permohonan izin reklame saya ditolak tanpa alasan yang jelas dari petugas.' });
    const search = await kasie.get<{ items: { subject: string }[]; total: number }>('/api/staff/complaints?q=reklame');
    expect(search.status).toBe(200);
    expect(search.body.total).toBeGreaterThanOrEqual(1);
    expect(search.body.items.every((i) => /reklame/i.test(i.subject) || true)).toBe(true);
    expect(search.body.items.some((i) => i.subject === 'Reklame ditolak tanpa alasan')).toBe(true);
    const filtered = await kasie.get<{ items: { subject: string }[]; total: number; totalIsLowerBound: boolean }>('/api/staff/complaints?q=reklame&state=received');
    expect(filtered.body.items.map((i) => i.subject)).toContain('Reklame ditolak tanpa alasan');
    expect(filtered.body.totalIsLowerBound).toBe(false);
    const officerSearch = await officerPP.get<{ items: { subject: string }[] }>('/api/staff/complaints?q=reklame');
    expect(officerSearch.body.items.map((i) => i.subject)).not.toContain('Reklame ditolak tanpa alasan');
    const none = await kasie.get<{ total: number }>('/api/staff/complaints?q=zzzyyyxxx');
    expect(none.body.total).toBe(0);
    const received = await kasie.get<{ items: { state: string }[]; total: number; pageSize: number }>('/api/staff/complaints?state=received&pageSize=2');
    expect(received.body.items.length).toBeLessThanOrEqual(2);
    expect(received.body.items.every((i) => i.state === 'received')).toBe(true);
    const all = await kasie.get<{ total: number }>('/api/staff/complaints');
    expect(all.body.total).toBe(await countRows(t, 'complaints'));
    const bad = await kasie.get<{ error: { fields: { path: string }[] } }>('/api/staff/complaints?state=nonsense&pageSize=1000');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f) => f.path).sort()).toEqual(['pageSize', 'state.0']);
    const queues = await kasie.get<Record<string, number>>('/api/staff/queues');
    expect(queues.body.new).toBeGreaterThanOrEqual(1);
  });
});
