import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { EventStream, startPeerInstance } from '../support/live.js';
import { publish } from '../../src/live/bus.js';
import { autoCloseDue } from '../../src/workflow/service.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

describe.each(DIALECTS)('live pages on %s', (dialect) => {
  let t: TestApp;
  /** Instance B: on PostgreSQL a second app over the same database; on SQLite (one process) the same app. */
  let peer: { url: string; close(): Promise<void> };
  let staff: Client;
  let kasie: Client;
  let kasieOnPeer: Client;
  let officerPP: Client;
  let officerPM: Client;
  const streams: EventStream[] = [];
  let divisions: Record<'PP' | 'PM', number>;

  const open = async (client: Client, headers?: Record<string, string>) => {
    const stream = await EventStream.open(peer.url, client, headers);
    streams.push(stream);
    return stream;
  };
  const submit = async () => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    expect(res.status).toBe(201);
    return res.body.trackingNumber as string;
  };
  const complaintEvent = (tn: string, action?: string) => (m: { event: string; data: Json }) =>
    m.event === 'complaint' && m.data.trackingNumber === tn && (action === undefined || m.data.action === action);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    peer = dialect === 'postgres' ? await startPeerInstance(t) : { url: t.url, close: async () => {} };
    await addStaff(t, 'rina@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    await addStaff(t, 'pm@test.local', 'division_officer', 'PM');
    staff = await Client.login(t, 'rina@test.local');
    kasie = await Client.login(t, 'kasie@test.local');
    kasieOnPeer = await Client.login(peer, 'kasie@test.local');
    officerPP = await Client.login(peer, 'pp@test.local');
    officerPM = await Client.login(peer, 'pm@test.local');
    const rows = await t.db.kysely.selectFrom('divisions').select(['id', 'code']).where('code', 'in', ['PP', 'PM']).execute();
    divisions = Object.fromEntries(rows.map((r) => [r.code, r.id])) as typeof divisions;
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await peer?.close();
    await t?.close();
  });

  it('streams to staff only, with no caching and no proxy buffering', async () => {
    const anonymous = await EventStream.open(peer.url, new Client(peer.url));
    expect(anonymous.status).toBe(401);
    const stream = await open(kasieOnPeer);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    // A client that did not ask for a stream is not kept waiting forever.
    expect((await kasieOnPeer.get('/api/staff/events')).status).toBe(406);
  });

  it('tells a page on instance B about a submission and an action taken on instance A, without personal data', async () => {
    const stream = await open(kasieOnPeer);
    const tn = await submit();
    const submitted = await stream.next(complaintEvent(tn, 'submitted'));
    expect(submitted.data).toMatchObject({ trackingNumber: tn, version: 1, state: 'received', actorName: null, actorType: 'reporter' });
    expect(JSON.stringify(submitted.data)).not.toContain(VALID_COMPLAINT.reporter.name);
    expect(JSON.stringify(submitted.data)).not.toContain(VALID_COMPLAINT.reporter.email);
    expect(submitted.data).not.toHaveProperty('divisionIds');

    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    const acknowledged = await stream.next(complaintEvent(tn, 'acknowledge'));
    expect(acknowledged.data).toMatchObject({ version: 2, state: 'acknowledged', actorName: 'rina', actorType: 'staff', at: t.clock.now().toISOString() });
    expect(acknowledged.id).toMatch(/^[0-9a-f]+\.\d+$/);
  });

  it('tells a division officer only about complaints disposed to their division', async () => {
    const pp = await open(officerPP);
    const pm = await open(officerPM);
    const first = await submit();
    const second = await submit();
    for (const tn of [first, second]) expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await kasie.act(first, 'dispose', { divisionIds: [divisions.PP], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    expect((await kasie.act(second, 'dispose', { divisionIds: [divisions.PM], instruction: 'Mohon ditindaklanjuti.' })).status).toBe(200);
    // Each officer's first complaint event is their own division's: nothing of the other's, nor of the submissions.
    expect((await pp.next((m) => m.event === 'complaint')).data).toMatchObject({ trackingNumber: first, action: 'dispose', state: 'disposed' });
    expect((await pm.next((m) => m.event === 'complaint')).data).toMatchObject({ trackingNumber: second, action: 'dispose', state: 'disposed' });
  });

  it('replays what a reconnecting page missed on the same instance (Last-Event-ID)', async () => {
    const stream = await open(kasieOnPeer);
    const tn = await submit();
    const seen = await stream.next(complaintEvent(tn, 'submitted'));
    stream.close();
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    const again = await open(kasieOnPeer, { 'last-event-id': seen.id ?? '' });
    expect((await again.next(complaintEvent(tn))).data).toMatchObject({ action: 'acknowledge', version: 2 });
    const stranger = await open(kasieOnPeer, { 'last-event-id': 'ffffffff.1' });
    expect((await stranger.next()).event).toBe('resync');
  });

  it('refuses a stale action saying who did what and when, even when the action is no longer possible', async () => {
    const tn = await submit();
    const seen = (await kasie.get<{ version: number }>(`/api/staff/complaints/${tn}`)).body.version;
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    const at = t.clock.now().toISOString();
    const stale = await kasie.post<{ error: Json }>(`/api/staff/complaints/${tn}/actions/classify`, { version: seen, confidential: true });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', state: 'acknowledged', version: 2, lastEvent: { action: 'acknowledge', actorName: 'rina', actorType: 'staff', at } });
    // Acknowledging again is impossible now; the answer still says it was stale and who did it.
    const twice = await staff.post<{ error: Json }>(`/api/staff/complaints/${tn}/actions/acknowledge`, { version: seen });
    expect(twice.body.error).toMatchObject({ code: 'stale_version', lastEvent: { action: 'acknowledge', actorName: 'rina' } });
  });

  it('shows who else has a complaint open, to every instance, and forgets a page that stopped saying so', async () => {
    const tn = await submit();
    const watcher = await open(kasieOnPeer);
    const joined = await staff.request<{ viewers: Json[] }>('POST', `/api/staff/complaints/${tn}/presence`);
    expect(joined.status).toBe(200);
    expect(joined.body.viewers).toEqual([expect.objectContaining({ name: 'rina' })]);
    expect((await watcher.next((m) => m.event === 'presence' && m.data.trackingNumber === tn)).data.viewers).toEqual([expect.objectContaining({ name: 'rina' })]);

    const both = await kasieOnPeer.request<{ viewers: { name: string }[] }>('POST', `/api/staff/complaints/${tn}/presence`);
    expect(both.body.viewers.map((v) => v.name)).toEqual(['kasie', 'rina']);
    expect((await watcher.next((m) => m.event === 'presence' && m.data.trackingNumber === tn)).data.viewers).toHaveLength(2);

    // Rina's page stops its heartbeat: 45 s later she is gone.
    t.clock.advance(30_000);
    await kasieOnPeer.request('POST', `/api/staff/complaints/${tn}/presence`);
    t.clock.advance(20_000);
    const later = await kasieOnPeer.request<{ viewers: { name: string }[] }>('POST', `/api/staff/complaints/${tn}/presence`);
    expect(later.body.viewers.map((v) => v.name)).toEqual(['kasie']);
    expect((await watcher.next((m) => m.event === 'presence' && m.data.trackingNumber === tn)).data.viewers).toEqual([expect.objectContaining({ name: 'kasie' })]);

    const left = await kasieOnPeer.request<{ viewers: Json[] }>('DELETE', `/api/staff/complaints/${tn}/presence`);
    expect(left.body.viewers).toEqual([]);
    // A division officer may not announce themselves on a complaint they cannot see.
    expect((await officerPP.request('POST', `/api/staff/complaints/${tn}/presence`)).status).toBe(404);
  });

  it('tells of the reporter’s reply and of the scheduler’s auto-close, with no name for either', async () => {
    const stream = await open(kasieOnPeer);
    const res = await new Client(t.url).post<Json>('/api/public/complaints', VALID_COMPLAINT);
    const tn = res.body.trackingNumber as string;
    const reporter = new Client(t.url);
    const code = { 'x-access-code': res.body.accessCode as string };
    await staff.act(tn, 'acknowledge');
    await staff.act(tn, 'request_clarification', { message: 'Mohon lampirkan nomor permohonan.' });
    expect((await reporter.post(`/api/public/complaints/${tn}/replies`, { message: 'Nomor permohonan saya 123/PBG/2026.' }, code)).status).toBeLessThan(300);
    expect((await stream.next(complaintEvent(tn, 'reporter_reply'))).data).toMatchObject({ actorName: null, actorType: 'reporter', state: 'acknowledged' });
    await staff.act(tn, 'draft_answer', { body: 'Jawaban kami: PBG Anda terbit minggu ini.' });
    await kasie.act(tn, 'approve_answer');
    t.clock.advance(20 * 86_400_000);
    expect(await autoCloseDue(t.ctx)).toBeGreaterThanOrEqual(1);
    expect((await stream.next(complaintEvent(tn, 'auto_close'))).data).toMatchObject({ actorName: null, actorType: 'system', state: 'closed' });
  });

  it('carries a notification to its user only (the bell’s hook: publish from any module, any instance)', async () => {
    const kasieStream = await open(kasieOnPeer);
    const ppStream = await open(officerPP);
    const ids = Object.fromEntries((await t.db.kysely.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id]));
    await publish(t.ctx, { type: 'notification', userId: ids['pp@test.local'] as number });
    await publish(t.ctx, { type: 'notification', userId: ids['kasie@test.local'] as number });
    expect((await kasieStream.next((m) => m.event === 'notification')).data).toEqual({ userId: ids['kasie@test.local'] });
    expect((await ppStream.next((m) => m.event === 'notification')).data).toEqual({ userId: ids['pp@test.local'] });
  });

  it('ends the stream when its session logs out', async () => {
    const client = await Client.login(peer, 'kasie@test.local');
    const stream = await open(client);
    expect((await client.post('/api/auth/logout', {})).status).toBe(200);
    expect(await stream.ended()).toBe(true);
  });
});
