import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, messageFor, type Language } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { STAFF_ACTION_INPUTS } from '../workflow/action-inputs.js';
import { applyStaffAction } from '../workflow/service.js';
import type { StaffAction } from '../workflow/state-machine.js';

/** Most complaints one bulk request acts on: a queue page and then some, and a bound on one request's work. */
export const MAX_BULK_ITEMS = 50;

const BulkItemsSchema = z.array(z.strictObject({ trackingNumber: z.string().trim().toUpperCase().regex(/^ADU-\d{4}-\d{6}$/), version: z.number().int() })).min(1).max(MAX_BULK_ITEMS);

/**
 * The actions that may be taken on several complaints at once, each with what it needs besides
 * the items (the same for every item). Each item is its own SOP action in its own transaction,
 * checked as if taken alone: role, state, version.
 *
 * HOOK for the ownership engineer: `assign` goes here as one more entry (its input schema and the
 * workflow action it runs); the route, the per-item results and the queue's bulk bar pick it up.
 */
export const BULK_ACTIONS = {
  dispose: { input: STAFF_ACTION_INPUTS.dispose.omit({ version: true }) },
  approve_answer: { input: z.strictObject({}) },
} as const satisfies Partial<Record<StaffAction, { input: z.ZodObject }>>;
export type BulkAction = keyof typeof BULK_ACTIONS;
export const BULK_ACTION_NAMES = Object.keys(BULK_ACTIONS) as [BulkAction, ...BulkAction[]];

export const BulkBodySchema = z.object({ items: BulkItemsSchema }).loose();

export const BulkResultSchema = z.object({
  done: z.number().int(),
  refused: z.number().int(),
  results: z.array(
    z.object({
      trackingNumber: z.string(),
      ok: z.boolean(),
      state: z.string().optional(),
      version: z.number().optional(),
      code: z.string().optional().describe('Why it was refused: stale_version, transition_not_allowed, role_not_allowed, not_found, validation_failed'),
      message: z.string().optional(),
      lastEvent: z.unknown().optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof BulkResultSchema>;

/** Takes `action` on each item in turn; one refusal does not stop the others. */
export async function runBulk(ctx: AppContext, principal: StaffPrincipal, action: BulkAction, items: z.output<typeof BulkItemsSchema>, input: Record<string, unknown>, language: Language): Promise<BulkResult> {
  const results: BulkResult['results'] = [];
  for (const item of items) {
    try {
      const done = await applyStaffAction(ctx, principal, item.trackingNumber, action, { ...input, version: item.version }, language);
      results.push({ trackingNumber: item.trackingNumber, ok: true, state: done.state, version: done.version });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const details = error.details ?? {};
      results.push({
        trackingNumber: item.trackingNumber,
        ok: false,
        code: error.code,
        message: messageFor(error.code, language),
        ...(typeof details.state === 'string' ? { state: details.state } : {}),
        ...(typeof details.version === 'number' ? { version: details.version } : {}),
        ...(details.lastEvent ? { lastEvent: details.lastEvent } : {}),
      });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { done, refused: results.length - done, results };
}
