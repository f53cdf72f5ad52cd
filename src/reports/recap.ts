/**
 * The recap (*rekapan*, SOP step 7): one computation behind the dashboard, the XLSX and PDF
 * exports and the public statistics page.
 *
 * The population of a period is every complaint RECEIVED in it (Jakarta dates); each figure
 * is about those complaints as they stand now, so a period's figures settle as its complaints
 * are handled. Counts are SQL aggregates (GROUP BY over the `complaints_received` index), so
 * they scale with the database, not with Node's memory; only the working days to answer need
 * the working-day calendar, so those pairs stream by in keyset batches and only the numbers
 * are kept.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { jakartaDate } from '../calendar/working-time.js';
import { CHANNELS, type Channel } from '../complaints/schema.js';
import type { AppContext } from '../context.js';
import { FINAL_STATES, PAUSED_STATES, STATES, type ComplaintState } from '../workflow/state-machine.js';
import { CHANNEL_LABELS, NOT_STATED, STATE_LABELS } from './labels.js';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import { lastOfMonth, periodLabel, previousPeriod, shiftDate, type Period } from './period.js';
import { NumberSample, percentileOfSorted } from './quantiles.js';
import { WorkingDayIndex } from './working-day-index.js';
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
  topics: z.array(BucketSchema).describe('The most frequent themes, for service improvement'),
  firstResponse: z.object({
    met: z.number().int(),
    late: z.number().int(),
    overdueWithoutResponse: z.number().int(),
    pending: z.number().int().describe('No response yet, still within the working day'),
    shareMet: ratio.describe('met / (met + late + overdueWithoutResponse)'),
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
  }),
  backlog: z.object({ open: z.number().int().describe('Not finished and not waiting on the reporter after an answer'), openQuery: z.string().nullable(), byAge: z.array(BucketSchema).describe('The backlog by calendar days since received') }),
  reopen: z.object({ reopened: z.number().int(), answered: z.number().int(), rate: ratio.describe('reopened / answered') }),
  satisfaction: z.object({
    respondents: z.number().int(),
    ikm: ratio,
    grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
    elements: z.array(z.object({ element: z.number().int(), name: z.string(), nrr: ratio, index: ratio, grade: z.enum(['A', 'B', 'C', 'D']).nullable() })),
  }),
});
export type RecapFigures = z.infer<typeof RecapFiguresSchema>;

export const RecapSchema = z.object({
  generatedAt: z.string(),
  current: RecapFiguresSchema,
  previous: RecapFiguresSchema,
});
export type Recap = z.infer<typeof RecapSchema>;

export interface RecapOptions {
  /** The public page: confidential complaints are left out entirely and no links are given. */
  publicOnly?: boolean;
}

const AGE_BUCKETS = [
  { key: '0-7', label: '0–7 hari', minDays: 0, maxDays: 7 },
  { key: '8-30', label: '8–30 hari', minDays: 8, maxDays: 30 },
  { key: '31-90', label: '31–90 hari', minDays: 31, maxDays: 90 },
  { key: '>90', label: '> 90 hari', minDays: 91, maxDays: null },
] as const;

const TOPIC_LIMIT = 10;
const PAIR_BATCH = 5000;

const share = (n: number, total: number) => (total > 0 ? roundHalfUp(n / total, 4) : null);
const num = (v: unknown) => Number(v ?? 0);

export async function computeRecap(ctx: AppContext, period: Period, options: RecapOptions = {}): Promise<Recap> {
  const [current, previous] = await Promise.all([computeFigures(ctx, period, options), computeFigures(ctx, previousPeriod(period), options)]);
  return { generatedAt: ctx.now().toISOString(), current, previous };
}

/** Every figure of one period. */
export async function computeFigures(ctx: AppContext, period: Period, options: RecapOptions = {}): Promise<RecapFigures> {
  const db = ctx.db.kysely;
  const pg = ctx.db.dialect === 'postgres';
  const { start, end } = jakartaDaysUtc(period.from, period.to);
  const now = ctx.now();
  const nowIso = now.toISOString();
  const link = (params: Record<string, string>) => (options.publicOnly ? null : new URLSearchParams({ from: period.from, to: period.to, ...params }).toString());

  const inPeriod = () => {
    let q = db.selectFrom('complaints').where('complaints.received_at', '>=', start).where('complaints.received_at', '<', end);
    if (options.publicOnly) q = q.where('complaints.is_confidential', '=', 0);
    return q;
  };
  const when = (condition: Expression<SqlBool>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

  // 1. One scan grouped by the complaint's own dimensions; everything else is folded from it.
  const groupedQuery = inPeriod()
    .select((eb) => [
      'complaints.state',
      'complaints.channel',
      'complaints.permit_type_id',
      'complaints.class_id',
      'complaints.theme_id',
      sql<number>`count(*)`.as('n'),
      when(eb('complaints.first_response_met', '=', 1)).as('fr_met'),
      when(eb('complaints.first_response_met', '=', 0)).as('fr_late'),
      when(eb.and([eb('complaints.first_responded_at', 'is', null), eb('complaints.first_response_due_at', '<', nowIso)])).as('fr_overdue'),
      when(eb('complaints.first_responded_at', 'is', null)).as('fr_none'),
      when(eb('complaints.answered_at', 'is not', null)).as('answered'),
      when(eb('complaints.answer_met', '=', 1)).as('an_met'),
      when(eb('complaints.answer_met', '=', 0)).as('an_late'),
      // Exactly what the inbox lists with overdue=true&state=<RUNNING_STATES>.
      when(eb.and([eb('complaints.state', 'in', RUNNING_STATES), eb('complaints.due_at', '<', nowIso)])).as('overdue'),
      when(eb.and([eb('complaints.state', 'in', RUNNING_STATES), eb('complaints.answered_at', 'is', null), eb('complaints.answer_due_at', '<', nowIso)])).as('an_overdue'),
    ])
    .groupBy(['complaints.state', 'complaints.channel', 'complaints.permit_type_id', 'complaints.class_id', 'complaints.theme_id']);

  // 2. Divisions, through the dispositions.
  const divisionQuery = inPeriod()
    .innerJoin('dispositions', 'dispositions.complaint_id', 'complaints.id')
    .select(['dispositions.division_id', sql<number>`count(distinct complaints.id)`.as('n')])
    .groupBy('dispositions.division_id');

  // 3. Months, in Jakarta time.
  const month = pg ? sql<string>`to_char(complaints.received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')` : sql<string>`strftime('%Y-%m', complaints.received_at, '+7 hours')`;
  const monthQuery = inPeriod().select([month.as('month'), sql<number>`count(*)`.as('n')]).groupBy(sql`1`);

  // 4. Open backlog by age: calendar days from the Jakarta date received to today.
  const today = jakartaDate(now);
  const ageEdge = (days: number) => jakartaDaysUtc(shiftDate(today, -days), shiftDate(today, -days)).start;
  const ageCase = sql<string>`case when complaints.received_at >= ${ageEdge(7)} then '0-7' when complaints.received_at >= ${ageEdge(30)} then '8-30' when complaints.received_at >= ${ageEdge(90)} then '31-90' else '>90' end`;
  const backlogQuery = inPeriod().where('complaints.state', 'in', BACKLOG_STATES).select([ageCase.as('age'), sql<number>`count(*)`.as('n')])
    // By position: PostgreSQL does not see the select's and the group's parameters as one expression.
    .groupBy(sql`1`);

  // 5. Complaints ever reopened (by the office or by the reporter's dispute).
  const reopenQuery = inPeriod()
    .where('complaints.id', 'in', (eb) => eb.selectFrom('complaint_events').select('complaint_events.complaint_id').where('complaint_events.to_state', '=', 'reopened'))
    .select(sql<number>`count(*)`.as('n'));

  // 6. The survey: sum and count of each of the nine elements.
  const element = (i: number) => (pg ? sql<number>`(satisfaction_surveys.scores::jsonb->>${sql.raw(String(i))})::int` : sql<number>`json_extract(satisfaction_surveys.scores, ${sql.lit(`$[${i}]`)})`);
  const surveyQuery = inPeriod()
    .innerJoin('satisfaction_surveys', 'satisfaction_surveys.complaint_id', 'complaints.id')
    .select([
      sql<number>`count(*)`.as('respondents'),
      ...Array.from({ length: SURVEY_ELEMENTS }, (_, i) => sql<number>`sum(${element(i)})`.as(`s${i}`)),
      ...Array.from({ length: SURVEY_ELEMENTS }, (_, i) => sql<number>`count(${element(i)})`.as(`c${i}`)),
    ]);

  const [grouped, divisionRows, monthRows, backlogRows, reopenRow, surveyRow, names, answerDays] = await Promise.all([
    groupedQuery.execute(),
    divisionQuery.execute(),
    monthQuery.execute(),
    backlogQuery.execute(),
    reopenQuery.executeTakeFirstOrThrow(),
    surveyQuery.executeTakeFirstOrThrow(),
    catalogueNames(ctx),
    workingDaysToAnswer(ctx, start, end, options),
  ]);

  const total = grouped.reduce((a, r) => a + num(r.n), 0);
  const fold = <K extends string | number | null>(keyOf: (r: (typeof grouped)[number]) => K) => {
    const counts = new Map<K, number>();
    for (const r of grouped) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + num(r.n));
    return counts;
  };
  const sumOf = (column: 'fr_met' | 'fr_late' | 'fr_overdue' | 'fr_none' | 'answered' | 'an_met' | 'an_late' | 'an_overdue' | 'overdue') => grouped.reduce((a, r) => a + num(r[column]), 0);
  const bucket = (key: string, label: string, count: number, query: string | null): Bucket => ({ key, label, count, share: share(count, total), query: options.publicOnly ? null : query });
  const byCountDesc = (a: Bucket, b: Bucket) => b.count - a.count || a.label.localeCompare(b.label, 'id');

  const states = fold((r) => r.state);
  const channels = fold((r) => r.channel);
  const permits = fold((r) => r.permit_type_id);
  const classes = fold((r) => r.class_id);
  const themes = fold((r) => r.theme_id);

  const frMet = sumOf('fr_met');
  const frLate = sumOf('fr_late');
  const frOverdue = sumOf('fr_overdue');
  const anMet = sumOf('an_met');
  const anLate = sumOf('an_late');
  const anOverdue = sumOf('an_overdue');
  const answered = sumOf('answered');
  const backlog = new Map(backlogRows.map((r) => [r.age, num(r.n)]));
  const open = [...backlog.values()].reduce((a, b) => a + b, 0);
  const openQuery = link({ state: BACKLOG_STATES.join(',') });
  const reopened = num(reopenRow.n);
  const surveyValues = surveyRow as unknown as Record<string, unknown>;

  return {
    period: { ...period, label: periodLabel(period) },
    total,
    totalQuery: link({}),
    byState: STATES.map((s) => bucket(s, STATE_LABELS[s], states.get(s) ?? 0, link({ state: s }))),
    byChannel: CHANNELS.map((c) => bucket(c, CHANNEL_LABELS[c as Channel], channels.get(c) ?? 0, link({ channel: c }))),
    byPermitType: [...permits.entries()]
      .map(([id, n]) => (id === null ? bucket('none', NOT_STATED, n, null) : bucket(String(id), names.permits.get(id) ?? `#${id}`, n, link({ permitTypeId: String(id) }))))
      .sort(byCountDesc),
    byDivision: divisionRows
      .map((r) => bucket(String(r.division_id), names.divisions.get(r.division_id) ?? `#${r.division_id}`, num(r.n), link({ divisionId: String(r.division_id) })))
      .sort(byCountDesc),
    byClass: [...classes.entries()]
      .map(([id, n]) => (id === null ? bucket('none', NOT_STATED, n, null) : bucket(String(id), names.classes.get(id) ?? `#${id}`, n, link({ classId: String(id) }))))
      .sort(byCountDesc),
    byMonth: monthRows
      .map((r) => {
        const from = maxDate(period.from, `${r.month}-01`);
        const to = minDate(period.to, lastOfMonth(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7))));
        return { ...bucket(r.month, r.month, num(r.n), null), query: options.publicOnly ? null : new URLSearchParams({ from, to }).toString() };
      })
      .sort((a, b) => a.key.localeCompare(b.key)),
    // The inbox has no theme filter, so topics carry no link.
    topics: [...themes.entries()]
      .filter((e): e is [number, number] => e[0] !== null)
      .map(([id, n]) => bucket(String(id), names.themes.get(id) ?? `#${id}`, n, null))
      .sort(byCountDesc)
      .slice(0, TOPIC_LIMIT),
    firstResponse: {
      met: frMet,
      late: frLate,
      overdueWithoutResponse: frOverdue,
      pending: sumOf('fr_none') - frOverdue,
      shareMet: share(frMet, frMet + frLate + frOverdue),
    },
    answer: {
      answered,
      met: anMet,
      late: anLate,
      overdueUnanswered: anOverdue,
      overdueNow: sumOf('overdue'),
      overdueQuery: link({ overdue: 'true', state: RUNNING_STATES.join(',') }),
      shareMet: share(anMet, anMet + anLate + anOverdue),
      medianWorkingDays: answerDays.median,
      p90WorkingDays: answerDays.p90,
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
    satisfaction: satisfactionOf(surveyValues),
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

/** Median and 90th percentile of working days from received to answered, over answered complaints. */
async function workingDaysToAnswer(ctx: AppContext, start: string, end: string, options: RecapOptions): Promise<{ median: number | null; p90: number | null }> {
  const calendar = (await ctx.settings.get()).calendar;
  // Answers come after the period, up to now.
  const index = new WorkingDayIndex(calendar, new Date(start), new Date(Math.max(Date.parse(end), ctx.now().getTime())));
  const sample = new NumberSample();
  let after: { at: string; id: number } | null = null;
  for (;;) {
    let q = ctx.db.kysely
      .selectFrom('complaints')
      .select(['id', 'received_at', 'answered_at'])
      .where('received_at', '>=', start)
      .where('received_at', '<', end)
      .where('answered_at', 'is not', null);
    if (options.publicOnly) q = q.where('is_confidential', '=', 0);
    if (after) {
      const c = after;
      q = q.where((eb) => eb.or([eb('received_at', '>', c.at), eb.and([eb('received_at', '=', c.at), eb('id', '>', c.id)])]));
    }
    const rows = await q.orderBy('received_at').orderBy('id').limit(PAIR_BATCH).execute();
    for (const r of rows) {
      if (r.answered_at) sample.push(index.between(new Date(r.received_at), new Date(r.answered_at)));
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAIR_BATCH) break;
    after = { at: last.received_at, id: last.id };
  }
  const sorted = sample.sorted();
  const round = (v: number | null) => (v === null ? null : roundHalfUp(v, 2));
  return { median: round(percentileOfSorted(sorted, 0.5)), p90: round(percentileOfSorted(sorted, 0.9)) };
}
