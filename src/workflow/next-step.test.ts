import { describe, expect, it } from 'vitest';
import { nextStep } from './next-step.js';
import { DEFAULT_STEP_ROLES, STATES, type ComplaintState } from './state-machine.js';

const at = (state: ComplaintState, sheetPrinted = true, resumeState: ComplaintState | null = null) => nextStep({ state, resumeState, sheetPrinted }, DEFAULT_STEP_ROLES);

describe('the next SOP step, said plainly', () => {
  it('follows the SOP from receipt to the answer', () => {
    expect(at('received', false)).toMatchObject({ step: 1, action: 'acknowledge', who: 'staff', roles: ['staff'], text: { id: 'Langkah 1 — Staf menanggapi pengaduan (paling lambat 1 hari kerja)' } });
    expect(at('acknowledged', false)).toMatchObject({ step: 2, action: 'print_sheet', roles: ['staff', 'section_head', 'division_head'] });
    expect(at('acknowledged', true)).toMatchObject({
      step: 4,
      action: 'dispose',
      roles: ['section_head', 'division_head'],
      text: { id: 'Langkah 4 — Kepala Seksi atau Kepala Bidang mendisposisikan ke bidang terkait', en: 'Step 4 — Head of section or Head of division disposes it to the related division' },
    });
    expect(at('clarification')).toMatchObject({ step: 3, action: 'reporter_reply', who: 'reporter', roles: [] });
    expect(at('disposed')).toMatchObject({ step: 5, action: 'record_follow_up', roles: ['division_officer'], text: { id: 'Langkah 5 — Bidang terkait mencatat tindak lanjut dan advokasi' } });
    expect(at('followed_up')).toMatchObject({ step: 6, action: 'draft_answer', roles: ['staff'] });
    expect(at('answer_drafted')).toMatchObject({ step: 6, action: 'approve_answer', roles: ['section_head', 'division_head'] });
    expect(at('answered')).toMatchObject({ step: 7, action: 'accept_answer', who: 'reporter' });
    expect(at('reopened')).toMatchObject({ step: 6, action: 'draft_answer' });
  });

  it('continues a complaint on hold where it paused, and has nothing next for a finished one', () => {
    expect(at('on_hold', true, 'disposed')).toMatchObject({ step: 5, action: 'resume', roles: ['staff', 'section_head'] });
    for (const state of ['closed', 'rejected', 'referred'] as const) expect(at(state)).toBeNull();
  });

  it('names whoever the office configured for the step', () => {
    const roles = { ...DEFAULT_STEP_ROLES, dispose: ['section_head'] as const };
    expect(nextStep({ state: 'acknowledged', resumeState: null, sheetPrinted: true }, roles)?.text.id).toBe('Langkah 4 — Kepala Seksi mendisposisikan ke bidang terkait');
  });

  it('gives every state a step from 1 to 7 or none', () => {
    for (const state of STATES) {
      const next = at(state);
      if (next) expect(next.step).toBeGreaterThanOrEqual(1);
      if (next) expect(next.step).toBeLessThanOrEqual(7);
    }
  });
});
