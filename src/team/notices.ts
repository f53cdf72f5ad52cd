/**
 * The back office's own notifications: one row per person told of a hand-off, written in the
 * transaction of the action that caused it, with a mail copy when the person's preference says
 * so. Rows hold ids and kinds, never the reporter's identity: the text is made when read, from
 * the complaint's tracking number and subject, so an anonymous reporter stays anonymous to every
 * reader and an erased complaint takes nothing along.
 */
import { publishIfLive } from '../live/bus.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueMessages, staffByPreference, type NewMessage } from '../notifications/outbox.js';
import type { TemplateData } from '../notifications/templates.js';

type Trx = Transaction<Database> | Kysely<Database>;

export const NOTICE_KINDS = [
  'assigned',
  'unassigned',
  'disposition_received',
  'draft_returned',
  'approval_awaited',
  'reporter_replied',
  'follow_up_done',
  'answer_approved',
  'deadline_approaching',
  'deadline_missed',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];


export interface Notice {
  kind: NoticeKind;
  complaintId: number;
  /** Who caused it; never told of their own action. Null for the system and the reporter. */
  actorUserId: number | null;
  recipients: readonly number[];
  data?: Record<string, unknown>;
  /** The mail copy for those whose preference is `immediate`; none when the caller mails itself. */
  mail?: { key: string; data: TemplateData };
}

/** Writes the notice for each recipient (active, not the actor, once each); returns who was told. */
export async function notify(trx: Trx, notice: Notice, at: string): Promise<number[]> {
  const wanted = [...new Set(notice.recipients)].filter((id) => id !== notice.actorUserId);
  if (wanted.length === 0) return [];
  const people = await staffByPreference(trx, { ids: wanted });
  if (people.length === 0) return [];
  await trx
    .insertInto('notifications')
    .values(
      people.map((p) => ({
        user_id: p.userId,
        kind: notice.kind,
        complaint_id: notice.complaintId,
        actor_user_id: notice.actorUserId,
        data: notice.data ? JSON.stringify(notice.data) : null,
        created_at: at,
        read_at: null,
      })),
    )
    .execute();
  // Their bell rings at once on every open page (after the commit); the 30 s poll is the fallback.
  for (const p of people) await publishIfLive(trx, { type: 'notification', userId: p.userId });
  const mail = notice.mail;
  if (mail) {
    // `digest` people read it in the daily digest (unread notifications); `off` only in the bell.
    const messages: NewMessage[] = people
      .filter((p) => p.preference === 'immediate')
      .map((p) => ({ key: `${mail.key}:user${p.userId}`, complaintId: notice.complaintId, recipient: { type: 'staff', userId: p.userId, email: p.email }, language: p.language, data: mail.data }));
    await enqueueMessages(trx, messages, at);
  }
  return people.map((p) => p.userId);
}
