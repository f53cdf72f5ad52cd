import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import { rebuildRecapTotals } from '../db/migrations/0004_recap_totals.js';

/**
 * Recounts `recap_day_counts` and `recap_day_surveys` from the complaints in one transaction, so
 * the recap never reads a half-counted table. The triggers keep them exact; this is for data
 * restored or edited with the triggers off. Returns the number of count rows.
 */
export async function recountRecapTotals(ctx: AppContext): Promise<number> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await rebuildRecapTotals(trx as unknown as Kysely<unknown>, ctx.db.dialect);
    const row = await trx.selectFrom('recap_day_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  });
}
