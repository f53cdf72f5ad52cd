import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export type EventActor =
  | { type: 'reporter' }
  | { type: 'system' }
  | { type: 'staff'; userId: number; role: string };

/** Event types the reporter sees on the public timeline (never with who did them). */
export const PUBLIC_EVENT_TYPES: readonly string[] = [
  'submitted',
  // The duplicate's reporter sees it merged; the original's reporter is not told of another person's report.
  'merged_into',
  'registered',
  'acknowledge',
  'request_clarification',
  'reporter_reply',
  'reporter_info',
  'resume',
  'dispose',
  'approve_answer',
  'accept_answer',
  'dispute_answer',
  'auto_close',
  'close',
  'reject',
  'refer',
  'hold',
  'reopen',
  'rated',
  'personal_data_requested',
  'personal_data_request_answered',
];

/** The intake desk released an anonymous reporter's message or file to the related division (never public). */
export const MESSAGE_RELEASED = 'message_released';
export const ATTACHMENT_RELEASED = 'attachment_released';

export interface NewEvent {
  complaintId: number;
  type: string;
  fromState: string | null;
  toState: string | null;
  actor: EventActor;
  at: string;
  data?: Record<string, unknown>;
}

/** The one way anything is written to the append-only log. */
export async function recordEvent(trx: Transaction<Database>, event: NewEvent): Promise<void> {
  await trx
    .insertInto('complaint_events')
    .values({
      complaint_id: event.complaintId,
      type: event.type,
      from_state: event.fromState,
      to_state: event.toState,
      actor_type: event.actor.type,
      actor_user_id: event.actor.type === 'staff' ? event.actor.userId : null,
      actor_role: event.actor.type === 'staff' ? event.actor.role : null,
      is_public: PUBLIC_EVENT_TYPES.includes(event.type) ? 1 : 0,
      data: event.data ? JSON.stringify(event.data) : null,
      at: event.at,
    })
    .execute();
}
