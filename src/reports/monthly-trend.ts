/**
 * The public statistics' trend: complaints received and finished in each of the last twelve Jakarta
 * months, confidential ones left out. Received comes from the running totals per day (decision 0006);
 * finished counts complaints whose current final state was reached in that month (`closed_at`).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { jakartaDate, jakartaDaysUtc } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import { lastOfMonth } from './period.js';

export const MonthlyTrendSchema = z.array(z.object({ month: z.string().describe('YYYY-MM, Jakarta'), received: z.number().int(), finished: z.number().int() }));
export type MonthlyTrend = z.infer<typeof MonthlyTrendSchema>;

/** The `count` months up to and including the current one, oldest first, as YYYY-MM. */
export function lastMonths(today: string, count: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export async function monthlyTrend(ctx: AppContext, count = 12): Promise<MonthlyTrend> {
  const db = ctx.db.kysely;
  const months = lastMonths(jakartaDate(ctx.now()), count);
  const first = `${months[0]}-01`;
  const ranges = months.map((m) => jakartaDaysUtc(`${m}-01`, lastOfMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)))));
  const [receivedRows, finishedRow] = await Promise.all([
    db
      .selectFrom('recap_day_counts')
      .where('dimension', '=', 'state')
      .where('is_confidential', '=', 0)
      .where('day', '>=', first)
      .select([sql<string>`substr(day, 1, 7)`.as('month'), sql<number>`sum(n)`.as('n')])
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom('complaints')
      .where('closed_at', '>=', ranges[0]?.start ?? first)
      .where('is_confidential', '=', 0)
      .select(ranges.map((r, i) => sql<number>`sum(case when closed_at >= ${r.start} and closed_at < ${r.end} then 1 else 0 end)`.as(`m${i}`)))
      .executeTakeFirst(),
  ]);
  const received = new Map(receivedRows.map((r) => [r.month, Number(r.n ?? 0)]));
  const finished = (finishedRow ?? {}) as Record<string, unknown>;
  return months.map((month, i) => ({ month, received: received.get(month) ?? 0, finished: Number(finished[`m${i}`] ?? 0) }));
}
