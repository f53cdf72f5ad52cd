import { describe, expect, it } from 'vitest';
import { SEED_PERMIT_TYPES } from '../catalogue/seed-data.js';
import { ArticleContentSchema, changedPaths, FaqContentSchema, matchScore, meaningfulWords } from './content.js';
import { DEMO_ARTICLES, DEMO_FAQS } from './demo-articles.js';

describe('knowledge-base content', () => {
  it('keeps the demo examples valid, marked "Contoh" and on permit types of the catalogue', () => {
    const codes = new Set<string>(SEED_PERMIT_TYPES.map((p) => p.code));
    for (const [code, article] of Object.entries(DEMO_ARTICLES)) {
      expect(ArticleContentSchema.safeParse(article).success).toBe(true);
      expect(article.title.id).toMatch(/^Contoh/);
      expect(codes.has(code)).toBe(true);
    }
    for (const faq of DEMO_FAQS) {
      expect(FaqContentSchema.safeParse(faq.content).success).toBe(true);
      expect(faq.content.question.id).toMatch(/^Contoh/);
    }
  });

  it('matches typed words to an entry, endings included, and ignores words that say nothing', () => {
    expect(meaningfulWords('Saya sudah menunggu PBG yang belum terbit di SIMBG')).toEqual(['menunggu', 'pbg', 'terbit', 'simbg']);
    const entry = new Set(['pbg', 'bangunan', 'izin', 'retribusi']);
    expect(matchScore(['bangun', 'izinnya', 'pbg'], entry)).toBe(3);
    expect(matchScore(['ban', 'reklame'], entry)).toBe(0);
  });

  it('names what a save changed by path', () => {
    expect(changedPaths({ published: false, content: { cost: { id: 'a', en: '' } } }, { published: true, content: { cost: { id: 'b', en: '' } } })).toEqual(['published', 'content.cost.id']);
  });
});
