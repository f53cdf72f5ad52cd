/**
 * "Tugas saya": what waits for this person, section by section, overdue and nearest deadline
 * first. One request, a few small indexed queries, at most `LIMIT` items per section with the
 * full count beside.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { StateSchema } from '../complaints/schema.js';
import type { StaffPrincipal } from '../shared/http.js';
import { timeLeft } from '../workflow/deadlines.js';
import { FINAL_STATES, STATES } from '../workflow/state-machine.js';

const LIMIT = 20;

export const MY_WORK_SECTIONS = ['assigned', 'approvals', 'to_dispose', 'returned', 'replied', 'division', 'dispositions'] as const;
export type MyWorkSection = (typeof MY_WORK_SECTIONS)[number];

const ItemSchema = z.object({
  trackingNumber: z.string(),
  subject: z.string(),
  state: StateSchema,
  version: z.number().int(),
  dueAt: z.string().nullable().describe('The deadline that matters here: the complaint\'s, or the disposition\'s follow-up'),
  overdue: z.boolean(),
  workingDaysLeft: z.number().nullable(),
  note: z.string().nullable().describe('A returned draft: the reviewer\'s reason'),
  dispositionId: z.number().nullable(),
});
export const MyWorkSchema = z.object({
  sections: z.array(z.object({ key: z.enum(MY_WORK_SECTIONS), count: z.number().int(), items: z.array(ItemSchema) })),
  total: z.number().int().describe('Sum of the section counts, for the navigation badge'),
});
export type MyWork = z.infer<typeof MyWorkSchema>;

const OPEN_STATES = STATES.filter((s) => !FINAL_STATES.includes(s));
/** Work for the intake owner: open and not waiting for an approval or the reporter's verdict. */
const OWNER_STATES = OPEN_STATES.filter((s) => s !== 'answered' && s !== 'answer_drafted');

interface Row {
  tracking_number: string;
  subject: string;
  state: string;
  version: number;
  due: string | null;
  note?: string | null;
  disposition_id?: number | null;
}

type Query<T extends keyof Database> = SelectQueryBuilder<Database, T, object>;

export async function myWork(ctx: AppContext, principal: StaffPrincipal): Promise<MyWork> {
  const db = ctx.db.kysely;
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const me = principal.userId;
  const nearestFirst = sql`complaints.due_at is null`;
  const countOf = async <T extends keyof Database>(q: Query<T>) => Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const present = (rows: Row[]) =>
    rows.map((r) => ({
      trackingNumber: r.tracking_number,
      subject: r.subject,
      state: StateSchema.parse(r.state),
      version: r.version,
      dueAt: r.due,
      ...(r.due ? timeLeft(settings.calendar, now, new Date(r.due)) : { overdue: false, workingDaysLeft: null }),
      note: r.note ?? null,
      dispositionId: r.disposition_id ?? null,
    }));
  const complaintSection = async (where: (q: Query<'complaints'>) => Query<'complaints'>) => {
    const base = where(db.selectFrom('complaints'));
    const [rows, count] = await Promise.all([
      base.select(['tracking_number', 'subject', 'state', 'version', 'due_at as due']).orderBy(nearestFirst).orderBy('due_at').orderBy('complaints.id').limit(LIMIT).execute(),
      countOf(base),
    ]);
    return { items: present(rows), count };
  };
  const dispositionSection = async (where: (q: Query<'dispositions'>) => Query<'dispositions'>) => {
    const base = where(db.selectFrom('dispositions').where('dispositions.followed_up_at', 'is', null));
    const [rows, count] = await Promise.all([
      base
        .innerJoin('complaints', 'complaints.id', 'dispositions.complaint_id')
        .where('complaints.state', '=', 'disposed')
        .select(['complaints.tracking_number', 'complaints.subject', 'complaints.state', 'complaints.version', 'dispositions.due_at as due', 'dispositions.id as disposition_id'])
        .orderBy('dispositions.due_at')
        .orderBy('dispositions.id')
        .limit(LIMIT)
        .execute(),
      countOf(base.where('dispositions.complaint_id', 'in', (eb) => eb.selectFrom('complaints').select('id').where('state', '=', 'disposed'))),
    ]);
    return { items: present(rows), count };
  };

  const sections: Partial<Record<MyWorkSection, Promise<{ items: ReturnType<typeof present>; count: number }>>> = {};
  if (principal.role === 'division_officer') {
    const division = principal.divisionId ?? -1;
    sections.division = dispositionSection((q) => q.where('dispositions.division_id', '=', division).where('dispositions.owner_user_id', 'is', null));
    sections.dispositions = dispositionSection((q) => q.where('dispositions.owner_user_id', '=', me));
  } else if (principal.role !== 'admin') {
    sections.assigned = complaintSection((q) => q.where('owner_user_id', '=', me).where('state', 'in', OWNER_STATES));
    if (settings.stepRoles.approve_answer.includes(principal.role)) sections.approvals = complaintSection((q) => q.where('state', '=', 'answer_drafted'));
    // Step 4 is the heads' turn once the intake desk responded and printed the sheet (as the
    // complaint page's "next step" says); before, the acknowledgement told nobody it was their turn.
    if (settings.stepRoles.dispose.includes(principal.role)) {
      sections.to_dispose = complaintSection((q) =>
        q
          .where('state', '=', 'acknowledged')
          .where((eb) => eb.exists(eb.selectFrom('complaint_events').select('complaint_events.id').whereRef('complaint_events.complaint_id', '=', 'complaints.id').where('complaint_events.type', '=', 'print_sheet'))),
      );
    }
    sections.returned = (async () => {
      // The newest answer of the complaint is mine and came back; the complaint waits for a new draft.
      const base = db
        .selectFrom('answers')
        .innerJoin('complaints', 'complaints.id', 'answers.complaint_id')
        .where('answers.drafted_by', '=', me)
        .where('answers.status', '=', 'returned')
        .where('answers.reviewed_by', 'is not', null)
        .where('complaints.state', 'in', ['acknowledged', 'followed_up', 'reopened'])
        .where((eb) => eb.not(eb.exists(eb.selectFrom('answers as later').select('later.id').whereRef('later.complaint_id', '=', 'answers.complaint_id').whereRef('later.id', '>', 'answers.id'))));
      const [rows, count] = await Promise.all([
        base
          .select(['complaints.tracking_number', 'complaints.subject', 'complaints.state', 'complaints.version', 'complaints.due_at as due', 'answers.review_note as note'])
          .orderBy(sql`complaints.due_at is null`)
          .orderBy('complaints.due_at')
          .limit(LIMIT)
          .execute(),
        countOf(base),
      ]);
      return { items: present(rows), count };
    })();
    sections.replied = complaintSection((q) =>
      q
        .where('owner_user_id', '=', me)
        .where('state', 'in', OPEN_STATES)
        .where(
          (eb) =>
            eb
              .selectFrom('complaint_messages')
              .select('author_type')
              .whereRef('complaint_messages.complaint_id', '=', 'complaints.id')
              .where('complaint_messages.is_internal', '=', 0)
              .orderBy('complaint_messages.id', 'desc')
              .limit(1),
          '=',
          'reporter',
        ),
    );
  }
  const result: MyWork['sections'] = [];
  for (const key of MY_WORK_SECTIONS) {
    const section = sections[key];
    if (section) result.push({ key, ...(await section) });
  }
  return { sections: result, total: result.reduce((n, s) => n + s.count, 0) };
}
