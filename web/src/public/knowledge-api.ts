import { api } from '../shared/api';
import type { Lang } from '../shared/i18n';
import { withCurrentLanguage } from '../shared/router';

/**
 * What the portal's knowledge pages and the complaint form's suggestions share: a text in the
 * reader's language, and the last suggestion's token, kept in this tab so "this answered my
 * question" also works on the article a suggestion opened (src/knowledge/suggestions.ts).
 */
export interface Bi {
  id: string;
  en: string;
}

/** The reader's language, Indonesian when the English text is empty. */
export const pick = (text: Bi, lang: Lang): string => (lang === 'en' && text.en) || text.id;

export const knowledgePath = (code: string): string => `/informasi/${encodeURIComponent(code)}`;

/** A permit type's page (or the general questions' when `code` is null), opened at a question: `?lang=` before the `#`. */
export function knowledgeHref(code: string | null, questionId?: number): string {
  const path = withCurrentLanguage(code ? knowledgePath(code) : '/informasi');
  return questionId ? `${path}#tanya-${questionId}` : path;
}

const KEY = 'aduan.suggestion';

export function rememberSuggestion(token: string, ids: readonly number[]): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify({ token, ids }));
  } catch {
    // Private mode: the button on the form still works.
  }
}

/** The token of the last suggestion and the first of these entries it showed, if any. */
export function suggestionFor(ids: readonly number[]): { token: string; entryId: number } | null {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as { token?: unknown; ids?: unknown } | null;
    if (!stored || typeof stored.token !== 'string' || !Array.isArray(stored.ids)) return null;
    const shown = stored.ids as unknown[];
    const entryId = ids.find((id) => shown.includes(id));
    return entryId === undefined ? null : { token: stored.token, entryId };
  } catch {
    return null;
  }
}

/** "This answered my question": the server counts it at most once per token. */
export async function settleSuggestion(token: string, entryId: number): Promise<void> {
  await api('POST', '/api/public/knowledge/settled', { json: { token, entryId } });
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
