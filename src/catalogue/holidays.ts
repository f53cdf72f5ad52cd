import type { Kysely } from 'kysely';
import { z } from 'zod';
import { changedValues } from '../audit/changes.js';
import { recordAudit, type AuditEntry } from '../audit/log.js';
import type { Database } from '../db/schema.js';
import { CalendarDateSchema } from '../shared/dates.js';

export const HolidayInputSchema = z.strictObject({
  date: CalendarDateSchema,
  kind: z.enum(['national', 'cuti_bersama']),
  name: z.string().trim().min(1).max(200),
  source: z.string().trim().min(1).max(300),
  confirmed: z.boolean().default(true),
});
export type HolidayInput = z.output<typeof HolidayInputSchema>;

/** One date, or the first and last of several: `2026-01-01..2026-12-31`. */
function spanOf(dates: readonly string[]): string {
  const sorted = [...dates].sort();
  const first = sorted[0] ?? '';
  const last = sorted[sorted.length - 1] ?? '';
  return first === last ? first : `${first}..${last}`;
}

/** Who imports: an admin through the API, or the command line (actor null, the system). */
export type HolidayImportBy = Pick<AuditEntry, 'actor' | 'ip' | 'at'>;

const shownHoliday = (h: { kind: string; name: string; source: string; confirmed: number }) => ({ kind: h.kind, name: h.name, source: h.source, confirmed: h.confirmed === 1 });

/**
 * Inserts or replaces each day; one transaction, so a bad file changes nothing. The audit entry
 * (one per import) holds, per date, the day before (null when new) and after.
 */
export async function importHolidays(db: Kysely<Database>, items: HolidayInput[], by: HolidayImportBy): Promise<number> {
  await db.transaction().execute(async (trx) => {
    const dates = items.map((h) => h.date);
    const old = await trx.selectFrom('holidays').selectAll().where('date', 'in', dates).execute();
    const before: Record<string, unknown> = Object.fromEntries(dates.map((d) => [d, null]));
    for (const h of old) before[h.date] = shownHoliday(h);
    const after: Record<string, unknown> = {};
    for (const h of items) {
      const row = { date: h.date, kind: h.kind, name: h.name, source: h.source, confirmed: h.confirmed ? 1 : 0 };
      await trx
        .insertInto('holidays')
        .values(row)
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, source: row.source, confirmed: row.confirmed }))
        .execute();
      after[h.date] = shownHoliday(row);
    }
    const change = changedValues(before, after);
    if (change) await recordAudit(trx, { action: 'holiday.imported', actor: by.actor, target: { type: 'holiday', id: spanOf(dates) }, ip: by.ip ?? null, ...change, at: by.at });
  });
  return items.length;
}

/** JSON (an array of holidays) or CSV with a header `date,kind,name,source[,confirmed]`. */
export function parseHolidayFile(text: string, format: 'json' | 'csv'): HolidayInput[] {
  if (format === 'json') return z.array(HolidayInputSchema).parse(JSON.parse(text));
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const record: Record<string, unknown> = Object.fromEntries(header.map((h, j) => [h, cells[j]]));
    if (record.confirmed !== undefined) record.confirmed = !['false', '0', 'no', 'tidak'].includes(String(record.confirmed).toLowerCase());
    const parsed = HolidayInputSchema.safeParse(record);
    if (!parsed.success) throw new Error(`line ${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
}
