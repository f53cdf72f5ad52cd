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
  /** The number an old register gave it (migration 0020, decision 0024); null for complaints made here. */
  original_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** `<Jakarta year received>/<original number>` of an imported complaint: unique, so no row is imported twice. */
  import_key: ColumnType<string | null, string | null | undefined, string | null>;
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
  kb_entries: KbEntryTable;
  kb_revisions: KbRevisionTable;
  kb_suggestion_tokens: KbSuggestionTokenTable;
  inbound_mails: InboundMailTable;
  publications: PublicationTable;
  me_too_marks: MeTooMarkTable;
  whatsapp_inbound: WhatsAppInboundTable;
  whatsapp_conversations: WhatsAppConversationTable;
  whatsapp_held_files: WhatsAppHeldFileTable;
  complaint_reporters: ComplaintReporterTable;
  api_keys: ApiKeyTable;
  api_key_usage: ApiKeyUsageTable;
  open311_requests: Open311RequestTable;
  webhook_subscriptions: WebhookSubscriptionTable;
}

/** A WhatsApp message id (`wamid…`) already handled: Meta retries a delivery until it gets a 200 (migration 0025). */
export interface WhatsAppInboundTable {
  wamid: string;
  received_at: Timestamp;
}

/** A number filing a complaint step by step on WhatsApp (src/channels/whatsapp/conversation.ts). */
export interface WhatsAppConversationTable {
  /** International digits, as Meta's `wa_id`. */
  phone: string;
  step: 'choose_permit' | 'describe' | 'consent';
  language: 'id' | 'en';
  permit_type_id: number | null;
  description: string | null;
  /** The name the person shows on WhatsApp: the reporter's name on the complaint. */
  profile_name: string | null;
  updated_at: Timestamp;
}

/** A photo or document sent during a conversation, in the file store until the complaint exists. */
export interface WhatsAppHeldFileTable {
  stored_name: string;
  phone: string;
  original_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Timestamp;
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

/** A knowledge-base article or question (migration 0021, decision 0025); `content` is JSON (src/knowledge/content.ts). */
export interface KbEntryTable {
  id: Generated<number>;
  kind: 'article' | 'faq';
  permit_type_id: number | null;
  content: string;
  version: number;
  published: ColumnType<Flag, Flag | undefined, Flag>;
  /** How often a suggestion of it settled a reporter's question; one count per suggestion token. */
  settled_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every save of a knowledge-base entry, never changed afterwards. */
export interface KbRevisionTable {
  id: Generated<number>;
  entry_id: number;
  version: number;
  content: string;
  /** JSON array of the changed field paths. */
  changed: string;
  restored_from: number | null;
  saved_by: number | null;
  published: Flag;
  saved_at: Timestamp;
}

/** A suggestion shown on the complaint form, hashed; counts one "answered my question" at most. */
export interface KbSuggestionTokenTable {
  token_hash: string;
  entry_ids: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A mail taken from the inbound mailbox and what it became (migration 0019, decision 0023); no addresses. */
export interface InboundMailTable {
  id: Generated<number>;
  /** SHA-256 of the Message-ID (of the whole message when it has none): unique, so each mail is taken once. */
  message_key: string;
  outcome: 'complaint' | 'reply' | 'skipped' | 'refused';
  /** Why it was skipped or refused (bounce, auto_reply, bulk, no_sender, too_large, invalid). */
  reason: string | null;
  complaint_id: number | null;
  received_at: Timestamp;
}

/** An answered complaint's redacted public text (migration 0023, decision 0026); listed while not withdrawn. */
export interface PublicationTable {
  id: Generated<number>;
  complaint_id: number;
  title: string;
  description: string;
  answer: string;
  published_at: Timestamp;
  published_by: number;
  withdrawn_at: Timestamp | null;
  withdrawn_by: number | null;
  me_too_count: ColumnType<number, number | undefined, number>;
}

/** One "me too" per publication and mark: a salted hash of a client address (its /64 for IPv6) and a Jakarta day. */
export interface MeTooMarkTable {
  publication_id: number;
  mark: string;
  created_at: Timestamp;
}
/** A key another system calls the API with (migration 0024, decision 0027); only the secret's hash is kept. */
export interface ApiKeyTable {
  id: Generated<number>;
  /** The non-secret part of the key (`adn_<key_id>_<secret>`), by which it is found. */
  key_id: string;
  name: string;
  /** JSON array of scopes (`read_published`, `read_all`, `file_complaints`, `act_as_role:<role>`). */
  scopes: string;
  /** SHA-256 of the secret part. */
  secret_hash: string;
  /** The staff account an `act_as_role` key acts as. */
  act_as_user_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  last_used_at: Timestamp | null;
}

/** How often a key was used, per hour, route pattern and answer status (migration 0024). */
export interface ApiKeyUsageTable {
  api_key_id: number;
  hour: Timestamp;
  route: string;
  status: number;
  uses: number;
  last_at: Timestamp;
}

/** A complaint filed through Open311: which key filed it and the token it may ask about (migration 0024). */
export interface Open311RequestTable {
  complaint_id: number;
  token: string;
  api_key_id: number;
  created_at: Timestamp;
}

/** A URL told of complaint events (migration 0024); `secret` signs each delivery. */
export interface WebhookSubscriptionTable {
  id: Generated<number>;
  url: string;
  /** JSON array of event names. */
  events: string;
  scope: 'published' | 'all';
  secret: string;
  created_by: number | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
}
