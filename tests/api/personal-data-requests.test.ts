import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/scheduler/retention.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
interface PublicRequest { id: number; kind: string; state: string; dueAt: string; requestedAt: string; answer: string | null; copyAvailable: boolean }
interface StaffRequest extends PublicRequest { trackingNumber: string; details: string | null; overdue: boolean; reporter: Json | null; canErase: boolean }

describe.each(DIALECTS)('personal-data requests (UU 27/2022) on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let admin: Client;
  let reporter: Client;
  let trackingNumber = '';
  let code = '';
  const headers = () => ({ 'x-access-code': code });
  const base = () => `/api/public/complaints/${trackingNumber}/personal-data-requests`;

  async function file(kind: string, details?: string): Promise<PublicRequest> {
    const res = await reporter.post<{ items: PublicRequest[] }>(base(), { kind, ...(details ? { details } : {}) }, headers());
    expect(res.status).toBe(201);
    return res.body.items[0] as PublicRequest;
  }
  async function auditActions(): Promise<string[]> {
    const rows = await t.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', trackingNumber).orderBy('id').execute();
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'bidang@test.local', 'division_officer', 'PP');
    staff = await Client.login(t, 'staf@test.local');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    reporter = new Client(t.url);
    const filed = await reporter.post<{ trackingNumber: string; accessCode: string }>('/api/public/complaints', VALID_COMPLAINT);
    trackingNumber = filed.body.trackingNumber;
    code = filed.body.accessCode;
  });
  afterAll(async () => t?.close());

  it('refuses a wrong access code with 404 and writes nothing', async () => {
    const wrong = { 'x-access-code': 'SALAH-SALAH' };
    expect((await reporter.get(base(), wrong)).status).toBe(404);
    expect((await reporter.post(base(), { kind: 'copy' }, wrong)).status).toBe(404);
    expect((await reporter.get(`${base()}/1/copy.json`, wrong)).status).toBe(404);
    expect(await t.db.kysely.selectFrom('personal_data_requests').selectAll().execute()).toEqual([]);
  });

  it('a copy: the reporter asks, the office exports and delivers, the reporter downloads', async () => {
    const asked = await file('copy');
    expect(asked).toMatchObject({ kind: 'copy', state: 'pending', copyAvailable: false });
    // Three days of 24 hours (PERSONAL_DATA_REQUEST_DAYS' default, UU 27/2022).
    expect(Date.parse(asked.dueAt) - Date.parse(asked.requestedAt)).toBe(3 * 86_400_000);
    expect((await reporter.post(base(), { kind: 'copy' }, headers())).status).toBe(409);
    expect((await reporter.get(`${base()}/${asked.id}/copy.json`, headers())).status).toBe(404);

    const queue = await staff.get<{ items: StaffRequest[] }>('/api/staff/personal-data-requests');
    expect(queue.body.items).toEqual([expect.objectContaining({ id: asked.id, trackingNumber, overdue: false, canErase: false, reporter: expect.objectContaining({ name: 'Budi Santoso' }) })]);
    const seenByAdmin = await admin.get<{ items: StaffRequest[] }>('/api/staff/personal-data-requests');
    expect(seenByAdmin.body.items[0]?.reporter).toBeNull();
    expect((await admin.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'copy_delivered' })).status).toBe(403);
    expect((await (await Client.login(t, 'bidang@test.local')).get('/api/staff/personal-data-requests')).status).toBe(403);

    const exported = await staff.get<Json>(`/api/staff/personal-data-requests/${asked.id}/copy.json`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`data-pribadi-${trackingNumber}.json`);
    expect(exported.body).toMatchObject({ reporter: { name: 'Budi Santoso', email: 'budi@contoh.id' }, complaints: [{ trackingNumber, description: VALID_COMPLAINT.description }] });

    // A refusal must give its reason; an outcome must fit the kind.
    expect((await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'refused' })).status).toBe(422);
    expect((await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'erased', reason: 'Bukan permintaan ini' })).status).toBe(409);
    expect((await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'copy_delivered', reason: 'Salinan siap diunduh.' })).status).toBe(200);
    expect((await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'copy_delivered' })).status).toBe(409);

    const mine = await reporter.get<{ items: PublicRequest[]; responseDays: number }>(base(), headers());
    expect(mine.body).toMatchObject({ responseDays: 3, items: [{ id: asked.id, state: 'completed', copyAvailable: true, answer: 'Salinan siap diunduh.' }] });
    const download = await reporter.get<Json>(`${base()}/${asked.id}/copy.json`, headers());
    expect(download.status).toBe(200);
    expect(download.body).toMatchObject({ reporter: { name: 'Budi Santoso' } });

    const tracked = await reporter.get<{ timeline: { type: string }[] }>(`/api/public/complaints/${trackingNumber}`, headers());
    expect(tracked.body.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['personal_data_requested', 'personal_data_request_answered']));
    expect(await auditActions()).toEqual(['personal_data.exported', 'personal_data.copy_delivered', 'personal_data.exported']);
    const reporterDownload = await t.db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', trackingNumber).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(reporterDownload.actor_user_id).toBeNull();
  });

  it('a correction: staff change the reporter’s fields with a reason; the audit log names the fields, not the values', async () => {
    const vague = await reporter.post<{ error: { fields: { path: string }[] } }>(base(), { kind: 'correction' }, headers());
    expect(vague.status).toBe(422);
    expect(vague.body.error.fields.map((f) => f.path)).toEqual(['details']);
    const asked = await file('correction', 'Email saya yang benar budi.santoso@contoh.id');
    const missingReason = await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'corrected', reporter: { email: 'budi.santoso@contoh.id' } });
    expect(missingReason.status).toBe(422);
    const done = await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'corrected', reason: 'Sesuai permintaan pelapor.', reporter: { email: 'budi.santoso@contoh.id', name: 'Budi Santoso' } });
    expect(done.status).toBe(200);
    const detail = await staff.get<{ reporter: Json }>(`/api/staff/complaints/${trackingNumber}`);
    expect(detail.body.reporter).toMatchObject({ name: 'Budi Santoso', email: 'budi.santoso@contoh.id' });
    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.corrected').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after ?? '{}')).toMatchObject({ fields: ['email'], reason: 'Sesuai permintaan pelapor.' });
    expect(entry.after).not.toContain('budi.santoso@contoh.id');
    const mine = await reporter.get<{ items: PublicRequest[] }>(base(), headers());
    expect(mine.body.items[0]).toMatchObject({ kind: 'correction', state: 'completed', answer: 'Sesuai permintaan pelapor.' });
  });

  it('an erasure: refused with a reason while the complaint is open, done once it is finished', async () => {
    const early = await file('erasure', 'Hapus data saya');
    const tooEarly = await staff.post<{ error: { code: string } }>(`/api/staff/personal-data-requests/${early.id}/answer`, { outcome: 'erased', reason: 'Permintaan pelapor' });
    expect(tooEarly.status).toBe(409);
    expect((await staff.post(`/api/staff/personal-data-requests/${early.id}/answer`, { outcome: 'refused', reason: 'Pengaduan masih ditangani; data diperlukan sampai selesai.' })).status).toBe(200);
    expect((await reporter.get<{ items: PublicRequest[] }>(base(), headers())).body.items[0]).toMatchObject({ state: 'refused', answer: 'Pengaduan masih ditangani; data diperlukan sampai selesai.' });

    const kasie = await Client.login(t, 'kasie@test.local');
    expect((await kasie.act(trackingNumber, 'reject', { reason: 'other', message: 'Pengaduan ini kami tutup.' })).status).toBe(200);
    const asked = await file('erasure');
    const queue = await staff.get<{ items: StaffRequest[] }>('/api/staff/personal-data-requests');
    expect(queue.body.items.find((r) => r.id === asked.id)?.canErase).toBe(true);
    expect((await staff.post(`/api/staff/personal-data-requests/${asked.id}/answer`, { outcome: 'erased', reason: 'Permintaan penghapusan oleh pelapor.' })).status).toBe(200);

    const detail = await staff.get<{ reporter: Json; description: string }>(`/api/staff/complaints/${trackingNumber}`);
    expect(detail.body.reporter).toMatchObject({ name: null, email: null, phone: null, address: null });
    expect(JSON.stringify(detail.body)).not.toContain('Budi Santoso');
    expect(JSON.stringify(detail.body)).not.toContain('budi.santoso@contoh.id');
    const requests = await t.db.kysely.selectFrom('personal_data_requests').select('details').where('details', 'is not', null).execute();
    expect(requests).toEqual([]);
    const mine = await reporter.get<{ items: PublicRequest[] }>(base(), headers());
    expect(mine.body.items[0]).toMatchObject({ kind: 'erasure', state: 'completed' });
    expect((await reporter.post(base(), { kind: 'erasure' }, headers())).status).toBe(409);
    expect(await auditActions()).toEqual(expect.arrayContaining(['personal_data.corrected', 'personal_data.refused', 'personal_data.erased', 'personal_data.erased']));
    const erasedEntry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.erased').executeTakeFirstOrThrow();
    expect(erasedEntry.actor_role).toBe('staff');
    expect(JSON.parse(erasedEntry.after ?? '{}')).toMatchObject({ reason: 'Permintaan penghapusan oleh pelapor.', reporter: true });
  });

  it('records the retention job’s erasures in the audit log too', async () => {
    const other = await new Client(t.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
    const kasie = await Client.login(t, 'kasie@test.local');
    expect((await kasie.act(other.body.trackingNumber, 'reject', { reason: 'spam', message: 'Pengaduan ini kami tutup.' })).status).toBe(200);
    t.clock.advance(731 * 86_400_000);
    expect(await runRetention(t.ctx)).toBe(1);
    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.erased').where('target_id', '=', other.body.trackingNumber).execute();
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({ actor_user_id: null });
    expect(JSON.parse(entry[0]?.after ?? '{}')).toMatchObject({ reason: 'retention', reporter: true });
  });
});
