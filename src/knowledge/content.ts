import { z } from 'zod';
import { searchWords } from '../complaints/word-search.js';

/**
 * What a knowledge-base entry says: an article about one permit type (requirements, steps, time,
 * cost, legal basis) or a question with its answer. Indonesian is required, English optional; each
 * text has a size limit so a page stays small on a cheap phone.
 */

export const TITLE_MAX = 200;
export const SECTION_MAX = 4000;
export const QUESTION_MAX = 300;

const text = (max: number) =>
  z.strictObject({
    id: z.string().trim().min(1).max(max),
    en: z.string().trim().max(max).default(''),
  });
const optionalText = (max: number) =>
  z
    .strictObject({
      id: z.string().trim().max(max).default(''),
      en: z.string().trim().max(max).default(''),
    })
    .default({ id: '', en: '' });

export const ArticleContentSchema = z.strictObject({
  title: text(TITLE_MAX),
  /** One or two sentences: the suggestion's snippet and what "summary + link" inserts into an answer. */
  summary: optionalText(500),
  requirements: text(SECTION_MAX).describe('Persyaratan'),
  steps: text(SECTION_MAX).describe('Alur / prosedur'),
  duration: text(SECTION_MAX).describe('Waktu penyelesaian'),
  cost: text(SECTION_MAX).describe('Biaya / tarif'),
  legalBasis: text(SECTION_MAX).describe('Dasar hukum'),
});
export type ArticleContent = z.output<typeof ArticleContentSchema>;

export const FaqContentSchema = z.strictObject({
  question: text(QUESTION_MAX),
  answer: text(SECTION_MAX),
});
export type FaqContent = z.output<typeof FaqContentSchema>;

export type EntryKind = 'article' | 'faq';
export type Content = ArticleContent | FaqContent;

export const ARTICLE_SECTIONS = ['requirements', 'steps', 'duration', 'cost', 'legalBasis'] as const;

/** The section headings as an inserted answer and the public page print them. */
export const SECTION_TITLES: Record<(typeof ARTICLE_SECTIONS)[number], { id: string; en: string }> = {
  requirements: { id: 'Persyaratan', en: 'Requirements' },
  steps: { id: 'Alur / prosedur', en: 'Steps' },
  duration: { id: 'Waktu penyelesaian', en: 'Time to complete' },
  cost: { id: 'Biaya / tarif', en: 'Cost' },
  legalBasis: { id: 'Dasar hukum', en: 'Legal basis' },
};

export function contentSchema(kind: EntryKind): z.ZodType<Content> {
  return kind === 'article' ? ArticleContentSchema : FaqContentSchema;
}

/** Stored JSON back to content; a damaged row reads as empty rather than taking a page down. */
export function readContent(kind: EntryKind, json: string): Content {
  let raw: unknown = null;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = null;
  }
  const parsed = contentSchema(kind).safeParse(raw);
  if (parsed.success) return parsed.data;
  const blank = { id: '', en: '' };
  return kind === 'article'
    ? { title: blank, summary: blank, requirements: blank, steps: blank, duration: blank, cost: blank, legalBasis: blank }
    : { question: blank, answer: blank };
}

export const isArticle = (content: Content): content is ArticleContent => 'requirements' in content;

/** The title of either kind, in one language (Indonesian when the English one is empty). */
export function titleOf(content: Content, language: 'id' | 'en'): string {
  const t = isArticle(content) ? content.title : content.question;
  return (language === 'en' && t.en) || t.id;
}

/** `requirements.id`, `published`, …: the paths whose values differ, the revision's "what changed". */
export function changedPaths(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[key];
    const a = after[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (b && a && typeof b === 'object' && typeof a === 'object') out.push(...changedPaths(b as Record<string, unknown>, a as Record<string, unknown>, path));
    else if (JSON.stringify(b ?? null) !== JSON.stringify(a ?? null)) out.push(path);
  }
  return out;
}

/** Every text of an entry, both languages: what the suggestion's words are matched against. */
export function entryText(content: Content): string {
  return Object.values(content)
    .map((t: { id: string; en: string }) => `${t.id} ${t.en}`)
    .join(' ');
}

/** An entry as plain text, for an answer drafted in the office (its own language first). */
export function plainText(content: Content, language: 'id' | 'en'): string {
  const pick = (t: { id: string; en: string }) => (language === 'en' && t.en) || t.id;
  if (!isArticle(content)) return `${pick(content.question)}\n${pick(content.answer)}`;
  const sections = ARTICLE_SECTIONS.map((s) => `${SECTION_TITLES[s][language]}:\n${pick(content[s])}`);
  return [pick(content.title), ...(pick(content.summary) ? [pick(content.summary)] : []), ...sections].join('\n\n');
}

/** Short words that say nothing about a matter: matching them would suggest everything. */
const STOP_WORDS = new Set(
  'yang dan di ke dari untuk dengan pada ini itu ada akan atau juga karena saya kami kita anda mereka sudah belum tidak bisa sampai dalam sebagai oleh agar tapi tetapi hanya lagi masih mohon tolong bagaimana kapan apa apakah berapa kenapa mengapa sejak telah para the and for with from that this what how when'.split(' '),
);

/** The words of a typed text worth matching: the complaint search's words, lower case, no stop words, at least 3 letters. */
export function meaningfulWords(typed: string, max = 40): string[] {
  const out = new Set<string>();
  for (const w of searchWords(typed, max * 3)) {
    const word = w.text.toLowerCase();
    if (word.length >= 3 && !STOP_WORDS.has(word)) out.add(word);
    if (out.size === max) break;
  }
  return [...out];
}

/**
 * How many of the typed words an entry holds. A word also matches one it begins or that begins it
 * when the shorter has at least 4 letters, as Indonesian adds endings (izin → izinnya, bangun → bangunan).
 */
export function matchScore(typed: readonly string[], entryWords: ReadonlySet<string>): number {
  let score = 0;
  for (const word of typed) {
    if (entryWords.has(word)) {
      score++;
      continue;
    }
    for (const e of entryWords) {
      const [short, long] = e.length < word.length ? [e, word] : [word, e];
      if (short.length >= 4 && long.startsWith(short)) {
        score++;
        break;
      }
    }
  }
  return score;
}
