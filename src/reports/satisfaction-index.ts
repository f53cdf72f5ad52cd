/**
 * The community satisfaction index (IKM, *Indeks Kepuasan Masyarakat*) of PermenPANRB
 * 14/2017: nine survey elements (*unsur*), each scored 1–4 by the reporter. Pure.
 *
 * - NRR per element = sum of its scores / number of scores given for it.
 * - NRR tertimbang  = Σ NRR × weight, the weight being 1 / number of elements (1/9).
 * - IKM unit        = NRR tertimbang × 25, on the scale 25–100.
 *
 * Rounding (our choice, tested in satisfaction-index.test.ts): every step is computed unrounded
 * and only the published figures are rounded, half up, to 2 decimals (NRR to 2 decimals as
 * well). The weight is the exact 1/9, not the 0.111 printed in the regulation's worked example:
 * with 0.111 a survey of all 4s gives 99.90 and of all 1s 24.98, off the 25–100 scale the
 * regulation itself states; with 1/9 they are exactly 100.00 and 25.00. The grade is read from
 * the rounded IKM, so 88.305 → 88.31 → A.
 */

export const SURVEY_ELEMENTS = 9;

/** The nine elements in the order of the survey form (PermenPANRB 14/2017, lampiran). */
export const SURVEY_ELEMENT_NAMES: readonly { id: string; en: string }[] = [
  { id: 'Persyaratan', en: 'Requirements' },
  { id: 'Sistem, mekanisme, dan prosedur', en: 'System, mechanism and procedure' },
  { id: 'Waktu penyelesaian', en: 'Completion time' },
  { id: 'Biaya/tarif', en: 'Cost/fee' },
  { id: 'Produk spesifikasi jenis pelayanan', en: 'Service product specification' },
  { id: 'Kompetensi pelaksana', en: 'Staff competence' },
  { id: 'Perilaku pelaksana', en: 'Staff behaviour' },
  { id: 'Penanganan pengaduan, saran dan masukan', en: 'Handling of complaints, suggestions and feedback' },
  { id: 'Sarana dan prasarana', en: 'Facilities and infrastructure' },
];

export type Grade = 'A' | 'B' | 'C' | 'D';

/** Service quality per grade (*mutu pelayanan*, *kinerja unit pelayanan*). */
export const GRADE_LABELS: Record<Grade, { id: string; en: string }> = {
  A: { id: 'Sangat Baik', en: 'Very good' },
  B: { id: 'Baik', en: 'Good' },
  C: { id: 'Kurang Baik', en: 'Poor' },
  D: { id: 'Tidak Baik', en: 'Very poor' },
};

/** Half-up to `decimals`; the toPrecision step removes binary noise such as 88.30499999999. */
export function roundHalfUp(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  const scaled = Number((value * factor).toPrecision(12));
  return Math.floor(scaled + 0.5) / factor;
}

/** The 2017 conversion table, read on the IKM rounded to 2 decimals. */
export function gradeOf(ikm: number): Grade {
  const v = roundHalfUp(ikm);
  if (v >= 88.31) return 'A';
  if (v >= 76.61) return 'B';
  if (v >= 65.0) return 'C';
  return 'D';
}

export interface ElementTotals {
  /** Sum of the scores given for each element. */
  sums: readonly number[];
  /** Number of scores given for each element. */
  counts: readonly number[];
}

export interface SatisfactionIndex {
  respondents: number;
  /** Null when nobody answered the survey. */
  ikm: number | null;
  grade: Grade | null;
  elements: { element: number; name: string; nrr: number | null; index: number | null; grade: Grade | null }[];
}

export function satisfactionIndex(respondents: number, totals: ElementTotals): SatisfactionIndex {
  const nrr = SURVEY_ELEMENT_NAMES.map((_, i) => {
    const count = totals.counts[i] ?? 0;
    return count > 0 ? (totals.sums[i] ?? 0) / count : null;
  });
  const answered = nrr.filter((v): v is number => v !== null);
  const weighted = answered.length === SURVEY_ELEMENTS ? answered.reduce((a, b) => a + b, 0) / SURVEY_ELEMENTS : null;
  const ikm = weighted === null ? null : roundHalfUp(weighted * 25);
  return {
    respondents,
    ikm,
    grade: ikm === null ? null : gradeOf(ikm),
    elements: SURVEY_ELEMENT_NAMES.map((name, i) => {
      const value = nrr[i] ?? null;
      const index = value === null ? null : roundHalfUp(value * 25);
      return { element: i + 1, name: name.id, nrr: value === null ? null : roundHalfUp(value), index, grade: index === null ? null : gradeOf(index) };
    }),
  };
}

/** Totals of a list of surveys (each nine 1–4 scores); what the database sums for large sets. */
export function totalsOf(surveys: readonly (readonly number[])[]): ElementTotals {
  const sums = new Array<number>(SURVEY_ELEMENTS).fill(0);
  const counts = new Array<number>(SURVEY_ELEMENTS).fill(0);
  for (const scores of surveys) {
    for (let i = 0; i < SURVEY_ELEMENTS; i++) {
      const s = scores[i];
      if (typeof s === 'number') {
        sums[i] = (sums[i] ?? 0) + s;
        counts[i] = (counts[i] ?? 0) + 1;
      }
    }
  }
  return { sums, counts };
}
