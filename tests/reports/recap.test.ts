import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recap, RecapFigures } from '../../src/reports/recap.js';
import { backfillRecapTotals } from '../../src/db/migrations/0004_recap_totals.js';
import { recountRecapTotals } from '../../src/reports/recap-totals.js';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, type TestApp } from '../support/test-app.js';
import { buildRecapFixture, type Fixture } from './fixture.js';

const counts = (buckets: { key: string; count: number }[]) => Object.fromEntries(buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count]));

describe.each(DIALECTS)('the recap on %s', (dialect) => {
  let t: TestApp;
  let f: Fixture;
  let recap: Recap;

  beforeAll(async () => {
    // The fixture's few surveys: the public IKM shows from 2 respondents here (default 10; tests/api/portal-form.test.ts).
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', PUBLIC_IKM_MIN_RESPONDENTS: '2' } });
    f = await buildRecapFixture(t);
    const res = await f.kasie.get<Recap>('/api/staff/recap?period=2026-10');
    expect(res.status).toBe(200);
    recap = res.body;
  });
  afterAll(async () => t?.close());

  it('counts October 2026 by state, channel, permit type, division, class and topic', () => {
    const c = recap.current;
    expect(c.period).toMatchObject({ from: '2026-10-01', to: '2026-10-31', kind: 'month', label: 'Oktober 2026' });
    expect(c.total).toBe(6);
    expect(counts(c.byState)).toEqual({ answered: 1, reopened: 1, closed: 1, received: 1, rejected: 1, acknowledged: 1 });
    expect(counts(c.byChannel)).toEqual({ web: 4, phone: 1, letter: 1 });
    expect(c.byChannel.find((b) => b.key === 'web')).toMatchObject({ label: 'Situs web', share: 0.6667 });
    expect(c.byPermitType.map((b) => [b.key, b.count])).toEqual([['none', 3], [String(f.ids.pbg), 2], [String(f.ids.krk), 1]]);
    expect(c.byDivision.map((b) => [b.key, b.count])).toEqual([[String(f.ids.pp), 1]]);
    expect(c.byClass.map((b) => [b.key, b.count])).toEqual([[String(f.ids.biasa), 5], [String(f.ids.sederhana), 1]]);
    expect(c.topics).toEqual([{ key: String(f.ids.penundaan), label: 'Penundaan berlarut', count: 1, share: 0.1667, query: `from=2026-10-01&to=2026-10-31&themeId=${f.ids.penundaan}` }]);
    expect(c.byMonth.map((b) => [b.key, b.count, b.query])).toEqual([['2026-10', 6, 'from=2026-10-01&to=2026-10-31']]);
  });

  it('measures the deadlines: first response, working days to answer, overdue and reopened', () => {
    const c = recap.current;
    // A, C, E (reject), F on time; B late; D never answered and past due.
    expect(c.firstResponse).toMatchObject({ met: 4, late: 1, overdueWithoutResponse: 1, pending: 0, shareMet: 0.6667 });
    // 3.00, 3.25, 4.00 working days: median 3.25; p90 at rank 1.8 = 3.25 + 0.8 × 0.75 = 3.85.
    expect(c.answer).toMatchObject({ answered: 3, met: 3, late: 0, overdueUnanswered: 1, overdueNow: 2, shareMet: 0.75, medianWorkingDays: 3.25, p90WorkingDays: 3.85 });
    expect(c.reopen).toEqual({ reopened: 1, answered: 3, rate: 0.3333 });
    // B's new answer deadline after the dispute (14 working days from 8 Oct) passed on 28 Oct.
    // Backlog on 2 Nov: F (7 days), B (28) and D (21); A only waits for the reporter.
    expect(c.backlog.open).toBe(3);
    expect(c.backlog.byAge.map((b) => [b.key, b.count])).toEqual([['0-7', 1], ['8-30', 2], ['31-90', 0], ['>90', 0]]);
    expect(c.backlog.byAge.map((b) => b.query)).toEqual([
      expect.stringContaining('from=2026-10-26&to=2026-10-31'),
      expect.stringContaining('from=2026-10-03&to=2026-10-25'),
      expect.stringContaining('from=2026-10-01&to=2026-10-02'),
      null,
    ]);
  });

  it('computes the satisfaction index of the three surveys as worked out by hand', () => {
    const s = recap.current.satisfaction;
    expect(s.respondents).toBe(3);
    expect(s.ikm).toBe(80.56);
    expect(s.grade).toBe('B');
    expect(s.elements.map((e) => e.nrr)).toEqual([3, 3.67, 3, 4, 3, 3.33, 3.67, 2, 3.33]);
    expect(s.elements[7]).toMatchObject({ element: 8, name: 'Penanganan pengaduan, saran dan masukan', index: 50, grade: 'D' });
  });

  it('puts September beside it', () => {
    const p: RecapFigures = recap.previous;
    expect(p.period).toMatchObject({ from: '2026-09-01', to: '2026-09-30', label: 'September 2026' });
    expect(p.total).toBe(1);
    expect(counts(p.byState)).toEqual({ closed: 1 });
    expect(p.firstResponse.shareMet).toBe(1);
    expect(p.answer).toMatchObject({ answered: 1, medianWorkingDays: 2, p90WorkingDays: 2 });
    expect(p.satisfaction).toMatchObject({ respondents: 0, ikm: null, grade: null });
  });

  it('links every figure to exactly the complaints the inbox lists for it', async () => {
    const c = recap.current;
    const listed = async (query: string) => {
      const res = await f.kasie.get<{ total: number }>(`/api/staff/complaints?${query}&pageSize=100`);
      expect(res.status, query).toBe(200);
      return res.body.total;
    };
    const buckets = [...c.byState, ...c.byChannel, ...c.byPermitType, ...c.byDivision, ...c.byClass, ...c.topics, ...c.byMonth, ...c.backlog.byAge].filter((b) => b.query !== null);
    expect(buckets.length).toBeGreaterThan(25);
    for (const b of buckets) expect(await listed(b.query as string), b.query as string).toBe(b.count);
    expect(await listed(c.totalQuery as string)).toBe(c.total);
    expect(await listed(c.backlog.openQuery as string)).toBe(c.backlog.open);
    expect(await listed(c.answer.overdueQuery as string)).toBe(c.answer.overdueNow);
    const timeliness: [string | null, number][] = [
      [c.firstResponse.queries.met, c.firstResponse.met],
      [c.firstResponse.queries.late, c.firstResponse.late],
      [c.firstResponse.queries.overdue, c.firstResponse.overdueWithoutResponse],
      [c.firstResponse.queries.pending, c.firstResponse.pending],
      [c.answer.queries.met, c.answer.met],
      [c.answer.queries.late, c.answer.late],
      [c.answer.queries.overdue, c.answer.overdueUnanswered],
    ];
    for (const [query, count] of timeliness) expect(await listed(query as string), query as string).toBe(count);
    expect(c.satisfaction.respondents).toBe(3);
    expect(await listed(c.satisfaction.respondentsQuery as string)).toBe(3);
    // The fixture has some of each that can be non-zero, so the links are not all trivially empty.
    expect(timeliness.filter(([, n]) => n > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('gives the same figures for the same dates as from/to, and refuses bad periods and other roles', async () => {
    const byDates = await f.kasie.get<Recap>('/api/staff/recap?from=2026-10-01&to=2026-10-31');
    expect(byDates.body.current).toEqual(recap.current);
    const range = await f.kasie.get<Recap>('/api/staff/recap?from=2026-10-05&to=2026-10-08');
    expect(range.body.current.total).toBe(2);
    expect(range.body.previous.period).toMatchObject({ from: '2026-10-01', to: '2026-10-04' });
    expect(range.body.previous.total).toBe(1);

    for (const bad of ['from=2026-10-31&to=2026-10-01', 'period=2026-13', 'period=2026&from=2026-01-01', 'from=2026-10-01', '', 'from=2000-01-01&to=2026-01-01', 'period=x'.repeat(3)]) {
      const res = await f.kasie.get<{ error: { code: string; fields: unknown[] } }>(`/api/staff/recap?${bad}`);
      expect(res.status, bad).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await f.officer.get('/api/staff/recap?period=2026-10')).status).toBe(403);
    expect((await new Client(t.url).get('/api/staff/recap?period=2026-10')).status).toBe(401);
  });

  it('publishes an anonymised year without confidential complaints, links or people', async () => {
    const res = await new Client(t.url).get<{ year: number; current: RecapFigures; previous: RecapFigures }>('/api/public/statistics?year=2026');
    expect(res.status).toBe(200);
    // 2026: A, B, C, E, F, G — D is confidential.
    expect(res.body.current.total).toBe(6);
    expect(counts(res.body.current.byChannel)).toEqual({ web: 5, phone: 1 });
    expect(res.body.current.firstResponse).toMatchObject({ met: 5, late: 1, overdueWithoutResponse: 0 });
    expect(res.body.current.satisfaction.ikm).toBe(80.56);
    expect(res.body.previous.total).toBe(0);
    const text = JSON.stringify(res.body);
    for (const tn of Object.values(f.tn)) expect(text).not.toContain(tn);
    for (const secret of ['Pelapor Surat', 'Nama Tersembunyi', 'Agus Wijaya', 'pungutan liar', 'Query', 'queries', 'from=']) expect(text).not.toContain(secret);
    expect(res.body.current.byState.every((b) => b.query === null)).toBe(true);
    expect((await new Client(t.url).get('/api/public/statistics?year=abc')).status).toBe(422);
  });

  it('keeps the running totals equal to a recount, also after a SQL fix makes a complaint confidential', async () => {
    const db = t.db.kysely;
    const totals = async () => {
      const counts = await db.selectFrom('recap_day_counts').selectAll().execute();
      const surveys = await db.selectFrom('recap_day_surveys').selectAll().execute();
      const live = (r: Record<string, unknown>) => Object.entries(r).some(([k, v]) => !['day', 'is_confidential', 'dimension', 'key'].includes(k) && Number(v) !== 0);
      const norm = (rows: Record<string, unknown>[]) => rows.filter(live).map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && k !== 'day' && k !== 'key' && k !== 'dimension' ? Number(v) : v])))).sort();
      return { counts: norm(counts), surveys: norm(surveys) };
    };
    const recount = async () => {
      expect(await recountRecapTotals(t.ctx)).toBeGreaterThan(10);
      return totals();
    };
    const kept = await totals();
    expect(kept.counts.length).toBeGreaterThan(10);
    expect(kept).toEqual(await recount());

    // A has a division and a survey: both move out of the public figures with it.
    await db.updateTable('complaints').set({ is_confidential: 1 }).where('tracking_number', '=', f.tn.A).execute();
    const after = await totals();
    expect(after).not.toEqual(kept);
    expect(after).toEqual(await recount());
    const res = await new Client(t.url).get<{ current: RecapFigures }>('/api/public/statistics?year=2026');
    expect(res.body.current.total).toBe(5);
    expect(res.body.current.satisfaction.respondents).toBe(2);
    expect(res.body.current.byDivision).toEqual([]);
    const staffView = await f.kasie.get<Recap>('/api/staff/recap?period=2026-10');
    expect(staffView.body.current).toEqual({ ...recap.current });

    await db.updateTable('complaints').set({ is_confidential: 0 }).where('tracking_number', '=', f.tn.A).execute();
    expect(await totals()).toEqual(kept);
  });

  it('gives the same recap after the upgrade backfill fills the totals and columns of older complaints', async () => {
    const db = t.db.kysely;
    await db.updateTable('complaints').set({ answer_working_days: null, was_reopened: 0 }).execute();
    await db.deleteFrom('recap_day_counts').execute();
    await db.deleteFrom('recap_day_surveys').execute();
    expect((await f.kasie.get<Recap>('/api/staff/recap?period=2026-10')).body.current.total).toBe(0);
    await backfillRecapTotals(db as never, dialect);
    const again = await f.kasie.get<Recap>('/api/staff/recap?period=2026-10');
    expect(again.body).toEqual(recap);
    expect(again.body.current.answer).toMatchObject({ medianWorkingDays: recap.current.answer.medianWorkingDays });
    expect(again.body.current.reopen.reopened).toBe(1);
  });
});
