/**
 * What each SOP step hands to whom: the owner it sets and the people it tells. Called once from
 * the workflow service's commit, inside the action's transaction, after the complaint changed.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { staffWithRoles } from '../notifications/outbox.js';
import type { TeamNoticeKind, TemplateData } from '../notifications/templates.js';
import type { EventActor } from '../workflow/events.js';
import type { ActionName, StepRoles } from '../workflow/state-machine.js';
import { notify, type NoticeKind } from './notices.js';

type Trx = Transaction<Database>;

export interface HandOff {
  complaintId: number;
  /** An SOP action, or `reporter_info`: more information the reporter sent outside a clarification. */
  action: ActionName | 'reporter_info';
  actor: EventActor;
  at: string;
  /** The complaint's version after the action; part of each mail's idempotency key. */
  version: number;
  data?: Record<string, unknown> | undefined;
  stepRoles: StepRoles;
}

const userIdOf = (actor: EventActor): number | null => (actor.type === 'staff' ? actor.userId : null);
const ids = (people: { userId: number }[]) => people.map((p) => p.userId);

/**
 * The owner that follows from a step (the one who acknowledged or drafted, the drafter of a returned
 * draft). Not a separate event: the step's own event already says who, and only a person's
 * explicit (re)assignment is logged as `assign`/`take`.
 */
async function setOwner(trx: Trx, complaintId: number, from: number | null, to: number): Promise<void> {
  if (from !== to) await trx.updateTable('complaints').set({ owner_user_id: to }).where('id', '=', complaintId).execute();
}

export async function recordHandOff(trx: Trx, h: HandOff): Promise<void> {
  const row = await trx
    .selectFrom('complaints')
    .select(['id', 'tracking_number', 'subject', 'owner_user_id'])
    .where('id', '=', h.complaintId)
    .executeTakeFirstOrThrow();
  const actorId = userIdOf(h.actor);
  const actorName = actorId === null ? null : ((await trx.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirst())?.name ?? null);
  const keyOf = (kind: string) => `${kind}:${row.id}:v${h.version}:${h.action}`;
  const team = (notice: TeamNoticeKind, note: string | null = null): { key: string; data: TemplateData } => ({
    key: keyOf(`team_${notice}`),
    data: { kind: 'team_notice', notice, trackingNumber: row.tracking_number, subject: row.subject, actor: actorName, note },
  });
  const tell = (kind: NoticeKind, recipients: readonly number[], extra: { data?: Record<string, unknown>; mail?: { key: string; data: TemplateData } } = {}) =>
    notify(trx, { kind, complaintId: row.id, actorUserId: actorId, recipients, ...extra }, h.at);

  switch (h.action) {
    case 'acknowledge':
      // Whoever responds first at the intake desk handles it, unless someone was named already.
      if (row.owner_user_id === null && actorId !== null) await setOwner(trx, row.id, null, actorId);
      break;
    case 'draft_answer': {
      if (row.owner_user_id === null && actorId !== null) await setOwner(trx, row.id, null, actorId);
      const approvers = await staffWithRoles(trx, h.stepRoles.approve_answer);
      await tell('approval_awaited', ids(approvers), { mail: team('approval_awaited') });
      break;
    }
    case 'return_answer': {
      const returned = await trx
        .selectFrom('answers')
        .select(['drafted_by', 'review_note'])
        .where('complaint_id', '=', row.id)
        .where('status', '=', 'returned')
        .where('reviewed_at', '=', h.at)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!returned) break;
      // The draft goes back to the one who wrote it.
      await setOwner(trx, row.id, row.owner_user_id, returned.drafted_by);
      await tell('draft_returned', [returned.drafted_by], { data: { note: returned.review_note }, mail: team('draft_returned', returned.review_note) });
      break;
    }
    case 'approve_answer': {
      const answerId = typeof h.data?.answerId === 'number' ? h.data.answerId : -1;
      const answer = await trx.selectFrom('answers').select('drafted_by').where('id', '=', answerId).executeTakeFirst();
      const people = [answer?.drafted_by, row.owner_user_id].filter((x): x is number => typeof x === 'number');
      await tell('answer_approved', people, { mail: team('answer_approved') });
      break;
    }
    case 'dispose': {
      const divisionIds = Array.isArray(h.data?.divisionIds) ? (h.data.divisionIds as number[]) : [];
      const instruction = typeof h.data?.instruction === 'string' ? h.data.instruction : '';
      const followUpDueAt = typeof h.data?.followUpDueAt === 'string' ? h.data.followUpDueAt : h.at;
      for (const divisionId of divisionIds) {
        const officers = await staffWithRoles(trx, ['division_officer'], [divisionId]);
        await tell('disposition_received', ids(officers), {
          data: { divisionId },
          mail: { key: keyOf('disposition_received'), data: { kind: 'disposition_received', trackingNumber: row.tracking_number, subject: row.subject, instruction, followUpDueAt } },
        });
      }
      break;
    }
    case 'record_follow_up': {
      const dispositionId = typeof h.data?.dispositionId === 'number' ? h.data.dispositionId : -1;
      const d = await trx.selectFrom('dispositions').select(['id', 'disposed_by', 'owner_user_id', 'division_id']).where('id', '=', dispositionId).executeTakeFirst();
      if (!d) break;
      if (d.owner_user_id === null && actorId !== null) {
        await trx.updateTable('dispositions').set({ owner_user_id: actorId }).where('id', '=', d.id).execute();
      }
      const people = [d.disposed_by, row.owner_user_id].filter((x): x is number => x !== null);
      await tell('follow_up_done', people, { data: { dispositionId: d.id, divisionId: d.division_id }, mail: team('follow_up_done') });
      break;
    }
    case 'reporter_reply':
    case 'reporter_info':
    case 'dispute_answer': {
      const people = row.owner_user_id !== null ? [row.owner_user_id] : ids(await staffWithRoles(trx, ['staff']));
      const data = { disputed: h.action === 'dispute_answer', ...(h.action === 'reporter_info' ? { additional: true } : {}) };
      await tell('reporter_replied', people, { data, mail: team('reporter_replied') });
      break;
    }
    default:
      break;
  }
}
