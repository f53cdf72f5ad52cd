import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { TINY_PNG } from '../e2e/browser.js';
import { eraseComplaintPersonalData } from '../../src/scheduler/retention.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Receipt = { trackingNumber: string; accessCode: string };
type StaffView = {
  version: number;
  mergedAt: string | null;
  mergedFrom: { trackingNumber: string; reporter: string }[];
  attachments: { name: string }[];
  messages: { body: string; internal: boolean }[];
  events: { type: string; data: Record<string, unknown> | null }[];
};

describe.each(DIALECTS)('merging a duplicate into its original on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  let original: Receipt;
  let duplicate: Receipt;

  const file = async (complaint: unknown): Promise<Receipt> => {
    const form = new FormData();
    form.append('complaint', JSON.stringify(complaint));
    form.append('attachments', new Blob([TINY_PNG]), 'antrean.png');
    const res = await new Client(t.url).request<Receipt>('POST', '/api/public/complaints', { body: form });
    expect(res.status).toBe(201);
    return res.body;
  };
  const track = (r: Receipt) => new Client(t.url).get<{ attachments: unknown[]; mergedInto: unknown; timeline: { type: string }[] }>(`/api/public/complaints/${r.trackingNumber}`, { 'x-access-code': r.accessCode });
  const rejectAsDuplicate = (r: Receipt, of: string) => kasie.act(r.trackingNumber, 'reject', { reason: 'duplicate', duplicateOf: of, message: 'Pengaduan ini sama dengan pengaduan sebelumnya.' });

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    staff = await Client.login(t, 'staf@test.local');
    kasie = await Client.login(t, 'kasie@test.local');
    original = (await new Client(t.url).post<Receipt>('/api/public/complaints', VALID_COMPLAINT)).body;
    duplicate = await file({ ...VALID_COMPLAINT, reporter: { name: 'Sari Wulandari', email: 'sari@contoh.id' } });
    expect((await rejectAsDuplicate(duplicate, original.trackingNumber)).status).toBe(200);
  });
  afterAll(async () => t?.close());

  it('is for a head, on the version seen', async () => {
    const seen = await kasie.get<StaffView>(`/api/staff/complaints/${duplicate.trackingNumber}`);
    expect((await staff.post(`/api/staff/complaints/${duplicate.trackingNumber}/merge`, { version: seen.body.version })).status).toBe(403);
    expect((await kasie.post(`/api/staff/complaints/${duplicate.trackingNumber}/merge`, { version: seen.body.version - 1 })).status).toBe(409);
    expect((await kasie.post(`/api/staff/complaints/${original.trackingNumber}/merge`, { version: 1 })).status).toBe(409);
  });

  it('moves the files to the original for the office, links and tells the reporter, and keeps an event on both', async () => {
    const seen = await kasie.get<StaffView>(`/api/staff/complaints/${duplicate.trackingNumber}`);
    const merged = await kasie.post(`/api/staff/complaints/${duplicate.trackingNumber}/merge`, { version: seen.body.version });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ trackingNumber: duplicate.trackingNumber, mergedInto: original.trackingNumber, messages: 0, attachments: 1 });

    const o = (await kasie.get<StaffView>(`/api/staff/complaints/${original.trackingNumber}`)).body;
    expect(o.attachments.map((a) => a.name)).toEqual(['antrean.png']);
    expect(o.mergedFrom).toEqual([expect.objectContaining({ trackingNumber: duplicate.trackingNumber, reporter: 'Sari Wulandari' })]);
    expect(o.messages.some((m) => m.internal && m.body.startsWith(`Digabung dari ${duplicate.trackingNumber}`))).toBe(true);
    expect(o.events.at(-1)).toMatchObject({ type: 'merged_from', data: { duplicate: duplicate.trackingNumber } });
    const d = (await kasie.get<StaffView>(`/api/staff/complaints/${duplicate.trackingNumber}`)).body;
    expect(d.mergedAt).not.toBeNull();
    expect(d.attachments).toEqual([]);
    expect(d.events.at(-1)).toMatchObject({ type: 'merged_into', data: { original: original.trackingNumber } });

    // Each reporter keeps their own number: the duplicate's shows the original's progress, the original's never the other person's file.
    const mine = await track(duplicate);
    expect(mine.body.mergedInto).toEqual({ trackingNumber: original.trackingNumber, state: 'received' });
    expect(mine.body.timeline.at(-1)?.type).toBe('merged_into');
    const theirs = await track(original);
    expect(theirs.body.attachments).toEqual([]);
    expect(theirs.body.mergedInto).toBeNull();
    expect(theirs.body.timeline.map((e) => e.type)).not.toContain('merged_from');

    const told = await t.db.kysely.selectFrom('outbox_messages').select(['recipient_email', 'complaint_id']).where('kind', '=', 'merged').execute();
    expect(told.map((m) => m.recipient_email)).toEqual(['sari@contoh.id']);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['target_id']).where('action', '=', 'complaint.merged').execute();
    expect(audit.map((a) => a.target_id)).toEqual([duplicate.trackingNumber]);
    expect((await kasie.post(`/api/staff/complaints/${duplicate.trackingNumber}/merge`, { version: d.version })).status).toBe(409);

    // Erasing the duplicate's personal data reaches what the merge moved to the original.
    const dupId = (await t.db.kysely.selectFrom('complaints').select('id').where('tracking_number', '=', duplicate.trackingNumber).executeTakeFirstOrThrow()).id;
    expect(await eraseComplaintPersonalData(t.ctx, dupId)).not.toBeNull();
    const erased = (await kasie.get<StaffView>(`/api/staff/complaints/${original.trackingNumber}`)).body;
    expect(erased.attachments).toEqual([]);
    expect(erased.messages.some((m) => m.body.includes(duplicate.trackingNumber))).toBe(false);
  });

  it("keeps an anonymous reporter's duplicate apart from a named original, and changes nothing", async () => {
    const anonymous = await file({ ...VALID_COMPLAINT, anonymous: true, reporter: { name: 'Tanpa Nama' } });
    expect((await rejectAsDuplicate(anonymous, original.trackingNumber)).status).toBe(200);
    const seen = await kasie.get<StaffView>(`/api/staff/complaints/${anonymous.trackingNumber}`);
    const refused = await kasie.post<{ error: { fields: { message: string }[] } }>(`/api/staff/complaints/${anonymous.trackingNumber}/merge`, { version: seen.body.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields[0]?.message).toContain('anonim');
    const after = (await kasie.get<StaffView>(`/api/staff/complaints/${anonymous.trackingNumber}`)).body;
    expect(after).toMatchObject({ version: seen.body.version, mergedAt: null });
    expect(after.attachments).toHaveLength(1);
  });
});
