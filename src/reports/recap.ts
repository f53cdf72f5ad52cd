/**
 * The recap (*rekapan*, SOP step 7): one computation behind the dashboard, the XLSX and PDF
 * exports and the public statistics page.
 *
 * The population of a period is every complaint RECEIVED in it (Jakarta dates); each figure
 * is about those complaints as they stand now, so a period's figures settle as its complaints
 * are handled. Counts are sums over running totals per day (`recap_day_counts`, kept exact by
 * triggers: decision 0006), so a year costs a few thousand small rows, not a third of the
 * complaints; what depends on the current time (overdue, backlog by age) is read live from
 * the open complaints, and the median and 90th percentile from the working days to answer
 * stored with each answer.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { jakartaDate } from '../calendar/working-time.js';
import { CHANNELS, type Channel } from '../complaints/schema.js';
import type { AppContext } from '../context.js';
import { FINAL_STATES, PAUSED_STATES, STATES, type ComplaintState } from '../workflow/state-machine.js';
import { figuresByPerson, PersonFiguresSchema } from './by-person.js';
import { CHANNEL_LABELS, NOT_STATED, STATE_LABELS } from './labels.js';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import { recapCountExpressions } from '../db/migrations/0004_recap_totals.js';
import { lastOfMonth, monthLabel, monthsOf, periodLabel, previousPeriod, shiftDate, type Period } from './period.js';
import { roundHalfUp, satisfactionIndex, SURVEY_ELEMENTS, type SatisfactionIndex } from './satisfaction-index.js';

/** The office's backlog: not finished and not just waiting for the reporter to accept an answer. */
export const BACKLOG_STATES: readonly ComplaintState[] = STATES.filter((s) => !FINAL_STATES.includes(s) && s !== 'answered');
/** Backlog states in which a deadline runs (not paused), so `due_at` says whether it is overdue. */
export const RUNNING_STATES: readonly ComplaintState[] = BACKLOG_STATES.filter((s) => !PAUSED_STATES.includes(s));

/** One bar of a chart: `query` is the inbox query string (GET /api/staff/complaints?…) that lists the complaints behind it. */
export const BucketSchema = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  share: z.number().nullable().describe('count / total of the period, 4 decimals'),
  query: z.string().nullable().describe('Inbox query string listing these complaints; null when the inbox has no such filter'),
});
export type Bucket = z.infer<typeof BucketSchema>;

const ratio = z.number().nullable();

/** One side of the SP4N-LAPOR! comparison: counts from the running totals' channel rows. */
const LaporSideSchema = z.object({
  total: z.number().int(),
  firstResponseMet: z.number().int(),
  firstResponseLate: z.number().int(),
  answered: z.number().int(),
  answerMet: z.number().int(),
  answerLate: z.number().int(),
  query: z.string().nullable().describe('Inbox query string of these complaints; null when the inbox has no such filter'),
});

export const RecapFiguresSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), kind: z.enum(['month', 'quarter', 'year', 'range']), label: z.string() }),
  total: z.number().int(),
  totalQuery: z.string().nullable(),
  byState: z.array(BucketSchema),
  byChannel: z.array(BucketSchema),
  byPermitType: z.array(BucketSchema),
  byDivision: z.array(BucketSchema).describe('Complaints disposed to each division; one complaint may go to several'),
  byClass: z.array(BucketSchema),
  byMonth: z.array(BucketSchema),
  monthly: z
    .array(z.object({ month: z.string().describe("'YYYY-MM'"), label: z.string(), received: z.number().int(), answeredOnTime: z.number().int() }))
    .describe('Every month of the period, empty ones too: complaints received in it and how many of those were answered on time (the trend chart)'),
  topics: z.array(BucketSchema).describe('The most frequent themes, for service improvement'),
  firstResponse: z.object({
    met: z.number().int(),
    late: z.number().int(),
    overdueWithoutResponse: z.number().int(),
    pending: z.number().int().describe('No response yet, still within the working day'),
    shareMet: ratio.describe('met / (met + late + overdueWithoutResponse)'),
    queries: z.object({ met: z.string().nullable(), late: z.string().nullable(), overdue: z.string().nullable(), pending: z.string().nullable() }).describe('Inbox query strings of met, late, overdueWithoutResponse and pending'),
  }),
  answer: z.object({
    answered: z.number().int(),
    met: z.number().int(),
    late: z.number().int(),
    overdueUnanswered: z.number().int().describe('Never answered, still being handled, answer deadline passed'),
    overdueNow: z.number().int().describe('Being handled and its running deadline (first response or answer) has passed; the inbox list of overdueQuery'),
    overdueQuery: z.string().nullable(),
    shareMet: ratio.describe('met / (met + late + overdueUnanswered)'),
    medianWorkingDays: ratio,
    p90WorkingDays: ratio,
    queries: z.object({ met: z.string().nullable(), late: z.string().nullable(), overdue: z.string().nullable() }).describe('Inbox query strings of met, late and overdueUnanswered'),
  }),
  backlog: z.object({ open: z.number().int().describe('Not finished and not waiting on the reporter after an answer'), openQuery: z.string().nullable(), byAge: z.array(BucketSchema).describe('The backlog by calendar days since received') }),
  reopen: z.object({ reopened: z.number().int(), answered: z.number().int(), rate: ratio.describe('reopened / answered') }),
  satisfaction: z.object({
    respondents: z.number().int(),
    ikm: ratio,
    grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
    elements: z.array(z.object({ element: z.number().int(), name: z.string(), nrr: ratio, index: ratio, grade: z.enum(['A', 'B', 'C', 'D']).nullable() })),
    respondentsQuery: z.string().nullable().describe('Inbox query string listing the rated complaints'),
  }),
  lapor: z
    .object({ lapor: LaporSideSchema, other: LaporSideSchema })
    .describe('Complaints from SP4N-LAPOR! beside all the others, on their own deadlines (decision 0030); never public'),
  byPerson: z.array(PersonFiguresSchema).describe('Per staff member: complaints handled, answered on time or late; dispositions followed up on time or late (never public)'),
});
export type RecapFigures = z.infer<typeof RecapFiguresSchema>;

export const RecapSchema = z.object({
  generatedAt: z.string(),
  channel: z.enum(CHANNELS).nullable().describe('The one channel the recap is of (e.g. lapor for SP4N-LAPOR!), or null for every complaint'),
  current: RecapFiguresSchema,
  previous: RecapFiguresSchema,
});
export type Recap = z.infer<typeof RecapSchema>;

export interface RecapOptions {
  /** The public page: confidential complaints are left out entirely and no links are given. */
  publicOnly?: boolean;
  /** Only the complaints that came by one channel (SP4N-LAPOR!'s own recap): counted live, not from the running totals. */
  channel?: Channel | undefined;
}

const AGE_BUCKETS = [
  { key: '0-7', label: '0–7 hari', minDays: 0, maxDays: 7 },
  { key: '8-30', label: '8–30 hari', minDays: 8, maxDays: 30 },
  { key: '31-90', label: '31–90 hari', minDays: 31, maxDays: 90 },
  { key: '>90', label: '> 90 hari', minDays: 91, maxDays: null },
] as const;

const TOPIC_LIMIT = 10;
/** The step flags summed in `recap_day_counts`. */
const COUNT_FLAGS = ['first_response_met', 'first_response_late', 'first_response_none', 'answered', 'answer_met', 'answer_late', 'reopened'] as const;

const share = (n: number, total: number) => (total > 0 ? roundHalfUp(n / total, 4) : null);
const num = (v: unknown) => Number(v ?? 0);

export async function computeRecap(ctx: AppContext, period: Period, options: RecapOptions = {}): Promise<Recap> {
  const [current, previous] = await Promise.all([computeFigures(ctx, period, options), computeFigures(ctx, previousPeriod(period), options)]);
  return { generatedAt: ctx.now().toISOString(), channel: options.channel ?? null, current, previous };
}

/** Every figure of one period. */
export async function computeFigures(ctx: AppContext, period: Period, options: RecapOptions = {}): Promise<RecapFigures> {
  const db = ctx.db.kysely;
  const { start, end } = jakartaDaysUtc(period.from, period.to);
  const now = ctx.now();
  const nowIso = now.toISOString();
  const channelParam: Record<string, string> = options.channel ? { channel: options.channel } : {};
  const link = (params: Record<string, string>) => (options.publicOnly ? null : new URLSearchParams({ from: period.from, to: period.to, ...channelParam, ...params }).toString());
  const sum = (column: string) => sql<number>`sum(${sql.ref(column)})`;

  // Counts come from the running totals per day (migration 0004, decision 0006).
  let totalsQuery = db
    .selectFrom('recap_day_counts')
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .select(['dimension', 'key', ...(['n', ...COUNT_FLAGS] as const).map((c) => sum(c).as(c))])
    .groupBy(['dimension', 'key']);
  let monthQuery = db
    .selectFrom('recap_day_counts')
    .where('dimension', '=', 'state')
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .select([sql<string>`substr(day, 1, 7)`.as('month'), sum('n').as('n'), sum('answer_met').as('answer_met')])
    .groupBy(sql`1`);
  let surveyQuery = db
    .selectFrom('recap_day_surveys')
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .select([sum('respondents').as('respondents'), ...Array.from({ length: SURVEY_ELEMENTS }, (_, i) => [sum(`s${i}`).as(`s${i}`), sum(`c${i}`).as(`c${i}`)]).flat()]);
  if (options.publicOnly) {
    totalsQuery = totalsQuery.where('is_confidential', '=', 0);
    monthQuery = monthQuery.where('is_confidential', '=', 0);
    surveyQuery = surveyQuery.where('is_confidential', '=', 0);
  }

  // What depends on the current time is read live, from the open complaints only.
  const inPeriod = () => {
    let q = db.selectFrom('complaints').where('complaints.received_at', '>=', start).where('complaints.received_at', '<', end);
    if (options.publicOnly) q = q.where('complaints.is_confidential', '=', 0);
    if (options.channel) q = q.where('complaints.channel', '=', options.channel);
    return q;
  };
  const when = (condition: Expression<SqlBool>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  // Exactly what the inbox lists with overdue=true&state=<RUNNING_STATES>.
  const runningQuery = inPeriod()
    .where('complaints.state', 'in', RUNNING_STATES)
    .select((eb) => [
      when(eb('complaints.due_at', '<', nowIso)).as('overdue'),
      when(eb.and([eb('complaints.answered_at', 'is', null), eb('complaints.answer_due_at', '<', nowIso)])).as('an_overdue'),
    ]);
  const unrespondedQuery = inPeriod()
    .where('complaints.first_responded_at', 'is', null)
    .where('complaints.first_response_due_at', '<', nowIso)
    .select(sql<number>`count(*)`.as('n'));

  // Open backlog by age: calendar days from the Jakarta date received to today.
  const today = jakartaDate(now);
  const ageEdge = (days: number) => jakartaDaysUtc(shiftDate(today, -days), shiftDate(today, -days)).start;
  const ageCase = sql<string>`case when complaints.received_at >= ${ageEdge(7)} then '0-7' when complaints.received_at >= ${ageEdge(30)} then '8-30' when complaints.received_at >= ${ageEdge(90)} then '31-90' else '>90' end`;
  const backlogQuery = inPeriod().where('complaints.state', 'in', BACKLOG_STATES).select([ageCase.as('age'), sql<number>`count(*)`.as('n')])
    // By position: PostgreSQL does not see the select's and the group's parameters as one expression.
    .groupBy(sql`1`);

  type TotalRow = Awaited<ReturnType<typeof totalsQuery.execute>>[number];
  type MonthRow = Awaited<ReturnType<typeof monthQuery.execute>>[number];
  const live = options.channel ? liveCounts(ctx, options.channel, start, end, options.publicOnly === true) : null;
  const [totalRows, monthRows, surveyRow, runningRow, unrespondedRow, backlogRows, names, answerDays, byPerson] = await Promise.all([
    live ? live.totals.execute(db).then((r) => r.rows as TotalRow[]) : totalsQuery.execute(),
    live ? live.months.execute(db).then((r) => r.rows as MonthRow[]) : monthQuery.execute(),
    live ? live.surveys.execute(db).then((r) => (r.rows[0] ?? {}) as object) : surveyQuery.executeTakeFirstOrThrow(),
    runningQuery.executeTakeFirstOrThrow(),
    unrespondedQuery.executeTakeFirstOrThrow(),
    backlogQuery.execute(),
    catalogueNames(ctx),
    workingDaysToAnswer(ctx, start, end, options),
    figuresByPerson(ctx, start, end, options.publicOnly === true, options.channel),
  ]);

  const byDimension = (dimension: string) => {
    const counts = new Map<string, number>();
    for (const r of totalRows) if (r.dimension === dimension && num(r.n) > 0) counts.set(r.key, num(r.n));
    return counts;
  };
  // Every complaint has one state, so the state rows sum each flag once.
  const sumOf = (column: (typeof COUNT_FLAGS)[number] | 'n') => totalRows.reduce((a, r) => a + (r.dimension === 'state' ? num(r[column]) : 0), 0);
  const idOf = (key: string) => (key === '' ? null : Number(key));
  const total = sumOf('n');
  const bucket = (key: string, label: string, count: number, query: string | null): Bucket => ({ key, label, count, share: share(count, total), query: options.publicOnly ? null : query });
  const byCountDesc = (a: Bucket, b: Bucket) => b.count - a.count || a.label.localeCompare(b.label, 'id');

  const states = byDimension('state');
  const channels = byDimension('channel');
  const permits = byDimension('permit_type');
  const classes = byDimension('class');
  const themes = byDimension('theme');
  const divisions = byDimension('division');

  const frMet = sumOf('first_response_met');
  const frLate = sumOf('first_response_late');
  const frOverdue = num(unrespondedRow.n);
  const anMet = sumOf('answer_met');
  const anLate = sumOf('answer_late');
  const anOverdue = num(runningRow.an_overdue);
  const answered = sumOf('answered');
  const backlog = new Map(backlogRows.map((r) => [r.age, num(r.n)]));
  const open = [...backlog.values()].reduce((a, b) => a + b, 0);
  const openQuery = link({ state: BACKLOG_STATES.join(',') });
  const reopened = sumOf('reopened');
  const surveyValues = surveyRow as unknown as Record<string, unknown>;
  // LAPOR!'s side is the channel dimension's 'lapor' row; the others are every complaint less it.
  const laporRow = totalRows.find((r) => r.dimension === 'channel' && r.key === 'lapor');
  const laporOf = (pick: (column: (typeof COUNT_FLAGS)[number] | 'n') => number) => ({
    total: pick('n'),
    firstResponseMet: pick('first_response_met'),
    firstResponseLate: pick('first_response_late'),
    answered: pick('answered'),
    answerMet: pick('answer_met'),
    answerLate: pick('answer_late'),
  });
  const laporSide = laporOf((c) => num(laporRow?.[c]));
  const otherSide = laporOf((c) => sumOf(c) - num(laporRow?.[c]));

  return {
    period: { ...period, label: periodLabel(period) },
    total,
    totalQuery: link({}),
    byState: STATES.map((s) => bucket(s, STATE_LABELS[s], states.get(s) ?? 0, link({ state: s }))),
    byChannel: CHANNELS.map((c) => bucket(c, CHANNEL_LABELS[c as Channel], channels.get(c) ?? 0, link({ channel: c }))),
    byPermitType: [...permits.entries()]
      .map(([key, n]) => {
        const id = idOf(key);
        return id === null ? bucket('none', NOT_STATED, n, null) : bucket(key, names.permits.get(id) ?? `#${id}`, n, link({ permitTypeId: key }));
      })
      .sort(byCountDesc),
    byDivision: [...divisions.entries()]
      .map(([key, n]) => bucket(key, names.divisions.get(Number(key)) ?? `#${key}`, n, link({ divisionId: key })))
      .sort(byCountDesc),
    byClass: [...classes.entries()]
      .map(([key, n]) => {
        const id = idOf(key);
        return id === null ? bucket('none', NOT_STATED, n, null) : bucket(key, names.classes.get(id) ?? `#${id}`, n, link({ classId: key }));
      })
      .sort(byCountDesc),
    byMonth: monthRows
      .map((r) => {
        const from = maxDate(period.from, `${r.month}-01`);
        const to = minDate(period.to, lastOfMonth(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7))));
        return { ...bucket(r.month, monthLabel(r.month), num(r.n), null), query: options.publicOnly ? null : new URLSearchParams({ from, to }).toString() };
      })
      .sort((a, b) => a.key.localeCompare(b.key)),
    monthly: monthsOf(period).map((month) => {
      const row = monthRows.find((r) => r.month === month);
      return { month, label: monthLabel(month), received: num(row?.n), answeredOnTime: num(row?.answer_met) };
    }),
    topics: [...themes.entries()]
      .filter(([key]) => key !== '')
      .map(([key, n]) => bucket(key, names.themes.get(Number(key)) ?? `#${key}`, n, link({ themeId: key })))
      .sort(byCountDesc)
      .slice(0, TOPIC_LIMIT),
    firstResponse: {
      met: frMet,
      late: frLate,
      overdueWithoutResponse: frOverdue,
      pending: sumOf('first_response_none') - frOverdue,
      shareMet: share(frMet, frMet + frLate + frOverdue),
      queries: {
        met: link({ firstResponse: 'met' }),
        late: link({ firstResponse: 'late' }),
        overdue: link({ firstResponse: 'overdue' }),
        pending: link({ firstResponse: 'pending' }),
      },
    },
    answer: {
      answered,
      met: anMet,
      late: anLate,
      overdueUnanswered: anOverdue,
      overdueNow: num(runningRow.overdue),
      overdueQuery: link({ overdue: 'true', state: RUNNING_STATES.join(',') }),
      shareMet: share(anMet, anMet + anLate + anOverdue),
      medianWorkingDays: answerDays.median,
      p90WorkingDays: answerDays.p90,
      queries: { met: link({ answer: 'met' }), late: link({ answer: 'late' }), overdue: link({ state: RUNNING_STATES.join(','), answer: 'overdue' }) },
    },
    backlog: {
      open,
      openQuery: options.publicOnly ? null : openQuery,
      byAge: AGE_BUCKETS.map((b) => {
        const from = b.maxDays === null ? period.from : maxDate(period.from, shiftDate(today, -b.maxDays));
        const to = minDate(period.to, shiftDate(today, -b.minDays));
        const count = backlog.get(b.key) ?? 0;
        const query = from <= to ? new URLSearchParams({ from, to, state: BACKLOG_STATES.join(',') }).toString() : null;
        return { key: b.key, label: b.label, count, share: share(count, open), query: options.publicOnly ? null : query };
      }),
    },
    reopen: { reopened, answered, rate: share(reopened, answered) },
    satisfaction: { ...satisfactionOf(surveyValues), respondentsQuery: link({ rated: 'true' }) },
    lapor: { lapor: { ...laporSide, query: link({ channel: 'lapor' }) }, other: { ...otherSide, query: null } },
    byPerson,
  };
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

function satisfactionOf(row: Record<string, unknown>): SatisfactionIndex {
  const sums = Array.from({ length: SURVEY_ELEMENTS }, (_, i) => num(row[`s${i}`]));
  const counts = Array.from({ length: SURVEY_ELEMENTS }, (_, i) => num(row[`c${i}`]));
  return satisfactionIndex(num(row.respondents), { sums, counts });
}

async function catalogueNames(ctx: AppContext) {
  const db = ctx.db.kysely;
  const [permits, divisions, classes, themes] = await Promise.all([
    db.selectFrom('permit_types').select(['id', 'name']).execute(),
    db.selectFrom('divisions').select(['id', 'name']).execute(),
    db.selectFrom('complaint_classes').select(['id', 'name_id as name']).execute(),
    db.selectFrom('complaint_themes').select(['id', 'name_id as name']).execute(),
  ]);
  const map = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return { permits: map(permits), divisions: map(divisions), classes: map(classes), themes: map(themes) };
}

/**
 * Median and 90th percentile of working days from received to the first answer (stored with the
 * answer), computed by the database: PostgreSQL's ordered-set aggregate and SQLite's built-in
 * percentile_cont (SQLite 3.47+, compiled into better-sqlite3) both interpolate like
 * PERCENTILE.INC (rank p × (n − 1)), so the office can re-check a figure in a spreadsheet.
 */
async function workingDaysToAnswer(ctx: AppContext, start: string, end: string, options: RecapOptions): Promise<{ median: number | null; p90: number | null }> {
  const pg = ctx.db.dialect === 'postgres';
  const percentile = (p: number) =>
    pg ? sql<number | null>`percentile_cont(${sql.lit(p)}) within group (order by answer_working_days)` : sql<number | null>`percentile_cont(answer_working_days, ${sql.lit(p)})`;
  let q = ctx.db.kysely
    .selectFrom('complaints')
    .select([percentile(0.5).as('median'), percentile(0.9).as('p90')])
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .where('answer_working_days', 'is not', null);
  if (options.publicOnly) q = q.where('is_confidential', '=', 0);
  if (options.channel) q = q.where('channel', '=', options.channel);
  const row = await q.executeTakeFirst();
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : roundHalfUp(Number(v), 2));
  return { median: round(row?.median), p90: round(row?.p90) };
}

/**
 * The running totals' counts read live from the complaints of one channel: a channel's complaints
 * are few (SP4N-LAPOR!'s share of an office's year), so grouping them per request is cheap, and the
 * expressions are the running totals' own (migration 0004), so both ways count alike.
 */
function liveCounts(ctx: AppContext, channel: Channel, start: string, end: string, publicOnly: boolean) {
  const x = recapCountExpressions(ctx.db.dialect);
  const where = sql`c.channel = ${channel} AND c.received_at >= ${start} AND c.received_at < ${end}${publicOnly ? sql` AND c.is_confidential = 0` : sql``}`;
  const flagSums = sql.raw(x.flags.map((f) => `sum(${f}) AS ${f}`).join(', '));
  const zeroFlags = sql.raw(x.flags.map((f) => `0 AS ${f}`).join(', '));
  const perDimension = sql.join(x.dimensionSelects.map((select) => sql`${sql.raw(select)} FROM complaints c WHERE ${where}`), sql` UNION ALL `);
  return {
    totals: sql<Record<string, unknown>>`SELECT dimension, key, count(*) AS n, ${flagSums} FROM (${perDimension}) y GROUP BY dimension, key
      UNION ALL SELECT 'division' AS dimension, ${sql.raw(x.divisionKey)} AS key, count(*) AS n, ${zeroFlags}
      FROM (SELECT DISTINCT complaint_id, division_id FROM dispositions) x JOIN complaints c ON c.id = x.complaint_id WHERE ${where} GROUP BY x.division_id`,
    months: sql<Record<string, unknown>>`SELECT ${sql.raw(x.month)} AS month, count(*) AS n, sum(${sql.raw(x.answerMet)}) AS answer_met FROM complaints c WHERE ${where} GROUP BY 1`,
    surveys: sql<Record<string, unknown>>`SELECT count(*) AS respondents, ${sql.raw(x.surveySums.join(', '))} FROM satisfaction_surveys s JOIN complaints c ON c.id = s.complaint_id WHERE ${where}`,
  };
}
