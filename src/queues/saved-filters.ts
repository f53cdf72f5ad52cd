import { z } from 'zod';
import type { AppContext } from '../context.js';
import { InboxQuerySchema } from '../complaints/inbox.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';

/** A user keeps at most this many named filters: chips on one line, not a second inbox. */
export const MAX_SAVED_FILTERS = 30;

/** Keys a saved filter may hold: the inbox's filters and the queue tab (the page keeps that one). */
const FILTER_KEYS = new Set([...Object.keys(InboxQuerySchema.shape).filter((k) => k !== 'page' && k !== 'pageSize'), 'queue']);

export const SavedFilterSchema = z.object({ id: z.number().int(), name: z.string(), query: z.string(), createdAt: z.string() });
export type SavedFilter = z.infer<typeof SavedFilterSchema>;

export const NewSavedFilterSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  query: z
    .string()
    .trim()
    .max(1000)
    .refine((q) => [...new URLSearchParams(q).keys()].every((k) => FILTER_KEYS.has(k)), { message: 'Hanya kolom penyaring antrean. / Queue filter fields only.' })
    .describe('The queue page query string, e.g. `queue=new&channel=letter&sort=due_asc`'),
});

export async function listSavedFilters(ctx: AppContext, principal: StaffPrincipal): Promise<SavedFilter[]> {
  const rows = await ctx.db.kysely.selectFrom('saved_filters').selectAll().where('user_id', '=', principal.userId).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, createdAt: r.created_at }));
}

export async function saveFilter(ctx: AppContext, principal: StaffPrincipal, input: z.output<typeof NewSavedFilterSchema>): Promise<SavedFilter> {
  const db = ctx.db.kysely;
  const at = ctx.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('saved_filters').select(['id', 'name']).where('user_id', '=', principal.userId).execute();
    if (mine.some((f) => f.name.toLowerCase() === input.name.toLowerCase())) {
      throw new AppError('conflict', [{ path: 'name', message: { id: 'Nama penyaring ini sudah Anda pakai.', en: 'You already have a filter with this name.' } }]);
    }
    if (mine.length >= MAX_SAVED_FILTERS) {
      throw new AppError('validation_failed', [{ path: 'name', message: { id: `Paling banyak ${MAX_SAVED_FILTERS} penyaring; hapus yang tidak dipakai.`, en: `At most ${MAX_SAVED_FILTERS} filters; delete one you no longer use.` } }]);
    }
    const { id } = await trx.insertInto('saved_filters').values({ user_id: principal.userId, name: input.name, query: input.query, created_at: at }).returning('id').executeTakeFirstOrThrow();
    return { id, name: input.name, query: input.query, createdAt: at };
  });
}

/** Deletes one of the user's own filters; another user's is "not found". */
export async function deleteSavedFilter(ctx: AppContext, principal: StaffPrincipal, id: number): Promise<void> {
  const result = await ctx.db.kysely.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', principal.userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
}
