import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * SQLite's full-text index merges its segments less eagerly. With FTS5's default (automerge 4)
 * every submission paid for merging at commit: 444 µs of FTS work per complaint at a million
 * complaints, against 187 µs with 16, and searches were no slower (docs/benchmarks.md).
 * PostgreSQL's GIN index has its own pending list; nothing to change there.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('automerge', 16)`.execute(db);
}
