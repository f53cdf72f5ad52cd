import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * A staff word search: whole words by default, a word typed with a trailing `*` matches every
 * word it begins (izin* finds izinnya). Whole words walk the text index newest first and stop at
 * what the page and the capped count need; a prefix has to merge every matching word's list
 * first, so it is asked for, not implied (decision 0022).
 */
export interface SearchWord {
  text: string;
  prefix: boolean;
}

/** Letters and digits only, at most ten words (`max`), so no typed text is read as FTS5 or tsquery syntax. */
export function searchWords(q: string, max = 10): SearchWord[] {
  const words: SearchWord[] = [];
  for (const match of q.matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    if (words.length === max) break;
    words.push({ text: match[1] as string, prefix: match[2] === '*' });
  }
  return words;
}

/** SQLite FTS5: each word a quoted phrase, all of them required. */
export function ftsMatch(words: readonly SearchWord[]): string {
  return words.map((w) => `"${w.text}"${w.prefix ? '*' : ''}`).join(' ');
}

/** PostgreSQL: the same words as a tsquery of the `simple` configuration the search column uses. */
export function tsQuery(words: readonly SearchWord[]): RawBuilder<unknown> {
  const text = words.map((w) => `'${w.text}'${w.prefix ? ':*' : ''}`).join(' & ');
  return sql`to_tsquery('simple', ${text})`;
}

/**
 * Above this many matches a search's total is a lower bound ("lebih dari 100"): on PostgreSQL the
 * count costs a check of about cap ÷ (share of complaints with the word) rows, so at a million
 * complaints 1,000 meant 30,000 rows for a word in 3 % of them (decision 0022).
 */
export const SEARCH_COUNT_CAP = 100;

/** PostgreSQL looks for a word among this many newest complaints first, walking them backwards. */
const RECENT_WINDOW = 10_000;

/**
 * Ids of the newest `need` complaints (by registration) containing every word, newest first.
 * SQLite: the FTS5 index walks a whole word's list from its end and stops. PostgreSQL's GIN index
 * has no order, so: the newest 10,000 complaints first (a common word fills `need` there after a
 * few hundred rows); only a word too rare for that asks the text index for the older ones, and a
 * word that rare has few enough matches to sort.
 */
export async function newestMatches(db: Db, words: readonly SearchWord[], need: number, recentWindow = RECENT_WINDOW): Promise<number[]> {
  const k = db.kysely;
  if (db.dialect === 'sqlite') {
    const rows = await sql<{ id: number }>`SELECT rowid AS id FROM complaints_fts WHERE complaints_fts MATCH ${ftsMatch(words)} ORDER BY rowid DESC LIMIT ${need}`.execute(k);
    return rows.rows.map((r) => r.id);
  }
  const query = tsQuery(words);
  const newest = (await sql<{ id: number | null }>`SELECT max(id) AS id FROM complaints`.execute(k)).rows[0]?.id ?? null;
  if (newest === null) return [];
  const bound = newest - recentWindow;
  const recent = (await sql<{ id: number }>`SELECT id FROM complaints WHERE id > ${bound} AND search_vector @@ ${query} ORDER BY id DESC LIMIT ${need}`.execute(k)).rows.map((r) => r.id);
  if (recent.length >= need || bound < 1) return recent;
  // `id + 0` keeps the planner off the primary key: walking it backwards for a rare word would
  // read every older complaint; the text index finds the few and they are sorted.
  const older = await sql<{ id: number }>`SELECT id FROM complaints WHERE search_vector @@ ${query} AND id + 0 <= ${bound} ORDER BY id + 0 DESC LIMIT ${need - recent.length}`.execute(k);
  return [...recent, ...older.rows.map((r) => r.id)];
}
