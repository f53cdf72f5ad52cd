import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { downloader, pdfInfo, pdfPages } from '../reports/files.js';

type Json = Record<string, unknown>;
type Result = { trackingNumber: string; ok: boolean; state?: string; version?: number; code?: string; lastEvent?: Json };

describe.each(DIALECTS)('queues that do what they say on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let officerPP: Client;
  let divisionPP: number;
  let divisionPM: number;

  const submit = async (subject = VALID_COMPLAINT.subject) => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, subject });
    expect(res.status).toBe(201);
    return res.body.trackingNumber as string;
  };
  const detail = async (client: Client, tn: string) => (await client.get<{ version: number; state: string; nextStep: Json | null }>(`/api/staff/complaints/${tn}`)).body;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    [staff, kasie, officerPP] = await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`))) as [Client, Client, Client];
    const rows = await t.db.kysely.selectFrom('divisions').select(['id', 'code']).where('code', 'in', ['PP', 'PM']).execute();
    divisionPP = rows.find((r) => r.code === 'PP')?.id ?? 0;
    divisionPM = rows.find((r) => r.code === 'PM')?.id ?? 0;
  });
  afterAll(async () => t?.close());

  it('says the next SOP step and whose it is, as the complaint moves', async () => {
    const tn = await submit();
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 1, action: 'acknowledge', who: 'staff', roles: ['staff'], text: { id: 'Langkah 1 — Staf menanggapi pengaduan (paling lambat 1 hari kerja)' } });
    await staff.act(tn, 'acknowledge');
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 2, action: 'print_sheet' });
    await staff.act(tn, 'print_sheet');
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 4, action: 'dispose', text: { id: 'Langkah 4 — Kepala Seksi atau Kepala Bidang mendisposisikan ke bidang terkait' } });
    await kasie.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' });
    expect((await detail(officerPP, tn)).nextStep).toMatchObject({ step: 5, action: 'record_follow_up', roles: ['division_officer'] });
    await officerPP.act(tn, 'record_follow_up', { followUp: 'Sudah diperiksa di lapangan.', advocacy: 'Silakan lengkapi berkas.' });
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 6, action: 'draft_answer' });
    await staff.act(tn, 'draft_answer', { body: 'Jawaban kami: berkas Anda sedang diproses.' });
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 6, action: 'approve_answer', roles: ['section_head', 'division_head'] });
    await kasie.act(tn, 'approve_answer');
    expect((await detail(staff, tn)).nextStep).toMatchObject({ step: 7, who: 'reporter' });
    await staff.act(tn, 'close');
    expect((await detail(staff, tn)).nextStep).toBeNull();
  });

  it('keeps named filters per user: list, save, refuse a duplicate or a foreign field, delete only one’s own', async () => {
    expect((await staff.get('/api/staff/saved-filters')).body).toEqual({ items: [] });
    const saved = await staff.post<Json>('/api/staff/saved-filters', { name: 'Surat masuk', query: 'queue=new&channel=letter&sort=due_asc' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Surat masuk', query: 'queue=new&channel=letter&sort=due_asc' });
    expect((await staff.get<{ items: Json[] }>('/api/staff/saved-filters')).body.items).toEqual([expect.objectContaining({ name: 'Surat masuk' })]);
    // Another user sees none of it and may not delete it.
    expect((await kasie.get<{ items: Json[] }>('/api/staff/saved-filters')).body.items).toEqual([]);
    expect((await kasie.request('DELETE', `/api/staff/saved-filters/${String(saved.body.id)}`)).status).toBe(404);

    const twice = await staff.post<{ error: { code: string; fields: { path: string }[] } }>('/api/staff/saved-filters', { name: 'surat masuk', query: 'queue=all' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.fields[0]?.path).toBe('name');
    const foreign = await staff.post<{ error: { fields: { path: string }[] } }>('/api/staff/saved-filters', { name: 'Aneh', query: 'password=x' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.fields[0]?.path).toBe('query');
    expect((await staff.post('/api/staff/saved-filters', { name: '', query: '' })).status).toBe(422);

    expect((await staff.request('DELETE', `/api/staff/saved-filters/${String(saved.body.id)}`)).status).toBe(200);
    expect((await staff.get<{ items: Json[] }>('/api/staff/saved-filters')).body.items).toEqual([]);
  });

  it('sorts by deadline with overdue first and keeps complaints without a running deadline, after them', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const older = await submit('Urutan pertama');
    t.clock.set('2026-11-24T04:00:00.000Z');
    const newer = await submit('Urutan kedua');
    t.clock.set('2026-11-24T05:00:00.000Z');
    const paused = await submit('Urutan ketiga');
    await staff.act(paused, 'acknowledge');
    await staff.act(paused, 'request_clarification', { message: 'Mohon lampirkan nomor permohonan.' });
    // A day and a half later the first two are overdue for their first response.
    t.clock.set('2026-11-25T07:00:00.000Z');
    const ours = [older, newer, paused];
    const order = async (sort: string) =>
      (await kasie.get<{ items: { trackingNumber: string; deadline: { overdue: boolean } | null }[] }>(`/api/staff/complaints?sort=${sort}&pageSize=100`)).body.items.filter((i) => ours.includes(i.trackingNumber));
    const byDeadline = await order('due_asc');
    expect(byDeadline.map((i) => i.trackingNumber)).toEqual([older, newer, paused]);
    expect(byDeadline[0]?.deadline?.overdue).toBe(true);
    expect(byDeadline[2]?.deadline).toBeNull();
    expect((await order('received_desc')).map((i) => i.trackingNumber)).toEqual([paused, newer, older]);
    expect((await order('received_asc')).map((i) => i.trackingNumber)).toEqual([older, newer, paused]);
    // The paused complaint is found in its own queue sorted by deadline too, and paging crosses from running to paused.
    const waiting = await kasie.get<{ items: { trackingNumber: string }[]; total: number }>('/api/staff/complaints?state=clarification&sort=due_asc');
    expect(waiting.body.items.map((i) => i.trackingNumber)).toContain(paused);
    const all = await kasie.get<{ total: number }>('/api/staff/complaints?sort=due_asc&pageSize=1');
    const pages = await Promise.all(Array.from({ length: all.body.total }, (_, i) => kasie.get<{ items: { trackingNumber: string }[] }>(`/api/staff/complaints?sort=due_asc&pageSize=1&page=${i + 1}`)));
    const walked = pages.flatMap((p) => p.body.items.map((i) => i.trackingNumber));
    expect(new Set(walked).size).toBe(all.body.total);
  });

  it('disposes several complaints at once with a result per item: done, stale, wrong state, wrong role', async () => {
    const [a, b, c, d] = [await submit(), await submit(), await submit(), await submit()];
    for (const tn of [a, b, c]) await staff.act(tn, 'acknowledge');
    const versions = Object.fromEntries(await Promise.all([a, b, c, d].map(async (tn) => [tn, (await detail(kasie, tn)).version] as const)));
    // Someone classifies c meanwhile: its version moves on.
    await staff.act(c, 'classify', { confidential: true });
    const items = [a, b, c, d].map((tn) => ({ trackingNumber: tn, version: versions[tn] }));
    const res = await kasie.post<{ done: number; refused: number; results: Result[] }>('/api/staff/bulk-actions/dispose', { items, divisionIds: [divisionPP, divisionPM], instruction: 'Mohon ditindaklanjuti bersama.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: 2, refused: 2 });
    expect(res.body.results).toEqual([
      expect.objectContaining({ trackingNumber: a, ok: true, state: 'disposed' }),
      expect.objectContaining({ trackingNumber: b, ok: true, state: 'disposed' }),
      expect.objectContaining({ trackingNumber: c, ok: false, code: 'stale_version', lastEvent: expect.objectContaining({ action: 'classify', actorName: 'staf' }) }),
      expect.objectContaining({ trackingNumber: d, ok: false, code: 'transition_not_allowed', state: 'received' }),
    ]);
    expect((await detail(kasie, a)).state).toBe('disposed');
    expect((await detail(kasie, c)).state).toBe('acknowledged');

    // Staff may not dispose: every item refused for the role, nothing changed.
    const byStaff = await staff.post<{ results: Result[] }>('/api/staff/bulk-actions/dispose', { items: [{ trackingNumber: d, version: versions[d] }], divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' });
    expect(byStaff.body.results).toEqual([expect.objectContaining({ ok: false, code: 'role_not_allowed' })]);
    // What the action needs is checked once, before any item: 422 and nothing done.
    const noInstruction = await kasie.post<{ error: { fields: { path: string }[] } }>('/api/staff/bulk-actions/dispose', { items: [{ trackingNumber: c, version: (versions[c] ?? 0) + 1 }], divisionIds: [divisionPP] });
    expect(noInstruction.status).toBe(422);
    expect(noInstruction.body.error.fields.map((f) => f.path)).toContain('instruction');
    expect((await detail(kasie, c)).state).toBe('acknowledged');
    expect((await kasie.post('/api/staff/bulk-actions/hapus', { items: [] })).status).toBe(422);
    expect((await kasie.post('/api/staff/bulk-actions/dispose', { items: Array.from({ length: 51 }, () => ({ trackingNumber: a, version: 1 })), divisionIds: [divisionPP], instruction: 'Terlalu banyak.' })).status).toBe(422);
  });

  it('approves several drafted answers at once, refusing the one not drafted', async () => {
    const [a, b] = [await submit(), await submit()];
    for (const tn of [a, b]) await staff.act(tn, 'acknowledge');
    await staff.act(a, 'draft_answer', { body: 'Jawaban pertama untuk pelapor.' });
    const items = await Promise.all([a, b].map(async (tn) => ({ trackingNumber: tn, version: (await detail(kasie, tn)).version })));
    const res = await kasie.post<{ done: number; refused: number; results: Result[] }>('/api/staff/bulk-actions/approve_answer', { items });
    expect(res.body).toMatchObject({ done: 1, refused: 1 });
    expect(res.body.results[0]).toMatchObject({ trackingNumber: a, ok: true, state: 'answered' });
    expect(res.body.results[1]).toMatchObject({ trackingNumber: b, ok: false, code: 'transition_not_allowed' });
  });

  it('assigns several complaints at once: heads name anyone at the desk, staff take only what nobody holds', async () => {
    const [a, b, c] = [await submit('Tugaskan satu'), await submit('Tugaskan dua'), await submit('Tugaskan tiga')];
    const staffId = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'staf@test.local').executeTakeFirstOrThrow()).id;
    const kasieId = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'kasie@test.local').executeTakeFirstOrThrow()).id;
    // Kasie takes c first, so staff cannot take it in the bulk that follows.
    await kasie.post(`/api/staff/complaints/${c}/assign`, { version: (await detail(kasie, c)).version, userId: kasieId });
    const items = async (client: Client, tns: string[]) => Promise.all(tns.map(async (tn) => ({ trackingNumber: tn, version: (await detail(client, tn)).version })));

    const taken = await staff.post<{ done: number; refused: number; results: Result[] }>('/api/staff/bulk-actions/assign', { items: await items(staff, [a, c]), userId: staffId });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ done: 1, refused: 1 });
    expect(taken.body.results[0]).toMatchObject({ trackingNumber: a, ok: true });
    expect(taken.body.results[1]).toMatchObject({ trackingNumber: c, ok: false, code: 'role_not_allowed' });

    const named = await kasie.post<{ done: number; results: Result[] }>('/api/staff/bulk-actions/assign', { items: await items(kasie, [b, c]), userId: staffId });
    expect(named.body).toMatchObject({ done: 2 });
    for (const tn of [a, b, c]) expect((await staff.get<{ owner: { id: number } | null }>(`/api/staff/complaints/${tn}`)).body.owner?.id).toBe(staffId);
    // A stale version is refused per item, and only the explicit assignment is logged.
    const stale = await kasie.post<{ results: Result[] }>('/api/staff/bulk-actions/assign', { items: [{ trackingNumber: a, version: 1 }], userId: null });
    expect(stale.body.results[0]).toMatchObject({ ok: false, code: 'stale_version' });
    const events = await t.db.kysely.selectFrom('complaint_events').innerJoin('complaints', 'complaints.id', 'complaint_events.complaint_id').select(['complaint_events.type']).where('complaints.tracking_number', '=', b).where('complaint_events.type', 'in', ['assign', 'take']).execute();
    expect(events.map((e) => e.type)).toEqual(['assign']);
  });

  it('prints several complaint sheets as one PDF, in the order asked, leaving out what the viewer may not see', async () => {
    const [a, b, c] = [await submit('Lembar satu'), await submit('Lembar dua'), await submit('Lembar tiga')];
    const get = await downloader(t, 'kasie@test.local');
    const single = await Promise.all([a, b, c].map(async (tn) => pdfInfo((await get(`/api/staff/complaints/${tn}/sheet.pdf`)).body).pages));
    const res = await get(`/api/staff/sheets.pdf?tn=${a}&tn=${b}&tn=${c}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(pdfInfo(res.body).pages).toBe(single.reduce((x, y) => x + y, 0));
    const text = pdfPages(res.body).join('\n');
    expect(text.indexOf(a)).toBeLessThan(text.indexOf(b));
    expect(text.indexOf(b)).toBeLessThan(text.indexOf(c));

    // A division officer gets only the sheets of their division; none at all is 404.
    await staff.act(a, 'acknowledge');
    await kasie.act(a, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' });
    const officer = await downloader(t, 'pp@test.local');
    const theirs = await officer(`/api/staff/sheets.pdf?tn=${a}&tn=${b}`);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('x-sheets-skipped')).toBe(b);
    expect(pdfPages(theirs.body).join('\n')).not.toContain(b);
    expect((await officer(`/api/staff/sheets.pdf?tn=${b}`)).status).toBe(404);
    const tooMany = Array.from({ length: 51 }, (_, i) => `tn=ADU-2026-${String(i + 1).padStart(6, '0')}`).join('&');
    expect((await get(`/api/staff/sheets.pdf?${tooMany}`)).status).toBe(422);
  });
});
