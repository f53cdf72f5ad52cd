import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * Published complaints and answers (issue 16, decision 0026): the office's redacted public text of
 * an answered complaint, its own word index (never the complaint's, which holds what was redacted),
 * and the "me too" marks, each a salted hash of a client address and a day.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let publications = createTable(db, 'publications');
  publications = col.id(publications)
    .addColumn('complaint_id', 'integer', (c) => c.notNull().unique().references('complaints.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('withdrawn_by', 'integer', (c) => c.references('users.id'))
    .addColumn('me_too_count', 'integer', (c) => c.notNull().defaultTo(0));
  publications = col.timestamp(publications, 'published_at', (c) => c.notNull());
  publications = col.timestamp(publications, 'withdrawn_at');
  await publications.execute();
  await db.schema.createIndex('publications_listed').on('publications').columns(['withdrawn_at', 'id']).execute();

  let marks = createTable(db, 'me_too_marks')
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id'))
    .addColumn('mark', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('me_too_marks_pk', ['publication_id', 'mark']);
  marks = col.timestamp(marks, 'created_at', (c) => c.notNull());
  await marks.execute();

  // The key of the "me too" tokens and address marks: random per office, never shown.
  await sql`INSERT INTO settings (key, value) VALUES ('publication_secret', ${crypto.randomBytes(32).toString('base64url')})`.execute(db);

  if (dialect === 'postgres') {
    await sql`ALTER TABLE publications ADD COLUMN search_vector tsvector
      GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description || ' ' || answer)) STORED`.execute(db);
    await sql`CREATE INDEX publications_search ON publications USING gin (search_vector)`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE publications_fts USING fts5(title, description, answer,
    content='publications', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TRIGGER publications_fts_insert AFTER INSERT ON publications BEGIN
    INSERT INTO publications_fts(rowid, title, description, answer) VALUES (new.id, new.title, new.description, new.answer);
  END`.execute(db);
  await sql`CREATE TRIGGER publications_fts_delete AFTER DELETE ON publications BEGIN
    INSERT INTO publications_fts(publications_fts, rowid, title, description, answer) VALUES ('delete', old.id, old.title, old.description, old.answer);
  END`.execute(db);
  await sql`CREATE TRIGGER publications_fts_update AFTER UPDATE OF title, description, answer ON publications BEGIN
    INSERT INTO publications_fts(publications_fts, rowid, title, description, answer) VALUES ('delete', old.id, old.title, old.description, old.answer);
    INSERT INTO publications_fts(rowid, title, description, answer) VALUES (new.id, new.title, new.description, new.answer);
  END`.execute(db);
}
