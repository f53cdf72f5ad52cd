import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, type WorkingCalendar } from '../calendar/working-time.js';
import { dueAlertLevels } from './reminders.js';

const cal: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: new Set(['2026-11-26']) };
const settings = { fraction: 0.5, hoursLeft: 1, escalateDivisionHeadAfterDays: 1 };
// Received Tuesday 24 November 10:00 WIB, due Wednesday 10:00 WIB: 8 working hours.
const start = new Date('2026-11-24T03:00:00.000Z');
const due = new Date('2026-11-25T03:00:00.000Z');
const at = (iso: string) => dueAlertLevels(cal, new Date(iso), start, due, settings);

describe('deadline alert levels', () => {
  it('reminds at half the working time and in the last working hour', () => {
    expect(at('2026-11-24T06:59:00.000Z')).toEqual([]);
    expect(at('2026-11-24T07:00:00.000Z')).toEqual(['half']);
    // Overnight does not count: 16:00 Tuesday to 08:00 Wednesday is no working time.
    expect(at('2026-11-24T23:30:00.000Z')).toEqual(['half']);
    expect(at('2026-11-25T02:00:00.000Z')).toEqual(['half', 'last_hour']);
  });
  it('escalates when missed, and to the head of division a working day later (skipping the holiday)', () => {
    expect(at('2026-11-25T03:00:01.000Z')).toEqual(['missed']);
    // Thursday 26th is a holiday: a working day after Wednesday 10:00 is Friday 10:00.
    expect(at('2026-11-26T05:00:00.000Z')).toEqual(['missed']);
    expect(at('2026-11-27T03:00:00.000Z')).toEqual(['missed', 'missed_division_head']);
  });
  it('stays quiet when the reminders are turned off', () => {
    expect(dueAlertLevels(cal, new Date('2026-11-25T02:30:00.000Z'), start, due, { ...settings, fraction: 0, hoursLeft: 0 })).toEqual([]);
  });
});
