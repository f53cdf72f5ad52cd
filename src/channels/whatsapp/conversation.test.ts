import { describe, expect, it } from 'vitest';
import { converse, IDLE_LIMIT_MS, permitList, statusRequestOf, subjectOf, type ConversationInput, type ConversationState } from './conversation.js';

const PERMITS = [
  { id: 11, name: 'Persetujuan Bangunan Gedung (PBG)' },
  { id: 7, name: 'Izin Reklame' },
];
const T0 = new Date('2026-11-24T03:00:00.000Z');
const text = (t: string): ConversationInput => ({ kind: 'text', text: t });
const STORY = 'Permohonan PBG saya belum terbit setelah dua bulan.';

/** Runs messages one after another from no conversation; returns each outcome. */
function run(inputs: ConversationInput[], start: ConversationState | null = null, at = T0) {
  let state = start;
  return inputs.map((input) => {
    const outcome = converse(state, input, at, PERMITS);
    state = outcome.state;
    return outcome;
  });
}

describe('the WhatsApp guided exchange', () => {
  it('greets, lists the permit types, asks what happened and for consent, then files', () => {
    const [hello, chosen, told, agreed] = run([text('halo'), text('1'), text(STORY), text('ya')]);
    expect(hello?.state).toMatchObject({ step: 'choose_permit', language: 'id' });
    expect(hello?.replies.join('\n')).toContain('Selamat datang');
    expect(hello?.replies.at(-1)).toContain('1. Persetujuan Bangunan Gedung (PBG)\n2. Izin Reklame\n0. Lainnya');
    expect(chosen?.state).toMatchObject({ step: 'describe', permitTypeId: 11 });
    expect(told?.state).toMatchObject({ step: 'consent', description: STORY });
    expect(told?.replies[0]).toContain('UU 27/2022');
    expect(agreed).toEqual({ state: null, replies: [], file: { permitTypeId: 11, description: STORY, language: 'id' } });
  });

  it('takes a list reply by its row id, 0 for "other", and asks again for a number not in the list', () => {
    const [, byList] = run([text('hi'), { kind: 'choice', id: 'permit:7', title: 'Izin Reklame' }]);
    expect(byList?.state).toMatchObject({ step: 'describe', permitTypeId: 7 });
    const [, other] = run([text('hi'), text('0')]);
    expect(other?.state).toMatchObject({ step: 'describe', permitTypeId: null });
    const [, wrong, unknownRow] = run([text('hi'), text('9'), { kind: 'choice', id: 'permit:999', title: 'x' }]);
    expect(wrong?.state?.step).toBe('choose_permit');
    expect(wrong?.replies[0]).toBe('Mohon balas dengan salah satu nomor dari daftar.');
    expect(unknownRow?.state?.step).toBe('choose_permit');
  });

  it('switches to English with EN and asks the same step again', () => {
    const [, , english] = run([text('halo'), text('2'), text('EN')]);
    expect(english?.state).toMatchObject({ step: 'describe', language: 'en' });
    expect(english?.replies).toEqual([expect.stringContaining('Tell us what happened')]);
    const [first] = run([text('en')]);
    expect(first?.replies[0]).toContain('Welcome');
  });

  it('refuses a story under 20 characters and holds media at any step', () => {
    const [, , short, photo] = run([text('halo'), text('1'), text('izin lama'), { kind: 'media' }]);
    expect(short?.state?.step).toBe('describe');
    expect(short?.replies[0]).toContain('minimal 20 karakter');
    expect(photo?.state?.step).toBe('describe');
    expect(photo?.replies).toEqual(['Lampiran diterima.']);
  });

  it('takes a photo’s caption as the story when it is long enough', () => {
    const [, , captioned] = run([text('halo'), text('1'), { kind: 'media', caption: STORY }]);
    expect(captioned?.state).toMatchObject({ step: 'consent', description: STORY });
    expect(captioned?.replies).toEqual(['Lampiran diterima.', expect.stringContaining('UU 27/2022')]);
    const [, , short] = run([text('halo'), text('1'), { kind: 'media', caption: 'foto' }]);
    expect(short?.state?.step).toBe('describe');
  });

  it('ends without filing on TIDAK, and BATAL cancels at any step', () => {
    const [, , , refused] = run([text('halo'), text('1'), text(STORY), text('TIDAK')]);
    expect(refused?.state).toBeNull();
    expect(refused?.file).toBeUndefined();
    expect(refused?.replies[0]).toContain('tidak kami proses');
    const [, cancelled] = run([text('halo'), text('batal')]);
    expect(cancelled?.state).toBeNull();
    expect(cancelled?.replies[0]).toContain('dibatalkan');
    expect(run([text('BATAL')])[0]?.replies[0]).toContain('Tidak ada pengaduan');
    const [, , , unclear] = run([text('halo'), text('1'), text(STORY), text('mungkin')]);
    expect(unclear?.state?.step).toBe('consent');
    expect(unclear?.replies[0]).toBe('Mohon balas YA atau TIDAK.');
  });

  it('starts again after the idle limit', () => {
    const waiting: ConversationState = { step: 'consent', language: 'en', permitTypeId: 11, description: STORY, updatedAt: T0.toISOString() };
    const later = new Date(T0.getTime() + IDLE_LIMIT_MS + 1);
    const outcome = converse(waiting, text('yes'), later, PERMITS);
    expect(outcome.file).toBeUndefined();
    expect(outcome.state).toMatchObject({ step: 'choose_permit', language: 'id' });
    expect(outcome.replies[0]).toContain('sudah berakhir');
    expect(converse(waiting, text('yes'), new Date(T0.getTime() + IDLE_LIMIT_MS), PERMITS).file).toMatchObject({ language: 'en' });
  });

  it('reads STATUS requests, lists permits and makes a one-line subject', () => {
    expect(statusRequestOf(text('status adu-2026-000123'))).toBe('ADU-2026-000123');
    expect(statusRequestOf(text('status saya bagaimana'))).toBeNull();
    expect(permitList('en', [])).toBe('Which permit is your complaint about? Reply with its number:\n0. Other / not sure');
    expect(subjectOf('  Izin\nsaya  lama ')).toBe('Izin saya lama');
    expect(subjectOf('x'.repeat(200))).toHaveLength(80);
  });
});
