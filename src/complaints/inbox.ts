import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import type { StaffPrincipal } from '../shared/http.js';
import { FINAL_STATES, STATES } from '../workflow/state-machine.js';
import { ChannelSchema, StateSchema } from './schema.js';
import { ANONYMOUS_LABEL, canSeeIdentity, deadlineOf, DeadlineSchema } from './views.js';
import { CalendarDateSchema } from '../shared/dates.js';
import { RowIdParamSchema } from '../shared/ids.js';
import { ftsMatch, newestMatches, SEARCH_COUNT_CAP, searchWords, tsQuery } from './word-search.js';

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(20));

export const InboxQuerySchema = z.strictObject({
  state: csv(StateSchema).optional(),
  divisionId: RowIdParamSchema.optional(),
  permitTypeId: RowIdParamSchema.optional(),
  classId: RowIdParamSchema.optional(),
  themeId: RowIdParamSchema.optional().describe('The complaint theme (topic) set at classification'),
  channel: csv(ChannelSchema).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  firstResponse: z.enum(['met', 'late', 'overdue', 'pending']).optional().describe('First response on time, late, still missing past its deadline, or missing within it'),
  answer: z.enum(['met', 'late', 'overdue']).optional().describe('Answer on time, late, or still missing past its deadline'),
  owner: z
    .union([z.enum(['me', 'none']), RowIdParamSchema])
    .optional()
    .describe('Who handles it: me, none (nobody yet), or a user id'),
  rated: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('Whether the reporter filled in the satisfaction survey'),
  from: CalendarDateSchema.optional().describe('Received on or after this Jakarta date'),
  to: CalendarDateSchema.optional().describe('Received on or before this Jakarta date'),
  q: z.string().trim().min(2).max(200).optional().describe('Words in subject and description, all required: whole words, or the words it begins for one ending in * (izin*); or a tracking number, or a LAPOR! tracking ID as "#3381534" or "LAPOR! 3381534"'),
  sort: z.enum(['received_desc', 'received_asc', 'due_asc']).default('received_desc').describe('due_asc: nearest (and overdue) deadline first, then complaints without a running deadline'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type InboxQuery = z.output<typeof InboxQuerySchema>;

export const InboxItemSchema = z.object({
  trackingNumber: z.string(),
  state: StateSchema,
  channel: ChannelSchema,
  subject: z.string(),
  reporterName: z.string().nullable(),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  permitTypeId: z.number().nullable(),
  receivedAt: z.string(),
  deadline: DeadlineSchema,
  version: z.number(),
  owner: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export const InboxPageSchema = z.object({
  items: z.array(InboxItemSchema),
  total: z.number().int(),
  totalIsLowerBound: z.boolean().describe('True when a search matched more than `total` complaints and counting stopped there'),
  page: z.number().int(),
  pageSize: z.number().int(),
});

type ComplaintQuery = SelectQueryBuilder<Database, 'complaints', object>;

export function applyInboxFilters(ctx: AppContext, principal: StaffPrincipal, query: InboxQuery, base: ComplaintQuery): ComplaintQuery {
  let qb = base;
  const divisionId = principal.role === 'division_officer' ? (principal.divisionId ?? -1) : query.divisionId;
  if (divisionId !== undefined) {
    qb = qb.where('complaints.id', 'in', (eb) => eb.selectFrom('dispositions').select('complaint_id').where('division_id', '=', divisionId));
  }
  if (query.state?.length) qb = qb.where('complaints.state', 'in', query.state);
  if (query.channel?.length) qb = qb.where('complaints.channel', 'in', query.channel);
  if (query.permitTypeId !== undefined) qb = qb.where('complaints.permit_type_id', '=', query.permitTypeId);
  if (query.classId !== undefined) qb = qb.where('complaints.class_id', '=', query.classId);
  if (query.themeId !== undefined) qb = qb.where('complaints.theme_id', '=', query.themeId);
  if (query.from) qb = qb.where('complaints.received_at', '>=', jakartaDaysUtc(query.from, query.from).start);
  if (query.to) {
    qb = qb.where('complaints.received_at', '<', jakartaDaysUtc(query.to, query.to).end);
  }
  const now = ctx.now().toISOString();
  if (query.overdue === true) qb = qb.where('complaints.due_at', '<', now);
  if (query.overdue === false) qb = qb.where((eb) => eb.or([eb('complaints.due_at', 'is', null), eb('complaints.due_at', '>=', now)]));
  if (query.firstResponse === 'met' || query.firstResponse === 'late') qb = qb.where('complaints.first_response_met', '=', query.firstResponse === 'met' ? 1 : 0);
  if (query.firstResponse === 'overdue' || query.firstResponse === 'pending') {
    qb = qb.where('complaints.first_responded_at', 'is', null).where('complaints.first_response_due_at', query.firstResponse === 'overdue' ? '<' : '>=', now);
  }
  if (query.answer === 'met' || query.answer === 'late') qb = qb.where('complaints.answer_met', '=', query.answer === 'met' ? 1 : 0);
  if (query.answer === 'overdue') qb = qb.where('complaints.answered_at', 'is', null).where('complaints.answer_due_at', '<', now);
  if (query.owner === 'none') qb = qb.where('complaints.owner_user_id', 'is', null);
  else if (query.owner !== undefined) qb = qb.where('complaints.owner_user_id', '=', query.owner === 'me' ? principal.userId : query.owner);
  if (query.rated !== undefined) {
    const rated = (eb: ExpressionBuilder<Database, 'complaints'>) => eb.exists(eb.selectFrom('satisfaction_surveys').select('complaint_id').whereRef('satisfaction_surveys.complaint_id', '=', 'complaints.id'));
    qb = qb.where((eb) => (query.rated ? rated(eb) : eb.not(rated(eb))));
  }
  if (query.q) {
    const q = query.q;
    const laporId = laporIdIn(q);
    if (/^ADU-\d{4}-\d{6}$/i.test(q)) {
      qb = qb.where('complaints.tracking_number', '=', q.toUpperCase());
    } else if (laporId !== null) {
      qb = qb.where('complaints.lapor_tracking_id', '=', laporId);
    } else {
      const words = searchWords(q);
      if (!words.length) qb = qb.where(sql<boolean>`1 = 0`);
      else if (ctx.db.dialect === 'postgres') qb = qb.where(sql<boolean>`complaints.search_vector @@ ${tsQuery(words)}`);
      else qb = qb.where('complaints.id', 'in', sql<number>`(SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ${ftsMatch(words)})`);
    }
  }
  return qb;
}

/** A search for SP4N-LAPOR!'s tracking ID, "#3381534" or "LAPOR! 3381534": its digits, else null (decision 0030). */
export function laporIdIn(q: string): string | null {
  const match = /^(?:lapor!?\s*)?#(\d{6,10})$|^lapor!?\s*#?(\d{6,10})$/i.exec(q.trim());
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export { SEARCH_COUNT_CAP } from './word-search.js';

/** A search with other filters reads this many matching ids at most for its first pages and count. */
const FILTERED_SEARCH_ROWS = 1001;

function ordered<O>(qb: SelectQueryBuilder<Database, 'complaints', O>, sort: InboxQuery['sort']): SelectQueryBuilder<Database, 'complaints', O> {
  if (sort === 'received_asc') return qb.orderBy('complaints.received_at', 'asc').orderBy('complaints.id', 'asc');
  // Complaints whose clock is paused or finished have no deadline: after every running one.
  if (sort === 'due_asc') return qb.orderBy(sql`complaints.due_at is null`).orderBy('complaints.due_at', 'asc').orderBy('complaints.id', 'asc');
  return qb.orderBy('complaints.received_at', 'desc').orderBy('complaints.id', 'desc');
}

/**
 * Nearest deadline first (so overdue work on top), then the complaints without a running deadline
 * (paused or finished), newest first. Two reads instead of one `ORDER BY due_at IS NULL`, so the
 * running ones walk the partial index on `due_at`.
 */
async function dueFirstPage(scoped: ComplaintQuery, offset: number, pageSize: number): Promise<{ ids: number[]; total: number; totalIsLowerBound: boolean }> {
  const timed = scoped.where('complaints.due_at', 'is not', null);
  const count = async (qb: ComplaintQuery) => Number((await qb.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const [total, running] = await Promise.all([count(scoped), count(timed)]);
  const ids: number[] = [];
  if (offset < running) {
    const rows = await timed.select('complaints.id').orderBy('complaints.due_at', 'asc').orderBy('complaints.id', 'asc').limit(pageSize).offset(offset).execute();
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length < pageSize && offset + ids.length >= running) {
    const rows = await scoped
      .where('complaints.due_at', 'is', null)
      .select('complaints.id')
      .orderBy('complaints.received_at', 'desc')
      .orderBy('complaints.id', 'desc')
      .limit(pageSize - ids.length)
      .offset(Math.max(0, offset - running))
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return { ids, total, totalIsLowerBound: false };
}

/** The page's ids and the total: on the indexes alone, so only the page's rows are read in full. */
async function pageIds(ctx: AppContext, principal: StaffPrincipal, asked: InboxQuery): Promise<{ ids: number[]; total: number; totalIsLowerBound: boolean }> {
  const db = ctx.db.kysely;
  // An imported complaint's number in the old register (decision 0024) finds it exactly, as a tracking number does.
  const reference = asked.q !== undefined && asked.q.length <= 60 && !/^ADU-\d{4}-\d{6}$/i.test(asked.q) ? asked.q.trim() : undefined;
  const byReference = reference !== undefined && (await db.selectFrom('complaints').select('id').where('original_number', '=', reference).limit(1).executeTakeFirst()) !== undefined;
  const { q: _words, ...withoutWords } = asked;
  const query: InboxQuery = byReference ? withoutWords : asked;
  const base = byReference ? db.selectFrom('complaints').where('complaints.original_number', '=', reference as string) : db.selectFrom('complaints');
  const offset = (query.page - 1) * query.pageSize;
  const textSearch = query.q !== undefined && !/^ADU-\d{4}-\d{6}$/i.test(query.q) && laporIdIn(query.q) === null;
  const onlyText =
    textSearch && principal.role !== 'division_officer' && query.sort === 'received_desc' &&
    Object.entries(query).every(([key, value]) => ['q', 'sort', 'page', 'pageSize'].includes(key) || value === undefined);
  if (onlyText) {
    // Words alone: page and capped count from one newest-first walk of the text index.
    const words = searchWords(query.q ?? '');
    if (!words.length) return { ids: [], total: 0, totalIsLowerBound: false };
    const found = await newestMatches(ctx.db, words, Math.max(offset + query.pageSize, SEARCH_COUNT_CAP + 1));
    return { ids: found.slice(offset, offset + query.pageSize), total: Math.min(found.length, SEARCH_COUNT_CAP), totalIsLowerBound: found.length > SEARCH_COUNT_CAP };
  }
  const scoped = applyInboxFilters(ctx, principal, query, base);
  if (query.sort === 'due_asc' && !textSearch) return dueFirstPage(scoped, offset, query.pageSize);
  if (textSearch && offset + query.pageSize <= FILTERED_SEARCH_ROWS) {
    // One query gives the page and the capped count. Asked for 25 newest, PostgreSQL may walk the
    // received index backwards hoping for early matches, and for a word nobody used that walk
    // reads every complaint (2 s at a million); asked for 1,001 it takes the text index instead.
    const rows = await ordered(scoped.select('complaints.id'), query.sort).limit(FILTERED_SEARCH_ROWS).execute();
    const n = rows.length;
    return { ids: rows.slice(offset, offset + query.pageSize).map((r) => r.id), total: Math.min(n, SEARCH_COUNT_CAP), totalIsLowerBound: n > SEARCH_COUNT_CAP };
  }
  const countQuery = textSearch
    ? db.selectFrom(scoped.select('complaints.id').limit(SEARCH_COUNT_CAP + 1).as('matches')).select(sql<number>`count(*)`.as('total'))
    : scoped.select(sql<number>`count(*)`.as('total'));
  const [ids, count] = await Promise.all([
    ordered(scoped.select('complaints.id'), query.sort).limit(query.pageSize).offset(offset).execute(),
    countQuery.executeTakeFirstOrThrow(),
  ]);
  const n = Number(count.total);
  return textSearch && n > SEARCH_COUNT_CAP
    ? { ids: ids.map((r) => r.id), total: SEARCH_COUNT_CAP, totalIsLowerBound: true }
    : { ids: ids.map((r) => r.id), total: n, totalIsLowerBound: false };
}

export async function inboxPage(ctx: AppContext, principal: StaffPrincipal, query: InboxQuery): Promise<z.infer<typeof InboxPageSchema>> {
  const db = ctx.db.kysely;
  const { ids, total, totalIsLowerBound } = await pageIds(ctx, principal, query);
  const fetched = ids.length
    ? await db
        .selectFrom('complaints')
        .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
        .leftJoin('users as owner', 'owner.id', 'complaints.owner_user_id')
        .select([
          'complaints.owner_user_id',
          'owner.name as owner_name',
          'complaints.id',
          'complaints.tracking_number',
          'complaints.state',
          'complaints.channel',
          'complaints.subject',
          'complaints.is_anonymous',
          'complaints.is_confidential',
          'complaints.permit_type_id',
          'complaints.received_at',
          'complaints.due_at',
          'complaints.due_kind',
          'complaints.version',
          'reporters.name as reporter_name',
        ])
        .where('complaints.id', 'in', ids)
        .execute()
    : [];
  const position = new Map(ids.map((id, i) => [id, i]));
  const items = fetched.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  const settings = await ctx.settings.get();
  const now = ctx.now();
  return {
    items: items.map((r) => {
      const anonymous = r.is_anonymous === 1;
      return {
        trackingNumber: r.tracking_number,
        state: StateSchema.parse(r.state),
        channel: ChannelSchema.parse(r.channel),
        subject: r.subject,
        reporterName: anonymous ? (canSeeIdentity(principal, true) ? (r.reporter_name ?? ANONYMOUS_LABEL) : ANONYMOUS_LABEL) : r.reporter_name,
        anonymous,
        confidential: r.is_confidential === 1,
        permitTypeId: r.permit_type_id,
        receivedAt: r.received_at,
        deadline: deadlineOf(settings.calendar, now, r),
        version: r.version,
        owner: r.owner_user_id === null ? null : { id: r.owner_user_id, name: r.owner_name ?? '' },
      };
    }),
    total,
    totalIsLowerBound,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Counts for the role's work queues. */
export async function queueCounts(ctx: AppContext, principal: StaffPrincipal): Promise<Record<string, number>> {
  const db = ctx.db.kysely;
  const now = ctx.now().toISOString();
  const scoped = () => applyInboxFilters(ctx, principal, InboxQuerySchema.parse({}), db.selectFrom('complaints'));
  const count = async (qb: ComplaintQuery) => Number((await qb.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const [newCount, waiting, disposed, awaitingApproval, overdue, open] = await Promise.all([
    count(scoped().where('state', '=', 'received')),
    count(scoped().where('state', '=', 'clarification')),
    count(scoped().where('state', '=', 'disposed')),
    count(scoped().where('state', '=', 'answer_drafted')),
    count(scoped().where('due_at', '<', now)),
    // `in` the open states seeks the state index per state; `not in` the final ones would read all of it.
    count(scoped().where('state', 'in', STATES.filter((s) => !FINAL_STATES.includes(s)))),
  ]);
  return { new: newCount, waitingOnReporter: waiting, disposed, awaitingApproval, overdue, open };
}
