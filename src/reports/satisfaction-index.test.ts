import { describe, expect, it } from 'vitest';
import { gradeOf, roundHalfUp, satisfactionIndex, totalsOf } from './satisfaction-index.js';

describe('the satisfaction index (PermenPANRB 14/2017)', () => {
  it('matches a hand-computed fixture of three surveys', () => {
    // Element sums: 4+3+2=9, 4+4+3=11, 3+3+3=9, 4+4+4=12, 2+3+4=9, 4+3+3=10, 3+4+4=11, 1+2+3=6, 4+4+2=10.
    const surveys = [
      [4, 4, 3, 4, 2, 4, 3, 1, 4],
      [3, 4, 3, 4, 3, 3, 4, 2, 4],
      [2, 3, 3, 4, 4, 3, 4, 3, 2],
    ];
    const result = satisfactionIndex(3, totalsOf(surveys));
    // NRR: 3.00, 3.666…, 3.00, 4.00, 3.00, 3.333…, 3.666…, 2.00, 3.333…; Σ = 87/3 = 29.
    // NRR tertimbang = 29 / 9 = 3.2222…; IKM = 3.2222… × 25 = 80.5555… → 80.56 → B (76.61–88.30).
    expect(result.ikm).toBe(80.56);
    expect(result.grade).toBe('B');
    expect(result.elements.map((e) => e.nrr)).toEqual([3, 3.67, 3, 4, 3, 3.33, 3.67, 2, 3.33]);
    // Element index = NRR × 25: 75.00 (C), 91.67 (A), 75.00, 100.00 (A), 75.00, 83.33 (B), 91.67, 50.00 (D), 83.33.
    expect(result.elements.map((e) => e.index)).toEqual([75, 91.67, 75, 100, 75, 83.33, 91.67, 50, 83.33]);
    expect(result.elements.map((e) => e.grade)).toEqual(['C', 'A', 'C', 'A', 'C', 'B', 'A', 'D', 'B']);
  });

  it('spans exactly 25 to 100 (weight 1/9, not the rounded 0.111)', () => {
    expect(satisfactionIndex(1, totalsOf([[4, 4, 4, 4, 4, 4, 4, 4, 4]])).ikm).toBe(100);
    expect(satisfactionIndex(1, totalsOf([[1, 1, 1, 1, 1, 1, 1, 1, 1]])).ikm).toBe(25);
  });

  it('rounds half up to two decimals and reads the grade on the rounded value', () => {
    expect(roundHalfUp(88.305)).toBe(88.31);
    expect(roundHalfUp(80.555555)).toBe(80.56);
    expect(roundHalfUp(76.604999)).toBe(76.6);
    expect(gradeOf(88.305)).toBe('A');
    expect(gradeOf(88.3)).toBe('B');
    expect(gradeOf(76.61)).toBe('B');
    expect(gradeOf(76.6)).toBe('C');
    expect(gradeOf(65)).toBe('C');
    expect(gradeOf(64.99)).toBe('D');
  });

  it('has no index without answers', () => {
    const result = satisfactionIndex(0, totalsOf([]));
    expect(result.ikm).toBeNull();
    expect(result.grade).toBeNull();
    expect(result.elements.every((e) => e.nrr === null)).toBe(true);
  });
});
