import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Template = { id: string; title: string; body: string; actions: string[]; rendered: string | null };
type Json = Record<string, unknown>;

describe.each(DIALECTS)('reply templates on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let kasie: Client;
  let officer: Client;
  let anonymousTn: string;
  let namedTn: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    [staff, kasie, officer] = await Promise.all(['staf', 'kasie', 'pp'].map((u) => Client.login(t, `${u}@test.local`))) as [Client, Client, Client];
    const reporter = new Client(t.url);
    anonymousTn = (await reporter.post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' } })).body.trackingNumber as string;
    namedTn = (await reporter.post<Json>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber as string;
  });
  afterAll(async () => t?.close());

  it('offers defaults until an admin saves a list, and only admins may read or change the stored list', async () => {
    const defaults = await staff.get<{ items: Template[] }>('/api/staff/reply-templates');
    expect(defaults.status).toBe(200);
    expect(defaults.body.items.map((i) => i.id)).toEqual(['tanggapan', 'klarifikasi', 'jawaban']);
    expect(defaults.body.items.every((i) => i.rendered === null)).toBe(true);

    expect((await staff.get('/api/admin/reply-templates')).status).toBe(403);
    expect((await staff.request('PUT', '/api/admin/reply-templates', { json: { items: [] } })).status).toBe(403);
    expect((await new Client(t.url).get('/api/staff/reply-templates')).status).toBe(401);

    const items = [
      { id: 'salam', title: 'Salam', body: 'Yth. {reporterName}, pengaduan {trackingNumber} ("{subject}") dijawab paling lambat {dueDate}. {unknown}', actions: ['acknowledge', 'draft_answer'] },
      { id: 'umum', title: 'Umum', body: 'Terima kasih, {reporterName}.' },
    ];
    const saved = await admin.request<Json>('PUT', '/api/admin/reply-templates', { json: { items } });
    expect(saved.status).toBe(200);
    expect(saved.body.saved).toBe(2);
    const stored = await admin.get<{ items: Template[]; placeholders: string[] }>('/api/admin/reply-templates');
    expect(stored.body.items).toEqual([items[0], { ...items[1], actions: [] }]);
    expect(stored.body.placeholders).toEqual(['trackingNumber', 'reporterName', 'subject', 'dueDate']);

    // Filtered by action: a template with no actions is offered everywhere.
    const forClarification = await staff.get<{ items: Template[] }>('/api/staff/reply-templates?action=request_clarification');
    expect(forClarification.body.items.map((i) => i.id)).toEqual(['umum']);
    const forAnswer = await staff.get<{ items: Template[] }>('/api/staff/reply-templates?action=draft_answer');
    expect(forAnswer.body.items.map((i) => i.id)).toEqual(['salam', 'umum']);
  });

  it('fills placeholders per complaint and never names an anonymous reporter', async () => {
    const named = await staff.get<{ items: Template[] }>(`/api/staff/reply-templates?trackingNumber=${namedTn}&action=acknowledge`);
    // {dueDate} is the answer deadline (received Tuesday 24 November 2026, default class: 14 working days).
    const detail = await staff.get<{ deadlines: { answerDueAt: string } }>(`/api/staff/complaints/${namedTn}`);
    expect(detail.body.deadlines.answerDueAt.slice(0, 10)).toBe('2026-12-14');
    expect(named.body.items[0]?.rendered).toBe(`Yth. Budi Santoso, pengaduan ${namedTn} ("${VALID_COMPLAINT.subject}") dijawab paling lambat 14 Desember 2026. {unknown}`);

    // Even the intake desk, who may see who an anonymous reporter is, gets "Anonim": the filled-in
    // text becomes a message on the complaint that the division officer reads later.
    const kasieView = await kasie.get<{ items: Template[] }>(`/api/staff/reply-templates?trackingNumber=${anonymousTn.toLowerCase()}`);
    expect(kasieView.status).toBe(200);
    expect(kasieView.body.items.find((i) => i.id === 'umum')?.rendered).toBe('Terima kasih, Anonim.');
    expect((await kasie.get<{ reporter: { name: string } }>(`/api/staff/complaints/${anonymousTn}`)).body.reporter.name).toBe('Siti Rahasia');

    // A division officer sees nothing before the disposition, and "Anonim" after it.
    expect((await officer.get(`/api/staff/reply-templates?trackingNumber=${anonymousTn}`)).status).toBe(404);
    const divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
    expect((await staff.act(anonymousTn, 'acknowledge')).status).toBe(200);
    expect((await kasie.act(anonymousTn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    const officerView = await officer.get<{ items: Template[] }>(`/api/staff/reply-templates?trackingNumber=${anonymousTn}`);
    expect(officerView.status).toBe(200);
    const rendered = officerView.body.items.map((i) => i.rendered).join('\n');
    expect(rendered).toContain('Terima kasih, Anonim.');
    expect(rendered).not.toContain('Siti');
  });

  it('refuses bad lists with field and reason, and changes nothing', async () => {
    const before = await admin.get<{ items: Template[] }>('/api/admin/reply-templates');
    const bad = [
      { items: [{ id: 'Bad Id!', title: 'x', body: 'y' }] },
      { items: [{ id: 'a', title: '', body: 'y' }] },
      { items: [{ id: 'a', title: 'x', body: 'y', actions: ['fly'] }] },
      { items: [{ id: 'a', title: 'x', body: 'y' }, { id: 'a', title: 'z', body: 'w' }] },
      { items: [{ id: 'a', title: 'x', body: 'y', extra: 1 }] },
      { items: 'nope' },
    ];
    for (const json of bad) {
      const res = await admin.request<{ error: { code: string; fields?: { path: string }[] } }>('PUT', '/api/admin/reply-templates', { json, headers: { 'accept-language': 'en' } });
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields?.length).toBeGreaterThan(0);
    }
    expect((await staff.get('/api/staff/reply-templates?trackingNumber=NOPE')).status).toBe(422);
    expect((await staff.get('/api/staff/reply-templates?trackingNumber=ADU-2026-999999')).status).toBe(404);
    expect((await admin.get('/api/admin/reply-templates')).body).toEqual(before.body);
  });

  it('falls back to the defaults when the stored value is damaged', async () => {
    await t.db.kysely.updateTable('settings').set({ value: '{not json' }).where('key', '=', 'reply_templates').execute();
    const res = await staff.get<{ items: Template[] }>('/api/staff/reply-templates');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.id)).toEqual(['tanggapan', 'klarifikasi', 'jawaban']);
  });
});
