import { z } from 'zod';
import type { StaffAction } from './state-machine.js';
import { RowIdSchema } from '../shared/ids.js';
import { PublicTextSchema } from '../publications/schema.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const version = RowIdSchema.describe('The complaint version you saw; a stale one answers 409');

/** What each staff action needs, beside the version it is based on. */
export const STAFF_ACTION_INPUTS = {
  acknowledge: z.strictObject({ version, message: text(1, 5000).optional() }),
  print_sheet: z.strictObject({ version }),
  request_clarification: z.strictObject({ version, message: text(5, 5000).describe('The question to the reporter, shown to them') }),
  resume: z.strictObject({ version, note: text(1, 2000).optional() }),
  dispose: z.strictObject({
    version,
    divisionIds: z.array(RowIdSchema).min(1).max(10),
    instruction: text(5, 2000),
    followUpDueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe('Jakarta working day the divisions must follow up by (at the office close), no later than the answer deadline; default: the follow-up days setting'),
  }),
  record_follow_up: z.strictObject({
    version,
    dispositionId: RowIdSchema.optional(),
    followUp: text(5, 5000).describe('What the division did'),
    advocacy: text(5, 5000).describe('Guidance given to the reporter'),
  }),
  draft_answer: z.strictObject({ version, body: text(10, 10000).describe('Public answer text') }),
  return_answer: z.strictObject({ version, note: text(5, 2000) }),
  approve_answer: z.strictObject({ version, publish: PublicTextSchema.optional().describe('Publish the complaint and answer with this redacted text (never for a confidential complaint)') }),
  close: z.strictObject({ version, note: text(1, 2000).optional() }),
  reject: z
    .strictObject({
      version,
      reason: z.enum(['spam', 'duplicate', 'other']),
      duplicateOf: z.string().trim().toUpperCase().regex(/^ADU-\d{4}-\d{6}$/).optional(),
      message: text(5, 5000).describe('Shown to the reporter'),
    })
    .refine((v) => v.reason !== 'duplicate' || v.duplicateOf !== undefined, {
      path: ['duplicateOf'],
      message: 'wajib untuk duplikat / required for a duplicate',
    }),
  refer: z.strictObject({ version, referredTo: text(3, 200), message: text(5, 5000) }),
  hold: z.strictObject({ version, reason: text(5, 2000) }),
  reopen: z.strictObject({ version, reason: text(5, 2000) }),
  add_note: z.strictObject({ version, body: text(1, 5000) }),
  classify: z
    .strictObject({
      version,
      classId: RowIdSchema.optional(),
      themeId: RowIdSchema.nullable().optional(),
      permitTypeId: RowIdSchema.nullable().optional(),
      confidential: z.boolean().optional(),
    })
    .refine((v) => Object.keys(v).length > 1, { message: 'ubah minimal satu kolom / change at least one field' }),
} satisfies Record<StaffAction, z.ZodType<{ version: number }>>;

/** A template's "..." still standing for text nobody wrote yet (a gap, not an ellipsis ending a word). */
export function hasUnfilledGap(text: string): boolean {
  return /(^|\s)(\.{3}|…)(?=\s|$)/.test(text);
}

export type StaffActionInput<A extends StaffAction> = z.output<(typeof STAFF_ACTION_INPUTS)[A]>;

export const ReporterReplySchema = z.strictObject({ message: text(1, 5000) });
export const DisputeSchema = z.strictObject({ reason: text(5, 5000) });
export const AcceptSchema = z.strictObject({});
/** The nine elements of the public-service satisfaction survey (PermenPANRB 14/2017), each 1–4. */
export const SurveySchema = z.strictObject({
  scores: z.array(z.number().int().min(1).max(4)).length(9),
  comment: text(1, 2000).optional(),
});
