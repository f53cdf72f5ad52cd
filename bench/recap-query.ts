/**
 * The one-year recap, measured at query level: there is no recap endpoint yet, so this runs
 * the aggregation an endpoint would run (counts by state, channel and permit type; first
 * response met; median and p90 of days from receipt to answer as a proxy for working days)
 * through Kysely on either database and times it.
 *
 * Two shapes are timed: `separate` (one query per figure, the obvious implementation) and
 * `single-pass` (one GROUP BY state, channel, permit type rolled up in JavaScript, plus the
 * percentile query), which reads the year's rows once instead of four times.
 *
 *   npx tsx bench/recap-query.ts --file data/aduan.sqlite --year 2025
 *   npx tsx bench/recap-query.ts --url postgres://… --year 2025
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database.js';

export interface RecapFigures {
  total: number;
  byState: Record<string, number>;
  byChannel: Record<string, number>;
  byPermitType: Record<string, number>;
  firstResponse: { met: number; measured: number; share: number };
  answerDays: { answered: number; median: number | null; p90: number | null };
}

export interface RecapTiming {
  year: number;
  /** Milliseconds of the whole recap, per shape: first run and best of the following runs. */
  separate: { firstMs: number; bestMs: number; queriesMs: Record<string, number> };
  singlePass: { firstMs: number; bestMs: number; queriesMs: Record<string, number> };
  figures: RecapFigures;
}

/** The Jakarta calendar year as UTC instants (ISO strings compare correctly on both databases). */
function yearRange(year: number): [string, string] {
  return [new Date(`${year}-01-01T00:00:00+07:00`).toISOString(), new Date(`${year + 1}-01-01T00:00:00+07:00`).toISOString()];
}

async function timed<T>(into: Record<string, number>, name: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await run();
  into[name] = performance.now() - t0;
  return value;
}

/** Days from receipt to answer: percentile_disc semantics on both databases. */
async function answerDays(db: Db, from: string, to: string): Promise<RecapFigures['answerDays']> {
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ answered: number; median: number | null; p90: number | null }>`
      SELECT count(*) AS answered,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at) / 86400) AS median,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at) / 86400) AS p90
      FROM complaints WHERE received_at >= ${from} AND received_at < ${to} AND answered_at IS NOT NULL`.execute(db.kysely);
    const row = rows[0];
    return { answered: Number(row?.answered ?? 0), median: row?.median ?? null, p90: row?.p90 ?? null };
  }
  const { rows } = await sql<{ answered: number | null; median: number | null; p90: number | null }>`
    WITH d AS (
      SELECT julianday(answered_at) - julianday(received_at) AS days FROM complaints
      WHERE received_at >= ${from} AND received_at < ${to} AND answered_at IS NOT NULL
    ), r AS (SELECT days, row_number() OVER (ORDER BY days) AS rn, count(*) OVER () AS n FROM d)
    SELECT max(n) AS answered, min(CASE WHEN rn >= 0.5 * n THEN days END) AS median, min(CASE WHEN rn >= 0.9 * n THEN days END) AS p90 FROM r`.execute(db.kysely);
  const row = rows[0];
  return { answered: Number(row?.answered ?? 0), median: row?.median ?? null, p90: row?.p90 ?? null };
}

/** One query per figure. */
export async function recapSeparate(db: Db, year: number, queriesMs: Record<string, number> = {}): Promise<RecapFigures> {
  const [from, to] = yearRange(year);
  const k = db.kysely;
  const inYear = () => k.selectFrom('complaints').where('received_at', '>=', from).where('received_at', '<', to);
  const byState = await timed(queriesMs, 'byState', () => inYear().select(['state', sql<number>`count(*)`.as('n')]).groupBy('state').execute());
  const byChannel = await timed(queriesMs, 'byChannel', () => inYear().select(['channel', sql<number>`count(*)`.as('n')]).groupBy('channel').execute());
  const byPermit = await timed(queriesMs, 'byPermitType', () =>
    inYear()
      .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
      .select([sql<string | null>`permit_types.code`.as('code'), sql<number>`count(*)`.as('n')])
      .groupBy('permit_types.code')
      .execute(),
  );
  const first = await timed(queriesMs, 'firstResponse', () =>
    inYear()
      .select([sql<number>`coalesce(sum(CASE WHEN first_response_met = 1 THEN 1 ELSE 0 END), 0)`.as('met'), sql<number>`count(first_response_met)`.as('measured')])
      .executeTakeFirstOrThrow(),
  );
  const days = await timed(queriesMs, 'answerDays', () => answerDays(db, from, to));
  const met = Number(first.met);
  const measured = Number(first.measured);
  return {
    total: byState.reduce((s, r) => s + Number(r.n), 0),
    byState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])),
    byChannel: Object.fromEntries(byChannel.map((r) => [r.channel, Number(r.n)])),
    byPermitType: Object.fromEntries(byPermit.map((r) => [r.code ?? '(none)', Number(r.n)])),
    firstResponse: { met, measured, share: measured ? met / measured : 0 },
    answerDays: days,
  };
}

/** One pass over the year grouped by all three dimensions, rolled up here. */
export async function recapSinglePass(db: Db, year: number, queriesMs: Record<string, number> = {}): Promise<RecapFigures> {
  const [from, to] = yearRange(year);
  const k = db.kysely;
  const groups = await timed(queriesMs, 'grouped', () =>
    k
      .selectFrom('complaints')
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .select([
        'state',
        'channel',
        'permit_type_id',
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(CASE WHEN first_response_met = 1 THEN 1 ELSE 0 END)`.as('met'),
        sql<number>`count(first_response_met)`.as('measured'),
      ])
      .groupBy(['state', 'channel', 'permit_type_id'])
      .execute(),
  );
  const permits = new Map((await k.selectFrom('permit_types').select(['id', 'code']).execute()).map((p) => [p.id, p.code]));
  const days = await timed(queriesMs, 'answerDays', () => answerDays(db, from, to));
  const add = (into: Record<string, number>, key: string, n: number) => {
    into[key] = (into[key] ?? 0) + n;
  };
  const figures: RecapFigures = { total: 0, byState: {}, byChannel: {}, byPermitType: {}, firstResponse: { met: 0, measured: 0, share: 0 }, answerDays: days };
  for (const g of groups) {
    const n = Number(g.n);
    figures.total += n;
    add(figures.byState, g.state, n);
    add(figures.byChannel, g.channel, n);
    add(figures.byPermitType, g.permit_type_id === null ? '(none)' : (permits.get(g.permit_type_id) ?? String(g.permit_type_id)), n);
    figures.firstResponse.met += Number(g.met);
    figures.firstResponse.measured += Number(g.measured);
  }
  figures.firstResponse.share = figures.firstResponse.measured ? figures.firstResponse.met / figures.firstResponse.measured : 0;
  return figures;
}

/** Runs each shape `runs` times; the first run is reported apart (colder caches). */
export async function timeRecap(db: Db, year: number, runs = 3): Promise<RecapTiming> {
  const measure = async (shape: typeof recapSeparate) => {
    const times: number[] = [];
    let queriesMs: Record<string, number> = {};
    let figures: RecapFigures | undefined;
    for (let i = 0; i < runs; i++) {
      const q: Record<string, number> = {};
      const t0 = performance.now();
      figures = await shape(db, year, q);
      times.push(performance.now() - t0);
      if (i === runs - 1) queriesMs = q;
    }
    const rest = times.length > 1 ? times.slice(1) : times;
    return { firstMs: times[0] as number, bestMs: Math.min(...rest), queriesMs, figures: figures as RecapFigures };
  };
  const separate = await measure(recapSeparate);
  const singlePass = await measure(recapSinglePass);
  return {
    year,
    separate: { firstMs: separate.firstMs, bestMs: separate.bestMs, queriesMs: separate.queriesMs },
    singlePass: { firstMs: singlePass.firstMs, bestMs: singlePass.bestMs, queriesMs: singlePass.queriesMs },
    figures: separate.figures,
  };
}

async function cli(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, url: { type: 'string' }, year: { type: 'string', default: '2025' } } });
  const db = values.url ? openDatabase({ dialect: 'postgres', url: values.url }) : openDatabase({ dialect: 'sqlite', file: values.file ?? 'data/aduan.sqlite' });
  try {
    console.log(JSON.stringify(await timeRecap(db, Number(values.year)), null, 2));
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
