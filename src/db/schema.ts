import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of every table. Timestamps are ISO-8601 UTC strings on both databases
 * (text on SQLite, timestamptz on PostgreSQL parsed back to ISO, see database.ts).
 * Flags are 0/1 integers on both, so the code has one representation.
 */
type Timestamp = string;
type Flag = number;

export interface DivisionTable {
  id: Generated<number>;
  code: string;
  name: string;
  active: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface PermitTypeTable {
  id: Generated<number>;
  code: string;
  name: string;
  category: string;
  active: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface ComplaintClassTable {
  id: Generated<number>;
  code: string;
  name_id: string;
  name_en: string;
  answer_days: number;
  active: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface ComplaintThemeTable {
  id: Generated<number>;
  code: string;
  name_id: string;
  name_en: string;
  active: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface HolidayTable {
  date: string;
  kind: 'national' | 'cuti_bersama';
  name: string;
  source: string;
  confirmed: Flag;
}

export interface OfficeHoursTable {
  weekday: number;
  open: string | null;
  close: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface StepRoleTable {
  action: string;
  role: string;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  division_id: number | null;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  language: ColumnType<string, string | undefined, string>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  /** Civil-servant number and position (jabatan), printed under the person's signature line. */
  nip: ColumnType<string | null, string | null | undefined, string | null>;
  position: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ReporterTable {
  id: Generated<number>;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  erased_at: Timestamp | null;
  /** How the reporter wants to hear from the office (migration 0018); null = e-mail when there is one. */
  preferred_channel: 'email' | 'whatsapp' | 'sms' | null;
}

export interface TrackingCounterTable {
  year: number;
  last_value: number;
}

export interface ComplaintTable {
  id: Generated<number>;
  tracking_number: string;
  access_code_hash: string;
  reporter_id: number | null;
  is_anonymous: Flag;
  is_confidential: Flag;
  permit_type_id: number | null;
  application_number: string | null;
  subject: string;
  description: string;
  channel: string;
  incident_date: string | null;
  consent_at: Timestamp | null;
  language: string;
  state: string;
  /** The state a paused complaint (clarification, on hold) returns to. */
  resume_state: string | null;
  version: ColumnType<number, number | undefined, number>;
  class_id: number | null;
  theme_id: number | null;
  received_at: Timestamp;
  /** The deadline that runs now and its kind; null while paused or finished. */
  due_at: Timestamp | null;
  due_kind: string | null;
  /** Working days that were left on the answer deadline when the clock paused. */
  paused_remaining_days: number | null;
  first_response_due_at: Timestamp;
  first_responded_at: Timestamp | null;
  first_response_met: Flag | null;
  answer_due_at: Timestamp | null;
  answered_at: Timestamp | null;
  answer_met: Flag | null;
  /** Working days from received to the first answer, fixed when it is published. */
  answer_working_days: number | null;
  /** Where it happened, when the reporter said (migration 0018): an address and/or a map pin (WGS84). */
  location_address: ColumnType<string | null, string | null | undefined, string | null>;
  location_lat: ColumnType<number | null, number | null | undefined, number | null>;
  location_lng: ColumnType<number | null, number | null | undefined, number | null>;
  /** SP4N-LAPOR!'s tracking ID of a complaint registered from LAPOR! (migration 0022). */
  lapor_tracking_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** When this duplicate was merged into `duplicate_of_id` (migration 0022). */
  merged_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** 1 once the complaint has ever been reopened (by the office or by the reporter's dispute). */
  was_reopened: ColumnType<Flag, Flag | undefined, Flag>;
  close_due_at: Timestamp | null;
  closed_at: Timestamp | null;
  duplicate_of_id: number | null;
  referred_to: string | null;
  access_failures: ColumnType<number, number | undefined, number>;
  access_window_start: Timestamp | null;
  /** Who handles it at the intake desk (migration 0011); null while nobody has taken it. */
  owner_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ComplaintEventTable {
  id: Generated<number>;
  complaint_id: number;
  type: string;
  from_state: string | null;
  to_state: string | null;
  actor_type: 'reporter' | 'staff' | 'system';
  actor_user_id: number | null;
  actor_role: string | null;
  is_public: Flag;
  data: string | null;
  at: Timestamp;
}

export interface ComplaintMessageTable {
  id: Generated<number>;
  complaint_id: number;
  kind: 'acknowledgement' | 'clarification_request' | 'reply' | 'note' | 'answer' | 'message' | 'dispute';
  author_type: 'reporter' | 'staff' | 'system';
  author_user_id: number | null;
  is_internal: Flag;
  body: string;
  created_at: Timestamp;
  /** The duplicate this reporter's message was moved from when it was merged (migration 0022). */
  merged_from_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface DispositionTable {
  id: Generated<number>;
  complaint_id: number;
  division_id: number;
  instruction: string;
  disposed_by: number;
  disposed_at: Timestamp;
  due_at: Timestamp;
  follow_up: string | null;
  advocacy: string | null;
  followed_up_by: number | null;
  followed_up_at: Timestamp | null;
  follow_up_met: Flag | null;
  /** The division officer handling it (migration 0011). */
  owner_user_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AnswerTable {
  id: Generated<number>;
  complaint_id: number;
  body: string;
  status: 'draft' | 'returned' | 'published';
  drafted_by: number;
  drafted_at: Timestamp;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
}

export interface AttachmentTable {
  id: Generated<number>;
  complaint_id: number;
  message_id: number | null;
  stored_name: string;
  original_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: 'reporter' | 'staff';
  created_at: Timestamp;
  /** The duplicate this file was moved from when it was merged (migration 0022). */
  merged_from_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** An anonymous reporter's message or file the intake desk released to the related division (migration 0009). */
export interface IdentityReleaseTable {
  id: Generated<number>;
  complaint_id: number;
  message_id: number | null;
  attachment_id: number | null;
  /** The copy the division reads instead of the message, with identity removed; null: the message as written. */
  redacted_body: string | null;
  released_by: number;
  released_at: Timestamp;
}

export interface SatisfactionSurveyTable {
  complaint_id: number;
  scores: string;
  comment: string | null;
  submitted_at: Timestamp;
}

export interface OutboxMessageTable {
  id: Generated<number>;
  /** Unique per message; sent as the Message-ID so a receiver can drop a repeat after a crash. */
  idempotency_key: string;
  kind: string;
  complaint_id: number | null;
  recipient_type: 'reporter' | 'staff' | 'subscriber';
  recipient_user_id: number | null;
  /** Null once retention erased the complaint's personal data. */
  recipient_email: string | null;
  language: string;
  /** The template's data as JSON, rendered when sent; blanked once sent (a receipt may carry an access code). */
  payload: string | null;
  /** The rendered subject, kept for the admin's lists. */
  subject: string | null;
  /** `held`: kept back after a restore until an admin releases it (src/backup/after-restore.ts). */
  status: 'pending' | 'sent' | 'dead' | 'cancelled' | 'held';
  attempts: ColumnType<number, number | undefined, number>;
  has_secret: ColumnType<Flag, Flag | undefined, Flag>;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** Set just before each hand-over to the mail server (migration 0016): pending with this set = maybe delivered already. */
  attempted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** How it leaves (migration 0018): `email` uses recipient_email, the others recipient_address. */
  channel: ColumnType<OutboxChannel, OutboxChannel | undefined, OutboxChannel>;
  /** A phone number (digits, country code first) or a subscriber's URL; null for mail and once erased. */
  recipient_address: ColumnType<string | null, string | null | undefined, string | null>;
  /** The provider's own id for the sent message (WhatsApp's `wamid…`), to match its status reports. */
  provider_message_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the provider last reported: sent, delivered, read, failed. */
  delivery_status: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_status_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export type OutboxChannel = 'email' | 'whatsapp' | 'sms' | 'webhook';

/** When a phone number last wrote to us on a chat channel (WhatsApp's 24-hour service window). */
export interface ChannelContactTable {
  channel: 'whatsapp' | 'sms';
  address: string;
  last_inbound_at: Timestamp;
}

export interface SchedulerJobTable {
  name: string;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
}

export interface DeadlineAlertTable {
  complaint_id: number;
  due_at: Timestamp;
  level: string;
  created_at: Timestamp;
}

export interface NotificationPreferenceTable {
  user_id: number;
  new_complaints: 'immediate' | 'digest' | 'off';
}

export interface PersonalDataErasureTable {
  complaint_id: number;
  summary: string;
  erased_at: Timestamp;
}

/** Running recap totals per Jakarta day received (migration 0004, kept by triggers). */
export interface RecapDayCountTable {
  day: string;
  is_confidential: Flag;
  /** state, channel, permit_type, class, theme or division */
  dimension: string;
  key: string;
  n: number;
  first_response_met: number;
  first_response_late: number;
  first_response_none: number;
  answered: number;
  answer_met: number;
  answer_late: number;
  reopened: number;
}

export interface RecapDaySurveyTable {
  day: string;
  is_confidential: Flag;
  respondents: number;
  s0: number; s1: number; s2: number; s3: number; s4: number; s5: number; s6: number; s7: number; s8: number;
  c0: number; c1: number; c2: number; c3: number; c4: number; c5: number; c6: number; c7: number; c8: number;
}

/** Administrative audit log (migration 0006), append-only. `before`/`after` are JSON. */
export interface AuditLogTable {
  id: Generated<number>;
  action: string;
  actor_user_id: number | null;
  actor_role: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  before: string | null;
  after: string | null;
  at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_started_at: Timestamp;
}

export interface LoginKnownAddressTable {
  user_id: number;
  address_hash: string;
  last_success_at: Timestamp;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  requested_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** What one staff member was told of a hand-off (migration 0011); `data` is JSON without personal data. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  complaint_id: number | null;
  actor_user_id: number | null;
  data: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** A reporter's request about their personal data (migration 0010, UU 27/2022). */
export interface PersonalDataRequestTable {
  id: Generated<number>;
  complaint_id: number;
  kind: 'copy' | 'correction' | 'erasure';
  state: 'pending' | 'completed' | 'refused';
  /** The reporter's words; null once erased. */
  details: string | null;
  /** The office's answer: the reason of a correction, erasure or refusal. */
  outcome_note: string | null;
  handled_by: number | null;
  requested_at: Timestamp;
  due_at: Timestamp;
  handled_at: Timestamp | null;
}

/** A user's named queue filter (migration 0012); `query` is the queue's URL query string. */
export interface SavedFilterTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  query: string;
  created_at: Timestamp;
}

/** Who has a complaint page open (migration 0012): refreshed by the page's heartbeat. */
export interface ComplaintPresenceTable {
  complaint_id: number;
  user_id: number;
  seen_at: Timestamp;
}

export interface Database {
  divisions: DivisionTable;
  permit_types: PermitTypeTable;
  complaint_classes: ComplaintClassTable;
  complaint_themes: ComplaintThemeTable;
  holidays: HolidayTable;
  office_hours: OfficeHoursTable;
  settings: SettingTable;
  step_roles: StepRoleTable;
  users: UserTable;
  sessions: SessionTable;
  reporters: ReporterTable;
  tracking_counters: TrackingCounterTable;
  complaints: ComplaintTable;
  complaint_events: ComplaintEventTable;
  complaint_messages: ComplaintMessageTable;
  dispositions: DispositionTable;
  answers: AnswerTable;
  attachments: AttachmentTable;
  satisfaction_surveys: SatisfactionSurveyTable;
  outbox_messages: OutboxMessageTable;
  channel_contacts: ChannelContactTable;
  scheduler_jobs: SchedulerJobTable;
  deadline_alerts: DeadlineAlertTable;
  notification_preferences: NotificationPreferenceTable;
  personal_data_erasures: PersonalDataErasureTable;
  recap_day_counts: RecapDayCountTable;
  recap_day_surveys: RecapDaySurveyTable;
  audit_log: AuditLogTable;
  login_throttles: LoginThrottleTable;
  login_known_addresses: LoginKnownAddressTable;
  password_resets: PasswordResetTable;
  notifications: NotificationTable;
  personal_data_requests: PersonalDataRequestTable;
  saved_filters: SavedFilterTable;
  complaint_presence: ComplaintPresenceTable;
  identity_releases: IdentityReleaseTable;
  reporter_sign_ins: ReporterSignInTable;
  submission_keys: SubmissionKeyTable;
  complaint_reporters: ComplaintReporterTable;
}

/** A reporter of a duplicate merged into this complaint (migration 0022, decision 0030). */
export interface ComplaintReporterTable {
  id: Generated<number>;
  complaint_id: number;
  reporter_id: number | null;
  merged_from_id: number;
  linked_at: Timestamp;
}

/** A mailed "my complaints" link and the reporter session it opened (migration 0014); hashes only. */
export interface ReporterSignInTable {
  token_hash: string;
  /** JSON array of complaint ids the link covers. */
  complaint_ids: string;
  session_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  session_expires_at: Timestamp | null;
}

/** The Idempotency-Key of a filed form, for 24 hours (migration 0015, decision 0018); hashed, receipt sealed by it. */
export interface SubmissionKeyTable {
  /** SHA-256 of the key: the key itself stays in the reporter's browser. */
  key_hash: string;
  /** Empty while the first send's transaction runs. */
  sealed_receipt: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}
