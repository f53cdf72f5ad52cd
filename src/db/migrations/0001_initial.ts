import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  const table = (name: string) => createTable(db, name);

  await col
    .flag(col.id(table('divisions')).addColumn('code', 'text', (c) => c.notNull().unique()).addColumn('name', 'text', (c) => c.notNull()), 'active', 1)
    .execute();
  await col
    .flag(
      col
        .id(table('permit_types'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull()),
      'active',
      1,
    )
    .execute();
  await col
    .flag(
      col
        .id(table('complaint_classes'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name_id', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('answer_days', 'integer', (c) => c.notNull()),
      'active',
      1,
    )
    .execute();
  await col
    .flag(
      col
        .id(table('complaint_themes'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name_id', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull()),
      'active',
      1,
    )
    .execute();
  await col
    .flag(
      table('holidays')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull()),
      'confirmed',
      1,
    )
    .execute();
  await table('office_hours')
    .addColumn('weekday', 'integer', (c) => c.primaryKey())
    .addColumn('open', 'text')
    .addColumn('close', 'text')
    .execute();
  await table('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
  await table('step_roles')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('step_roles_pk', ['action', 'role'] as never)
    .execute();

  let users = col
    .id(table('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('division_id', 'integer', (c) => c.references('divisions.id'))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0));
  users = col.flag(users, 'active', 1);
  users = col.timestamp(users, 'locked_until');
  users = col.timestamp(users, 'created_at', (c) => c.notNull());
  await users.execute();

  let sessions = table('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull());
  sessions = col.timestamp(sessions, 'created_at', (c) => c.notNull());
  sessions = col.timestamp(sessions, 'last_seen_at', (c) => c.notNull());
  await sessions.execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await col
    .timestamp(
      col
        .id(table('reporters'))
        .addColumn('name', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('address', 'text'),
      'erased_at',
    )
    .execute();

  await table('tracking_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .execute();

  let complaints = col
    .id(table('complaints'))
    .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
    .addColumn('access_code_hash', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'integer', (c) => c.references('reporters.id'))
    .addColumn('permit_type_id', 'integer', (c) => c.references('permit_types.id'))
    .addColumn('application_number', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('incident_date', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('resume_state', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('class_id', 'integer', (c) => c.references('complaint_classes.id'))
    .addColumn('theme_id', 'integer', (c) => c.references('complaint_themes.id'))
    .addColumn('due_kind', 'text')
    .addColumn('paused_remaining_days', 'real')
    .addColumn('duplicate_of_id', 'integer', (c) => c.references('complaints.id'))
    .addColumn('referred_to', 'text')
    .addColumn('access_failures', 'integer', (c) => c.notNull().defaultTo(0));
  complaints = col.flag(complaints, 'is_anonymous', 0);
  complaints = col.flag(complaints, 'is_confidential', 0);
  complaints = col.flag(complaints, 'first_response_met', null);
  complaints = col.flag(complaints, 'answer_met', null);
  for (const name of ['consent_at', 'due_at', 'first_responded_at', 'answer_due_at', 'answered_at', 'close_due_at', 'closed_at', 'access_window_start']) {
    complaints = col.timestamp(complaints, name);
  }
  for (const name of ['received_at', 'first_response_due_at', 'created_at', 'updated_at']) {
    complaints = col.timestamp(complaints, name, (c) => c.notNull());
  }
  await complaints.execute();
  // The inbox and recap query shapes; see docs/architecture.md.
  await db.schema.createIndex('complaints_received').on('complaints').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('complaints_state_received').on('complaints').columns(['state', 'received_at']).execute();
  await db.schema.createIndex('complaints_due').on('complaints').columns(['due_at']).where(sql.ref('due_at'), 'is not', null).execute();
  await db.schema.createIndex('complaints_permit_type').on('complaints').columns(['permit_type_id', 'received_at']).execute();
  await db.schema.createIndex('complaints_reporter').on('complaints').column('reporter_id').execute();
  await db.schema.createIndex('complaints_application').on('complaints').column('application_number').execute();

  let events = col
    .id(table('complaint_events'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_role', 'text')
    .addColumn('data', 'text');
  events = col.flag(events, 'is_public', 0);
  events = col.timestamp(events, 'at', (c) => c.notNull());
  await events.execute();
  await db.schema.createIndex('complaint_events_complaint').on('complaint_events').columns(['complaint_id', 'id']).execute();
  await db.schema.createIndex('complaint_events_at').on('complaint_events').columns(['at']).execute();

  let messages = col
    .id(table('complaint_messages'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull());
  messages = col.flag(messages, 'is_internal', 0);
  messages = col.timestamp(messages, 'created_at', (c) => c.notNull());
  await messages.execute();
  await db.schema.createIndex('complaint_messages_complaint').on('complaint_messages').columns(['complaint_id', 'id']).execute();

  let dispositions = col
    .id(table('dispositions'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('division_id', 'integer', (c) => c.notNull().references('divisions.id'))
    .addColumn('instruction', 'text', (c) => c.notNull())
    .addColumn('disposed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('follow_up', 'text')
    .addColumn('advocacy', 'text')
    .addColumn('followed_up_by', 'integer', (c) => c.references('users.id'));
  dispositions = col.flag(dispositions, 'follow_up_met', null);
  dispositions = col.timestamp(dispositions, 'disposed_at', (c) => c.notNull());
  dispositions = col.timestamp(dispositions, 'due_at', (c) => c.notNull());
  dispositions = col.timestamp(dispositions, 'followed_up_at');
  await dispositions.execute();
  await db.schema.createIndex('dispositions_division').on('dispositions').columns(['division_id', 'complaint_id']).execute();
  await db.schema.createIndex('dispositions_complaint').on('dispositions').columns(['complaint_id']).execute();

  let answers = col
    .id(table('answers'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('review_note', 'text');
  answers = col.timestamp(answers, 'drafted_at', (c) => c.notNull());
  answers = col.timestamp(answers, 'reviewed_at');
  await answers.execute();
  await db.schema.createIndex('answers_complaint').on('answers').columns(['complaint_id']).execute();

  let attachments = col
    .id(table('attachments'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('message_id', 'integer', (c) => c.references('complaint_messages.id'))
    .addColumn('stored_name', 'text', (c) => c.notNull().unique())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull());
  attachments = col.timestamp(attachments, 'created_at', (c) => c.notNull());
  await attachments.execute();
  await db.schema.createIndex('attachments_complaint').on('attachments').columns(['complaint_id']).execute();

  let surveys = table('satisfaction_surveys')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('comment', 'text');
  surveys = col.timestamp(surveys, 'submitted_at', (c) => c.notNull());
  await surveys.execute();

  await createSearchIndex(db, dialect);
  await protectEventLog(db, dialect);
}

/** Full-text search over subject and description: FTS5 on SQLite, a GIN tsvector on PostgreSQL. */
async function createSearchIndex(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE complaints ADD COLUMN search_vector tsvector
      GENERATED ALWAYS AS (to_tsvector('simple', tracking_number || ' ' || subject || ' ' || description)) STORED`.execute(db);
    await sql`CREATE INDEX complaints_search ON complaints USING gin (search_vector)`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE complaints_fts USING fts5(tracking_number, subject, description,
    content='complaints', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts(rowid, tracking_number, subject, description) VALUES (new.id, new.tracking_number, new.subject, new.description);
  END`.execute(db);
  await sql`CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, tracking_number, subject, description) VALUES ('delete', old.id, old.tracking_number, old.subject, old.description);
  END`.execute(db);
  await sql`CREATE TRIGGER complaints_fts_update AFTER UPDATE OF subject, description ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, tracking_number, subject, description) VALUES ('delete', old.id, old.tracking_number, old.subject, old.description);
    INSERT INTO complaints_fts(rowid, tracking_number, subject, description) VALUES (new.id, new.tracking_number, new.subject, new.description);
  END`.execute(db);
}

/** The event log is append-only: the database itself refuses updates and deletes. */
async function protectEventLog(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'complaint_events is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER complaint_events_no_change BEFORE UPDATE OR DELETE ON complaint_events
      FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
    BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
    BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END`.execute(db);
}
