/**
 * Deadline reminders and escalation (mail, and the bell of whoever handles it), and the daily digest
 * of new complaints and unread notifications for staff who prefer one. Each alert is recorded in `deadline_alerts` (complaint, deadline, level) in the
 * same transaction as its mail, so a level is raised once per deadline whichever instance runs
 * the job; a moved deadline (a pause, a reopening) is a new deadline with its own alerts.
 */
import { liveTransaction } from '../live/bus.js';
import type { Transaction } from 'kysely';
import { isWorkingDay, jakartaDate, workingDaysBetween, workingMsBetween, type WorkingCalendar } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { enqueueMessages, staffById, staffByPreference, staffWithRoles, type NewMessage, type StaffRecipient } from '../notifications/outbox.js';
import { notify, type Notice } from '../team/notices.js';
import type { DeadlineKind, TemplateData } from '../notifications/templates.js';

export type AlertLevel = 'half' | 'last_hour' | 'missed' | 'missed_division_head';

export interface ReminderSettings {
  /** Share of the working time used that triggers the first reminder (0 = off). */
  fraction: number;
  /** Working hours left that trigger the second reminder (0 = off). */
  hoursLeft: number;
  /** Working days past the deadline before the head of division is told. */
  escalateDivisionHeadAfterDays: number;
}

/** Which alert levels are due now for a deadline that started at `start`. Pure. */
export function dueAlertLevels(cal: WorkingCalendar, now: Date, start: Date, due: Date, s: ReminderSettings): AlertLevel[] {
  if (now.getTime() > due.getTime()) {
    const levels: AlertLevel[] = ['missed'];
    if (workingDaysBetween(cal, due, now) >= s.escalateDivisionHeadAfterDays) levels.push('missed_division_head');
    return levels;
  }
  const total = workingMsBetween(cal, start, due);
  const left = workingMsBetween(cal, now, due);
  const levels: AlertLevel[] = [];
  if (s.fraction > 0 && total > 0 && left <= total * (1 - s.fraction)) levels.push('half');
  if (s.hoursLeft > 0 && left <= s.hoursLeft * 3600_000) levels.push('last_hour');
  return levels;
}

type Trx = Transaction<Database>;

interface Candidate {
  complaintId: number;
  trackingNumber: string;
  subject: string;
  deadline: DeadlineKind;
  start: string;
  due: string;
  /** Distinguishes a division's follow-up deadline from the complaint's own in the alert record. */
  scope: string;
  /** Who is reminded before the deadline passes. */
  remind: (trx: Trx) => Promise<StaffRecipient[]>;
}

const PAGE = 500;
const MAX_PER_RUN = 5000;

async function complaintCandidates(ctx: AppContext, afterDue: string | null, afterId: number): Promise<Candidate[]> {
  let q = ctx.db.kysely
    .selectFrom('complaints')
    .select(['id', 'tracking_number', 'subject', 'state', 'due_at', 'due_kind', 'received_at', 'owner_user_id'])
    .where('due_kind', 'in', ['first_response', 'answer'])
    .where('due_at', 'is not', null);
  if (afterDue) q = q.where((eb) => eb.or([eb('due_at', '>', afterDue), eb.and([eb('due_at', '=', afterDue), eb('id', '>', afterId)])]));
  const rows = await q.orderBy('due_at').orderBy('id').limit(PAGE).execute();
  return rows.map((r) => ({
    complaintId: r.id,
    trackingNumber: r.tracking_number,
    subject: r.subject,
    deadline: r.due_kind as DeadlineKind,
    start: r.received_at,
    due: r.due_at as string,
    scope: 'complaint',
    remind: async (trx: Trx) => {
      if (r.state === 'answer_drafted') return staffWithRoles(trx, ['section_head']);
      if (r.state === 'disposed') {
        const open = await trx.selectFrom('dispositions').select('division_id').where('complaint_id', '=', r.id).where('followed_up_at', 'is', null).execute();
        return staffWithRoles(trx, ['division_officer'], open.map((d) => d.division_id));
      }
      // Whoever handles it; the whole intake desk while nobody does.
      const owner = r.owner_user_id === null ? [] : await staffById(trx, [r.owner_user_id]);
      return owner.length > 0 ? owner : staffWithRoles(trx, ['staff']);
    },
  }));
}

async function dispositionCandidates(ctx: AppContext): Promise<Candidate[]> {
  const rows = await ctx.db.kysely
    .selectFrom('dispositions')
    .innerJoin('complaints', 'complaints.id', 'dispositions.complaint_id')
    .select(['dispositions.id', 'dispositions.division_id', 'dispositions.disposed_at', 'dispositions.due_at', 'dispositions.owner_user_id', 'complaints.id as complaint_id', 'complaints.tracking_number', 'complaints.subject'])
    .where('dispositions.followed_up_at', 'is', null)
    .where('complaints.state', '=', 'disposed')
    .orderBy('dispositions.due_at')
    .limit(MAX_PER_RUN)
    .execute();
  return rows.map((r) => ({
    complaintId: r.complaint_id,
    trackingNumber: r.tracking_number,
    subject: r.subject,
    deadline: 'follow_up' as const,
    start: r.disposed_at,
    due: r.due_at,
    scope: `disposition${r.id}`,
    remind: async (trx: Trx) => {
      const owner = r.owner_user_id === null ? [] : await staffById(trx, [r.owner_user_id]);
      return owner.length > 0 ? owner : staffWithRoles(trx, ['division_officer'], [r.division_id]);
    },
  }));
}

/** Raises every alert now due; returns how many alerts (not mails) were raised. */
export async function runDeadlineAlerts(ctx: AppContext): Promise<number> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const at = now.toISOString();
  const r = ctx.config.reminders;
  const s: ReminderSettings = { fraction: r.fraction, hoursLeft: r.hoursLeft, escalateDivisionHeadAfterDays: r.escalateDivisionHeadAfterDays };
  const candidates: Candidate[] = [];
  let cursor: { due: string | null; id: number } = { due: null, id: 0 };
  while (candidates.length < MAX_PER_RUN) {
    const page = await complaintCandidates(ctx, cursor.due, cursor.id);
    candidates.push(...page);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    cursor = { due: last.due, id: last.complaintId };
  }
  candidates.push(...(await dispositionCandidates(ctx)));

  let raised = 0;
  for (const c of candidates) {
    const levels = dueAlertLevels(settings.calendar, now, new Date(c.start), new Date(c.due), s);
    if (levels.length === 0) continue;
    // Only the most urgent reminder before the deadline is worth a mail; the lesser is recorded as done.
    const beforeDeadline = levels.includes('last_hour') ? ['last_hour', 'half'] : levels.includes('half') ? ['half'] : [];
    await liveTransaction(ctx, async (trx) => {
      const fresh: AlertLevel[] = [];
      for (const level of [...beforeDeadline, ...levels.filter((l) => l.startsWith('missed'))] as AlertLevel[]) {
        const inserted = await trx
          .insertInto('deadline_alerts')
          .values({ complaint_id: c.complaintId, due_at: c.due, level: c.scope === 'complaint' ? level : `${c.scope}:${level}`, created_at: at })
          .onConflict((oc) => oc.columns(['complaint_id', 'due_at', 'level']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) fresh.push(level);
      }
      if (fresh.length === 0) return;
      raised += fresh.length;
      const messages: NewMessage[] = [];
      const notices: Notice[] = [];
      const add = (people: StaffRecipient[], level: AlertLevel, data: TemplateData & { kind: 'deadline_approaching' | 'deadline_missed' }) => {
        // The bell too; the mail is the message above, whatever the preference (a deadline is not a digest matter).
        notices.push({ kind: data.kind, complaintId: c.complaintId, actorUserId: null, recipients: people.map((p) => p.userId), data: { deadline: c.deadline, dueAt: c.due, level } });
        for (const p of people) {
          messages.push({
            key: `${data.kind}:${c.complaintId}:${c.scope}:${c.due}:${level}:user${p.userId}`,
            complaintId: c.complaintId,
            recipient: { type: 'staff', userId: p.userId, email: p.email },
            language: p.language,
            data,
          });
        }
      };
      const base = { trackingNumber: c.trackingNumber, subject: c.subject, deadline: c.deadline, dueAt: c.due };
      if (fresh.includes('last_hour') || fresh.includes('half')) {
        const level: AlertLevel = fresh.includes('last_hour') ? 'last_hour' : 'half';
        const hoursLeft = workingMsBetween(settings.calendar, now, new Date(c.due)) / 3600_000;
        add(await c.remind(trx), level, { kind: 'deadline_approaching', ...base, workingHoursLeft: hoursLeft });
      }
      if (fresh.includes('missed')) {
        const owner = await c.remind(trx);
        // The head of section, and the bell of whoever handles it (its mail went out with the reminders before).
        add(await staffWithRoles(trx, ['section_head']), 'missed', { kind: 'deadline_missed', ...base, level: 'section_head' });
        notices.push({ kind: 'deadline_missed', complaintId: c.complaintId, actorUserId: null, recipients: owner.map((p) => p.userId), data: { deadline: c.deadline, dueAt: c.due, level: 'owner' } });
      }
      if (fresh.includes('missed_division_head')) add(await staffWithRoles(trx, ['division_head']), 'missed_division_head', { kind: 'deadline_missed', ...base, level: 'division_head' });
      await enqueueMessages(trx, messages, at);
      for (const notice of notices) await notify(trx, notice, at);
    });
  }
  return raised;
}

/**
 * On a working day from DIGEST_HOUR (Jakarta), staff who chose a digest get the complaints
 * waiting in the intake queue; once a day each (the idempotency key holds the date).
 */
export async function runStaffDigest(ctx: AppContext): Promise<number> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const date = jakartaDate(now);
  const jakartaHour = new Date(now.getTime() + 7 * 3600_000).getUTCHours();
  if (!isWorkingDay(settings.calendar, date) || jakartaHour < ctx.config.reminders.digestHour) return 0;
  const db = ctx.db.kysely;
  // Everyone who chose the digest: the intake desk gets the waiting complaints, everyone their unread notifications.
  const people = (await staffByPreference(db)).filter((p) => p.preference === 'digest');
  if (people.length === 0) return 0;
  const waiting = await db
    .selectFrom('complaints')
    .select(['tracking_number', 'subject', 'received_at', 'due_at'])
    .where('state', '=', 'received')
    .orderBy('received_at')
    .limit(100)
    .execute();
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const messages: NewMessage[] = [];
  for (const p of people) {
    const notices = await db
      .selectFrom('notifications')
      .innerJoin('complaints', 'complaints.id', 'notifications.complaint_id')
      .select(['notifications.kind', 'complaints.tracking_number'])
      .where('notifications.user_id', '=', p.userId)
      .where('notifications.read_at', 'is', null)
      .where('notifications.created_at', '>=', since)
      .orderBy('notifications.id')
      .limit(50)
      .execute();
    const items = p.role === 'staff' ? waiting : [];
    if (items.length === 0 && notices.length === 0) continue;
    const data: TemplateData = {
      kind: 'staff_digest',
      date,
      items: items.map((w) => ({ trackingNumber: w.tracking_number, subject: w.subject, receivedAt: w.received_at, dueAt: w.due_at })),
      ...(notices.length > 0 ? { notices: notices.map((n) => ({ trackingNumber: n.tracking_number, notice: n.kind })) } : {}),
    };
    messages.push({ key: `staff_digest:${date}:user${p.userId}`, complaintId: null, recipient: { type: 'staff', userId: p.userId, email: p.email }, language: p.language, data });
  }
  return enqueueMessages(db, messages, now.toISOString());
}
