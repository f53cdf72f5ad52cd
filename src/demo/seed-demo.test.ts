import { describe, expect, it } from 'vitest';
import { DEMO_STAFF } from './seed-demo.js';

describe('the demo staff', () => {
  it('are named without their role, which the header adds itself ("Rina Kusuma (Staf)", not "(Staf) (Staf)")', () => {
    expect(DEMO_STAFF.filter((s) => /[()]/.test(s.name)).map((s) => s.name)).toEqual([]);
  });
});
