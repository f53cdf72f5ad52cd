import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, messageFor, type Language } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { assign } from '../team/ownership.js';
import { STAFF_ACTION_INPUTS } from '../workflow/action-inputs.js';
import { applyStaffAction } from '../workflow/service.js';
import { RowIdSchema } from '../shared/ids.js';

/** Most complaints one bulk request acts on: a queue page and then some, and a bound on one request's work. */
export const MAX_BULK_ITEMS = 50;

const BulkItemsSchema = z.array(z.strictObject({ trackingNumber: z.string().trim().toUpperCase().regex(/^ADU-\d{4}-\d{6}$/), version: z.number().int() })).min(1).max(MAX_BULK_ITEMS);

type Item = { trackingNumber: string; version: number };
type Done = { state?: string; version: number };
type Runner = (ctx: AppContext, principal: StaffPrincipal, item: Item, input: Record<string, unknown>, language: Language) => Promise<Done>;

const sopAction =
  (action: 'dispose' | 'approve_answer'): Runner =>
  (ctx, principal, item, input, language) =>
    applyStaffAction(ctx, principal, item.trackingNumber, action, { ...input, version: item.version }, language);

/**
 * The actions that may be taken on several complaints at once, each with what it needs besides
 * the items (the same for every item). Each item is its own action in its own transaction,
 * checked as if taken alone: role, state, version.
 */
export const BULK_ACTIONS = {
  dispose: { input: STAFF_ACTION_INPUTS.dispose.omit({ version: true }), run: sopAction('dispose') },
  approve_answer: { input: z.strictObject({}), run: sopAction('approve_answer') },
  // Who handles each complaint (src/team/ownership.ts): the same rules as assigning one.
  assign: {
    input: z.strictObject({ userId: RowIdSchema.nullable().describe('Who will handle them; null to leave them unassigned') }),
    run: (async (ctx, principal, item, input) => {
      const done = await assign(ctx, principal, item.trackingNumber, { version: item.version, userId: input.userId as number | null });
      return { version: done.version };
    }) as Runner,
  },
} as const satisfies Record<string, { input: z.ZodObject; run: Runner }>;
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
      const done = await BULK_ACTIONS[action].run(ctx, principal, item, input, language);
      results.push({ trackingNumber: item.trackingNumber, ok: true, ...(done.state ? { state: done.state } : {}), version: done.version });
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
