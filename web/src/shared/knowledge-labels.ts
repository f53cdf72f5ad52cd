import type { Bilingual } from './i18n';

/** The sections of a permit type's article (src/knowledge/content.ts), as the portal and the admin's editor name them. */
export const ARTICLE_SECTIONS = [
  ['requirements', { id: 'Persyaratan', en: 'Requirements' }],
  ['steps', { id: 'Alur / prosedur', en: 'Steps' }],
  ['duration', { id: 'Waktu penyelesaian', en: 'Time to complete' }],
  ['cost', { id: 'Biaya / tarif', en: 'Cost' }],
  ['legalBasis', { id: 'Dasar hukum', en: 'Legal basis' }],
] as const satisfies readonly (readonly [string, Bilingual])[];
