import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * The knowledge base (decision 0025): one article per permit type and questions with their answers,
 * each saved as a numbered revision; the tokens that let one suggestion count once as "answered my
 * question".
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let entries = col.id(createTable(db, 'kb_entries'))
    // 'article' (one per permit type) or 'faq' (a permit type's, or general when permit_type_id is null).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('permit_type_id', 'integer', (c) => c.references('permit_types.id'))
    // The current text as JSON; every saved one is also in kb_revisions.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  entries = col.flag(entries, 'published', 0);
  entries = entries.addColumn('settled_count', 'integer', (c) => c.notNull().defaultTo(0));
  entries = col.timestamp(entries, 'created_at', (c) => c.notNull());
  entries = col.timestamp(entries, 'updated_at', (c) => c.notNull());
  await entries.execute();
  await db.schema.createIndex('kb_entries_permit_type').on('kb_entries').columns(['permit_type_id', 'kind']).execute();

  let revisions = col.id(createTable(db, 'kb_revisions'))
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('kb_entries.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // JSON array of the field paths this save changed (`requirements.id`, `published`, …).
    .addColumn('changed', 'text', (c) => c.notNull())
    // Set when this revision brought back an older one's text.
    .addColumn('restored_from', 'integer')
    .addColumn('saved_by', 'integer', (c) => c.references('users.id'));
  revisions = col.flag(revisions, 'published', 0);
  revisions = col.timestamp(revisions, 'saved_at', (c) => c.notNull());
  await revisions.execute();
  await db.schema.createIndex('kb_revisions_entry_version').on('kb_revisions').columns(['entry_id', 'version']).unique().execute();

  let tokens = createTable(db, 'kb_suggestion_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    // JSON array of the entry ids this suggestion showed: only one of them can be counted.
    .addColumn('entry_ids', 'text', (c) => c.notNull());
  tokens = col.timestamp(tokens, 'expires_at', (c) => c.notNull());
  tokens = col.timestamp(tokens, 'used_at');
  await tokens.execute();
  await db.schema.createIndex('kb_suggestion_tokens_expiry').on('kb_suggestion_tokens').column('expires_at').execute();
}
