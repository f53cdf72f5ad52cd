import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';

/**
 * The recap per person (issue 12): of the period's complaints (received in it), what each staff
 * member handled and whether the answer or the follow-up came in time. Read live, not from the
 * running totals of decision 0006: owners change without the recap triggers firing, and the
 * owned complaints of a period are few (partial indexes on the owner columns, migration 0011).
 */
export const PersonFiguresSchema = z.object({
  userId: z.number().int(),
  name: z.string(),
  handled: z.number().int().describe('Complaints of the period this person handles at the intake desk'),
  answered: z.number().int(),
  answerMet: z.number().int(),
  answerLate: z.number().int(),
  followUps: z.number().int().describe('Dispositions of the period this division officer handles'),
  followUpMet: z.number().int(),
  followUpLate: z.number().int(),
});
export type PersonFigures = z.infer<typeof PersonFiguresSchema>;

const num = (v: unknown) => Number(v ?? 0);

export async function figuresByPerson(ctx: AppContext, start: string, end: string, publicOnly: boolean, channel?: string): Promise<PersonFigures[]> {
  // Staff names are never on the public page.
  if (publicOnly) return [];
  const db = ctx.db.kysely;
  const flag = (column: string, value: number) => sql<number>`sum(case when ${sql.ref(column)} = ${value} then 1 else 0 end)`;
  const [owned, followUps] = await Promise.all([
    db
      .selectFrom('complaints')
      .select([
        'owner_user_id as user_id',
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(case when answered_at is not null then 1 else 0 end)`.as('answered'),
        flag('answer_met', 1).as('met'),
        flag('answer_met', 0).as('late'),
      ])
      .where('owner_user_id', 'is not', null)
      .where('received_at', '>=', start)
      .where('received_at', '<', end)
      .$if(channel !== undefined, (q) => q.where('channel', '=', channel ?? ''))
      .groupBy('owner_user_id')
      .execute(),
    db
      .selectFrom('dispositions')
      .innerJoin('complaints', 'complaints.id', 'dispositions.complaint_id')
      .select(['dispositions.owner_user_id as user_id', sql<number>`count(*)`.as('n'), flag('dispositions.follow_up_met', 1).as('met'), flag('dispositions.follow_up_met', 0).as('late')])
      .where('dispositions.owner_user_id', 'is not', null)
      .where('complaints.received_at', '>=', start)
      .where('complaints.received_at', '<', end)
      .$if(channel !== undefined, (q) => q.where('complaints.channel', '=', channel ?? ''))
      .groupBy('dispositions.owner_user_id')
      .execute(),
  ]);
  const ids = [...new Set([...owned, ...followUps].map((r) => r.user_id).filter((id): id is number => id !== null))];
  if (ids.length === 0) return [];
  const names = new Map((await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]));
  return ids
    .map((id) => {
      const o = owned.find((r) => r.user_id === id);
      const f = followUps.find((r) => r.user_id === id);
      return {
        userId: id,
        name: names.get(id) ?? `#${id}`,
        handled: num(o?.n),
        answered: num(o?.answered),
        answerMet: num(o?.met),
        answerLate: num(o?.late),
        followUps: num(f?.n),
        followUpMet: num(f?.met),
        followUpLate: num(f?.late),
      };
    })
    .sort((a, b) => b.handled + b.followUps - (a.handled + a.followUps) || a.name.localeCompare(b.name, 'id'));
}
