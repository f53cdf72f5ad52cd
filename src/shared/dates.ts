import { z } from 'zod';
import { bilingual } from './errors.js';

/**
 * The years a date from outside may name. The office's records start in this century; the bounds
 * keep every date computable (no year 0 or 10000 reaches the calendar) and refuse nonsense with a 422.
 */
export const YEARS = { min: 1900, max: 2200 } as const;

const YEAR_MESSAGE = bilingual(`Tahun harus antara ${YEARS.min} dan ${YEARS.max}.`, `The year must be between ${YEARS.min} and ${YEARS.max}.`);

export const yearInRange = (year: number): boolean => Number.isInteger(year) && year >= YEARS.min && year <= YEARS.max;

/** A calendar date 'YYYY-MM-DD' (a Jakarta date where the route says so) within YEARS. */
export const CalendarDateSchema = z.iso.date().refine((date) => yearInRange(Number(date.slice(0, 4))), YEAR_MESSAGE);

/** An ISO date-time with an offset, whose UTC year is within YEARS. */
export const DateTimeSchema = z.iso.datetime({ offset: true }).refine((at) => yearInRange(new Date(at).getUTCFullYear()), YEAR_MESSAGE);

/** A year within YEARS, from a query string. */
export const YearParamSchema = z.coerce.number().int().refine(yearInRange, YEAR_MESSAGE);
