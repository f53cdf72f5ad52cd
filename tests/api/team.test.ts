import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { runDeadlineAlerts, runStaffDigest } from '../../src/scheduler/reminders.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
type Person = { id: number; name: string } | null;
type Detail = { version: number; state: string; owner: Person; dispositions: { id: number; owner: Person }[]; events: { type: string; data: Json | null }[] };
type Notice = { id: number; kind: string; trackingNumber: string | null; actor: string | null; data: Json | null; readAt: string | null };
type Section = { key: string; count: number; items: { trackingNumber: string; note: string | null; dueAt: string | null; overdue: boolean; dispositionId: number | null }[] };

describe.each(DIALECTS)('a named owner, my work and notifications on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  const c: Record<string, Client> = {};
  const id: Record<string, number> = {};
  let divisionPP = 0;
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));

  const submit = async (extra: Json = {}) => {
    const res = await new Client(t.url).post<Json>('/api/public/complaints', { ...VALID_COMPLAINT, ...extra });
    expect(res.status).toBe(201);
    return res.body as { trackingNumber: string; accessCode: string };
  };
  const detail = async (tn: string, who = 'kasie') => (await c[who]!.get<Detail>(`/api/staff/complaints/${tn}`)).body;
  const assign = async (who: string, tn: string, body: Json) => c[who]!.post<Json>(`/api/staff/complaints/${tn}/assign`, { version: (await detail(tn)).version, ...body });
  /** Every notification so far, per user, as `kind tn`; the test reads what each hand-off added. */
  const noticesOf = async (who: string) => (await c[who]!.get<{ items: Notice[]; unread: number }>('/api/staff/notifications')).body;
  const allNotices = async () =>
    (await t.db.kysely.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.email', 'notifications.kind', 'notifications.id']).orderBy('notifications.id').execute()).map(
      (r) => ({ id: r.id, to: r.email.split('@')[0], kind: r.kind }),
    );
  let seen = 0;
  /** The notifications written since the last call. */
  const newNotices = async () => {
    const all = await allNotices();
    const fresh = all.filter((n) => n.id > seen).map(({ to, kind }) => `${kind}→${to}`);
    seen = all.reduce((m, n) => Math.max(m, n.id), seen);
    return fresh.sort();
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { at: '2026-11-24T03:00:00.000Z', env: { SMTP_URL: sink.url } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    await addStaff(t, 'rina@test.local', 'staff');
    await addStaff(t, 'budi@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    await addStaff(t, 'pp2@test.local', 'division_officer', 'PP');
    await addStaff(t, 'pm@test.local', 'division_officer', 'PM');
    for (const u of ['rina', 'budi', 'kasie', 'kabid', 'pp', 'pp2', 'pm']) {
      c[u] = await Client.login(t, `${u}@test.local`);
      id[u] = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', `${u}@test.local`).executeTakeFirstOrThrow()).id;
    }
    c.admin = await Client.login(t, 'admin@test.local', 'admin-password-123');
    divisionPP = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('takes, assigns and reassigns with a version check, logs each, and refuses the wrong roles', async () => {
    const { trackingNumber: tn } = await submit();
    await newNotices();
    // Acknowledging makes Rina the owner; nobody is told of their own step.
    expect((await c.rina!.act(tn, 'acknowledge', { message: 'Diterima.' })).status).toBe(200);
    expect((await detail(tn)).owner).toEqual({ id: id.rina, name: 'rina' });
    expect(await newNotices()).toEqual([]);

    // Budi may not take what Rina holds; an officer and the admin may not assign at all.
    expect((await assign('budi', tn, { userId: id.budi })).status).toBe(403);
    expect((await assign('pp', tn, { userId: id.pp })).status).toBe(404);
    expect((await c.admin!.post(`/api/staff/complaints/${tn}/assign`, { version: 1, userId: id.budi })).status).toBe(403);
    // Stale version, an officer as intake owner, an unknown user: refused, nothing changes.
    const before = await detail(tn);
    expect((await c.kasie!.post<Json>(`/api/staff/complaints/${tn}/assign`, { version: before.version - 1, userId: id.budi })).body).toMatchObject({ error: { code: 'stale_version' } });
    expect((await assign('kasie', tn, { userId: id.pp })).status).toBe(422);
    expect((await assign('kasie', tn, { userId: 99999 })).status).toBe(422);
    expect((await assign('kasie', tn, { userId: 'x' })).status).toBe(422);
    expect(await detail(tn)).toMatchObject({ version: before.version, owner: { id: id.rina } });

    // The head of section reassigns to Budi: one action, logged with from/to, both told, not the head.
    const moved = await assign('kasie', tn, { userId: id.budi });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ owner: { id: id.budi, name: 'budi' }, version: before.version + 1 });
    const after = await detail(tn);
    expect(after.owner?.id).toBe(id.budi);
    expect(after.events.at(-1)).toMatchObject({ type: 'assign', data: { fromUserId: id.rina, toUserId: id.budi } });
    expect(await newNotices()).toEqual(['assigned→budi', 'unassigned→rina']);
    const budi = await noticesOf('budi');
    expect(budi.items[0]).toMatchObject({ kind: 'assigned', trackingNumber: tn, actor: 'kasie', readAt: null });
    expect(budi.unread).toBe(1);

    // Budi releases it; Rina takes it back (a `take`), nobody told of their own take.
    expect((await assign('budi', tn, { userId: null })).status).toBe(200);
    expect((await assign('rina', tn, { userId: id.rina })).status).toBe(200);
    expect((await detail(tn)).events.at(-1)).toMatchObject({ type: 'take', data: { fromUserId: null, toUserId: id.rina } });
    expect(await newNotices()).toEqual([]);
    // The public timeline does not show who handles it.
    const events = await t.db.kysely.selectFrom('complaint_events').select(['type', 'is_public']).where('type', 'in', ['assign', 'take']).execute();
    expect(events.every((e) => e.is_public === 0)).toBe(true);

    // The inbox shows and filters by owner.
    const mine = await c.rina!.get<{ items: { trackingNumber: string; owner: Person }[] }>('/api/staff/complaints?owner=me');
    expect(mine.body.items.map((i) => i.trackingNumber)).toContain(tn);
    expect(mine.body.items.find((i) => i.trackingNumber === tn)?.owner).toEqual({ id: id.rina, name: 'rina' });
    const none = await c.rina!.get<{ items: { trackingNumber: string }[] }>('/api/staff/complaints?owner=none');
    expect(none.body.items.map((i) => i.trackingNumber)).not.toContain(tn);
    expect((await c.rina!.get(`/api/staff/complaints?owner=${id.budi}`)).body).toMatchObject({ total: 0 });
  });

  it('tells the right people at each hand-off, and never the one who acted', async () => {
    const { trackingNumber: tn, accessCode } = await submit({ anonymous: true, reporter: { name: 'Siti Rahasia', email: 'siti@contoh.id' } });
    await c.rina!.act(tn, 'acknowledge');
    await c.rina!.act(tn, 'request_clarification', { message: 'Nomor permohonan?' });
    await newNotices();
    // The reporter replies: the owner hears of it.
    expect((await new Client(t.url).post(`/api/public/complaints/${tn}/replies`, { message: 'PRM-1' }, { 'x-access-code': accessCode })).status).toBe(200);
    expect(await newNotices()).toEqual(['reporter_replied→rina']);
    const replied = (await c.rina!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections.find((s) => s.key === 'replied');
    expect(replied?.items.map((i) => i.trackingNumber)).toContain(tn);

    // Step 4 is the heads' turn once the sheet is printed: "Tugas saya" says so, and stops saying it once disposed.
    const toDispose = async () => (await c.kasie!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections.find((s) => s.key === 'to_dispose')?.items.map((i) => i.trackingNumber) ?? [];
    expect(await toDispose()).not.toContain(tn);
    await c.rina!.act(tn, 'print_sheet');
    expect(await toDispose()).toContain(tn);
    // Disposed to PP: both PP officers, not PM, not the head who disposed.
    await c.kasie!.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon ditindaklanjuti.' });
    expect(await toDispose()).not.toContain(tn);
    expect(await newNotices()).toEqual(['disposition_received→pp', 'disposition_received→pp2']);
    // The division's unowned dispositions wait for its officers; one takes it, the other may not.
    let ppWork = (await c.pp!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections;
    const dispositionId = ppWork.find((s) => s.key === 'division')?.items.find((i) => i.trackingNumber === tn)?.dispositionId;
    expect(dispositionId).toBeTypeOf('number');
    expect((await assign('pm', tn, { userId: id.pm, dispositionId })).status).toBe(404);
    expect((await assign('pp', tn, { userId: id.pp, dispositionId })).status).toBe(200);
    expect((await assign('pp2', tn, { userId: id.pp2, dispositionId })).status).toBe(403);
    expect((await detail(tn)).dispositions[0]?.owner).toEqual({ id: id.pp, name: 'pp' });
    ppWork = (await c.pp!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections;
    expect(ppWork.find((s) => s.key === 'dispositions')?.items.map((i) => i.trackingNumber)).toContain(tn);
    expect(ppWork.find((s) => s.key === 'division')?.items.map((i) => i.trackingNumber)).not.toContain(tn);
    await newNotices();

    // Follow-up recorded: the owner and the head who disposed it.
    await c.pp!.act(tn, 'record_follow_up', { followUp: 'Sudah diproses.', advocacy: 'Cek portal.' });
    expect(await newNotices()).toEqual(['follow_up_done→kasie', 'follow_up_done→rina']);

    // A draft waits for the approving roles, not for staff.
    await c.rina!.act(tn, 'draft_answer', { body: 'Izin Anda telah terbit.' });
    expect(await newNotices()).toEqual(['approval_awaited→kabid', 'approval_awaited→kasie']);
    const kabidWork = (await c.kabid!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections;
    expect(kabidWork.find((s) => s.key === 'approvals')?.items.map((i) => i.trackingNumber)).toContain(tn);

    // Kasie gives Budi the complaint, then returns Rina's draft: it goes back to Rina, with the reason.
    await assign('kasie', tn, { userId: id.budi });
    await newNotices();
    await c.kasie!.act(tn, 'return_answer', { note: 'Sebutkan nomor izinnya.' });
    expect(await newNotices()).toEqual(['draft_returned→rina']);
    expect((await detail(tn)).owner?.id).toBe(id.rina);
    const returned = (await c.rina!.get<{ sections: Section[] }>('/api/staff/my-work')).body.sections.find((s) => s.key === 'returned');
    expect(returned?.items.find((i) => i.trackingNumber === tn)?.note).toBe('Sebutkan nomor izinnya.');

    await c.rina!.act(tn, 'draft_answer', { body: 'Izin Anda nomor 123 telah terbit.' });
    await newNotices();
    await c.kabid!.act(tn, 'approve_answer');
    expect(await newNotices()).toEqual(['answer_approved→rina']);

    // Nobody's notification carries the anonymous reporter's name.
    const stored = await t.db.kysely.selectFrom('notifications').select('data').execute();
    expect(JSON.stringify(stored)).not.toContain('Siti');
    const officerList = JSON.stringify((await noticesOf('pp')).items);
    expect(officerList).toContain(tn);
    expect(officerList).not.toContain('Siti');
  });

  it('reads and marks notifications, each person only their own', async () => {
    const before = await noticesOf('rina');
    expect(before.unread).toBeGreaterThan(1);
    const first = before.items[0]!;
    expect((await c.rina!.post<{ unread: number }>('/api/staff/notifications/read', { ids: [first.id] })).body.unread).toBe(before.unread - 1);
    // Someone else's id changes nothing.
    const budiFirst = (await noticesOf('budi')).items[0]!;
    expect((await c.rina!.post('/api/staff/notifications/read', { ids: [budiFirst.id] })).status).toBe(200);
    expect((await noticesOf('budi')).items[0]?.readAt).toBeNull();
    expect((await c.rina!.get<{ items: Notice[] }>('/api/staff/notifications?unreadOnly=true')).body.items.map((n) => n.id)).not.toContain(first.id);
    expect((await c.rina!.post('/api/staff/notifications/read', { ids: [] })).status).toBe(422);
    expect((await c.rina!.post('/api/staff/notifications/read', { all: true })).body).toEqual({ unread: 0 });
    expect((await c.rina!.get('/api/staff/notifications/count')).body).toEqual({ unread: 0 });
  });

  it('lists my work overdue and nearest deadline first', async () => {
    t.clock.set('2026-11-24T03:00:00.000Z');
    const early = (await submit()).trackingNumber;
    t.clock.set('2026-11-25T03:00:00.000Z');
    const late = (await submit()).trackingNumber;
    for (const tn of [late, early]) expect((await assign('kasie', tn, { userId: id.budi })).status).toBe(200);
    // Thursday: the first complaint's first response is overdue, the second's is due today.
    t.clock.set('2026-11-26T02:00:00.000Z');
    const assigned = (await c.budi!.get<{ sections: Section[]; total: number }>('/api/staff/my-work')).body;
    const section = assigned.sections.find((s) => s.key === 'assigned')!;
    const order = section.items.map((i) => i.trackingNumber).filter((tn) => tn === early || tn === late);
    expect(order).toEqual([early, late]);
    expect(section.items.find((i) => i.trackingNumber === early)?.overdue).toBe(true);
    expect(assigned.total).toBe(assigned.sections.reduce((n, s) => n + s.count, 0));
    expect(assigned.sections.map((s) => s.key)).toEqual(['assigned', 'returned', 'replied']);
  });

  it('sends the mail copy by each person\'s preference', async () => {
    const { trackingNumber: tn } = await submit();
    await drain();
    sink.received.length = 0;
    expect((await c.budi!.request('PUT', '/api/staff/me/notifications', { json: { newComplaints: 'off' } })).status).toBe(200);
    await assign('kasie', tn, { userId: id.budi });
    await assign('kasie', tn, { userId: id.rina });
    await drain();
    // Rina (immediate by default) gets the mail; Budi, who chose no mail, only the bell.
    const toRina = sink.to('rina@test.local');
    expect(toRina.map((m) => m.subject)).toEqual([`Ditugaskan kepada Anda: ${tn}`]);
    expect(toRina[0]?.text).toContain(`/office/pengaduan/${tn}`);
    expect(sink.to('budi@test.local')).toHaveLength(0);
    expect((await noticesOf('budi')).items.slice(0, 2).map((n) => n.kind)).toEqual(['unassigned', 'assigned']);
  });

  it('rings the owner\'s bell before a deadline and the heads\' when it is missed', async () => {
    // Monday 30 November 2026, 10:00 WIB; first response due Tuesday 10:00 WIB.
    t.clock.set('2026-11-30T03:00:00.000Z');
    const { trackingNumber: tn } = await submit();
    await assign('kasie', tn, { userId: id.rina });
    const complaintId = (await t.db.kysely.selectFrom('complaints').select('id').where('tracking_number', '=', tn).executeTakeFirstOrThrow()).id;
    const bellsFor = async () =>
      (await t.db.kysely.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.email', 'notifications.kind']).where('complaint_id', '=', complaintId).where('kind', 'like', 'deadline_%').orderBy('notifications.id').execute()).map(
        (r) => `${r.kind}→${r.email.split('@')[0]}`,
      );
    // 14:30 WIB: more than half the working day used: Rina (who handles it) is reminded, not the whole desk.
    t.clock.set('2026-11-30T07:30:00.000Z');
    await runDeadlineAlerts(t.ctx);
    expect(await bellsFor()).toEqual(['deadline_approaching→rina']);
    // Tuesday 11:00 WIB: missed; the head of section is told, and Rina's bell rings again.
    t.clock.set('2026-12-01T04:00:00.000Z');
    await runDeadlineAlerts(t.ctx);
    expect((await bellsFor()).slice(1).sort()).toEqual(['deadline_missed→kasie', 'deadline_missed→rina']);
  });

  it('puts unread notifications into the daily digest of those who chose it', async () => {
    t.clock.set('2026-12-02T03:00:00.000Z');
    const { trackingNumber: tn } = await submit();
    await drain();
    sink.received.length = 0;
    expect((await c.pp!.request('PUT', '/api/staff/me/notifications', { json: { newComplaints: 'digest' } })).status).toBe(200);
    await c.rina!.act(tn, 'acknowledge');
    await c.kasie!.act(tn, 'dispose', { divisionIds: [divisionPP], instruction: 'Mohon dicek.' });
    await drain();
    // pp2 (immediate) got the disposition by mail; pp waits for the digest.
    expect(sink.to('pp2@test.local').map((m) => m.subject)).toContain(`Disposisi pengaduan ${tn}`);
    expect(sink.to('pp@test.local')).toHaveLength(0);
    // Thursday 07:15 WIB.
    t.clock.set('2026-12-03T00:15:00.000Z');
    expect(await runStaffDigest(t.ctx)).toBeGreaterThanOrEqual(1);
    await drain();
    const digest = sink.to('pp@test.local');
    expect(digest.map((m) => m.subject)).toEqual([expect.stringMatching(/^Ringkasan harian: \d+ notifikasi$/)]);
    expect(digest[0]?.text).toContain(`Disposisi ke bidang Anda: ${tn}`);
  });

  it('names who handles each complaint in the register and counts per person in the recap', async () => {
    const { trackingNumber: unowned } = await submit();
    const register = await c.kasie!.get<{ items: { trackingNumber: string; owner: string | null }[] }>('/api/staff/register?from=2026-11-01&to=2026-12-31&pageSize=1000');
    expect(register.status).toBe(200);
    const owners = new Set(register.body.items.map((r) => r.owner));
    expect(owners).toContain('rina');
    expect(register.body.items.find((r) => r.trackingNumber === unowned)?.owner).toBeNull();
    const recap = await c.kasie!.get<{ current: { byPerson: { name: string; handled: number; answered: number; answerMet: number; followUps: number; followUpMet: number }[] } }>('/api/staff/recap?period=2026-11');
    expect(recap.status).toBe(200);
    const rina = recap.body.current.byPerson.find((p) => p.name === 'rina');
    const owned = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_user_id', '=', id.rina!).where('received_at', '<', '2026-11-30T17:00:00.000Z').executeTakeFirstOrThrow();
    expect(rina?.handled).toBe(Number(owned.n));
    expect(rina?.answered).toBe(1);
    expect(recap.body.current.byPerson.find((p) => p.name === 'pp')).toMatchObject({ followUps: 1, followUpMet: 1 });
    // Never on the public statistics.
    const statistics = await (await fetch(`${t.url}/api/public/statistics?year=2026`)).text();
    expect(statistics).not.toContain('byPerson');
    expect(statistics).not.toContain('rina');
  });
});
