import type { WorkingCalendar } from '../calendar/working-time.js';
import { AppError } from '../shared/errors.js';
import { chosenFollowUpDue } from './deadlines.js';

const DUE_PROBLEMS = {
  not_working_day: { id: 'Pilih hari kerja.', en: 'Choose a working day.' },
  past: { id: 'Tanggal sudah lewat.', en: 'That date has passed.' },
  after_answer: { id: 'Tidak boleh melewati batas waktu jawaban.', en: 'Must not be later than the answer deadline.' },
} as const;

/** The follow-up deadline of a disposition (ISO): the head's chosen Jakarta date, or the computed one; 422 for a date it cannot be. */
export function disposedDue(cal: WorkingCalendar, now: Date, date: string | undefined, answerDueAt: string | null, computed: Date): string {
  if (date === undefined) return computed.toISOString();
  const chosen = chosenFollowUpDue(cal, now, date, answerDueAt, computed);
  if (!chosen.ok) throw new AppError('validation_failed', [{ path: 'followUpDueDate', message: DUE_PROBLEMS[chosen.problem] }]);
  return chosen.dueAt.toISOString();
}
