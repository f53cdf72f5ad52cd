import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { searchWords } from '../complaints/word-search.js';
import { entryText, isArticle, matchScore, meaningfulWords, readContent, type Content } from './content.js';

/**
 * While a reporter types a complaint: the published articles and questions that hold the typed words,
 * those of the chosen permit type first. Each answer with suggestions carries one token; "this
 * answered my question" spends it on one of the entries it showed, so a count costs a fresh
 * suggestion from the server (rate-limited per address) and repeating a click adds nothing (decision 0025).
 */

export const SUGGESTION_LIMIT = 5;
const TOKEN_LIFETIME_MS = 2 * 3_600_000;

export interface Suggestion {
  id: number;
  kind: 'article' | 'faq';
  permitTypeCode: string | null;
  title: { id: string; en: string };
  snippet: { id: string; en: string };
}

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

function snippetOf(content: Content): { id: string; en: string } {
  const cut = (s: string) => (s.length > 180 ? `${s.slice(0, 179).trimEnd()}…` : s);
  const source = isArticle(content) ? (content.summary.id ? content.summary : content.requirements) : content.answer;
  return { id: cut(source.id), en: cut(source.en) };
}

/** Each entry's text and words by id, kept while its version stays (one per server: ids are per database). */
export type EntryWordCache = Map<number, { version: number; content: Content; words: ReadonlySet<string> }>;

function readEntry(cache: EntryWordCache, row: { id: number; kind: 'article' | 'faq'; version: number; content: string }): { content: Content; words: ReadonlySet<string> } {
  const kept = cache.get(row.id);
  if (kept && kept.version === row.version) return kept;
  const content = readContent(row.kind, row.content);
  const entry = { version: row.version, content, words: new Set(searchWords(entryText(content), 5000).map((w) => w.text.toLowerCase())) };
  cache.set(row.id, entry);
  return entry;
}

/** The best matches for the typed words, at most five; every one holds at least one typed word. */
export async function findSuggestions(ctx: AppContext, cache: EntryWordCache, typed: string, permitTypeId: number | null): Promise<Suggestion[]> {
  const words = meaningfulWords(typed);
  if (words.length === 0) return [];
  let query = ctx.db.kysely
    .selectFrom('kb_entries')
    .leftJoin('permit_types', 'permit_types.id', 'kb_entries.permit_type_id')
    .select(['kb_entries.id', 'kb_entries.kind', 'kb_entries.content', 'kb_entries.version', 'kb_entries.permit_type_id', 'permit_types.code'])
    .where('kb_entries.published', '=', 1);
  // With a permit type: its own entries and the general questions; without one, everything published.
  if (permitTypeId !== null) query = query.where((eb) => eb.or([eb('kb_entries.permit_type_id', '=', permitTypeId), eb('kb_entries.permit_type_id', 'is', null)]));
  const rows = await query.orderBy('kb_entries.id').limit(500).execute();
  const scored = rows.flatMap((row) => {
    const { content, words: entryWords } = readEntry(cache, row);
    const score = matchScore(words, entryWords);
    if (score === 0) return [];
    // The chosen permit type's own entries before general ones of the same score; its article first.
    const rank = score * 4 + (permitTypeId !== null && row.permit_type_id === permitTypeId ? 2 : 0) + (row.kind === 'article' ? 1 : 0);
    return [{ rank, suggestion: { id: row.id, kind: row.kind, permitTypeCode: row.code ?? null, title: isArticle(content) ? content.title : content.question, snippet: snippetOf(content) } }];
  });
  return scored
    .sort((a, b) => b.rank - a.rank || a.suggestion.id - b.suggestion.id)
    .slice(0, SUGGESTION_LIMIT)
    .map((s) => s.suggestion);
}

/** A token good for one count on one of these entries, for two hours; only its hash is stored. */
export async function issueToken(ctx: AppContext, entryIds: readonly number[]): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.now();
  const db = ctx.db.kysely;
  // Spent and expired tokens go as new ones come: the table holds about two hours of suggestions.
  await db.deleteFrom('kb_suggestion_tokens').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('kb_suggestion_tokens')
    .values({ token_hash: hash(token), entry_ids: JSON.stringify(entryIds), expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(), used_at: null })
    .execute();
  return token;
}

/**
 * Counts "this answered my question" for an entry the token showed, once per token. Whether it
 * counted is not told: a caller learns nothing from trying tokens.
 */
export async function settle(ctx: AppContext, token: string, entryId: number): Promise<boolean> {
  const now = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('kb_suggestion_tokens').select(['entry_ids', 'expires_at', 'used_at']).where('token_hash', '=', hash(token)).executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at < now) return false;
    let shown: unknown;
    try {
      shown = JSON.parse(row.entry_ids);
    } catch {
      shown = [];
    }
    if (!Array.isArray(shown) || !shown.includes(entryId)) return false;
    // Spent in the same statement that checks it is unspent: two clicks at once count once.
    const spent = await trx.updateTable('kb_suggestion_tokens').set({ used_at: now }).where('token_hash', '=', hash(token)).where('used_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return false;
    await trx.updateTable('kb_entries').set((eb) => ({ settled_count: eb('settled_count', '+', 1) })).where('id', '=', entryId).execute();
    return true;
  });
}
