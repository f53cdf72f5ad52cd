import type { Kysely } from 'kysely';
import { SEED_HOLIDAYS } from '../calendar/holidays-seed.js';
import { DEFAULT_OFFICE_HOURS } from '../calendar/working-time.js';
import type { Database } from '../db/schema.js';
import { SETTING_KEYS } from '../settings/office-settings.js';
import { DEFAULT_DEADLINE_SETTINGS } from '../workflow/deadlines.js';
import { DEFAULT_STEP_ROLES } from '../workflow/state-machine.js';
import { DEFAULT_CLASS_CODE, SEED_COMPLAINT_CLASSES, SEED_COMPLAINT_THEMES, SEED_DIVISIONS, SEED_PERMIT_TYPES } from './seed-data.js';

/** Fills the catalogues and office settings on a new database; leaves an existing one alone. */
export async function seedReferenceData(db: Kysely<Database>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('divisions').select('id').limit(1).executeTakeFirst();
    if (existing) return false;
    await trx.insertInto('divisions').values(SEED_DIVISIONS.map((d) => ({ ...d }))).execute();
    await trx.insertInto('permit_types').values(SEED_PERMIT_TYPES.map((p) => ({ ...p }))).execute();
    await trx.insertInto('complaint_classes').values(SEED_COMPLAINT_CLASSES.map((c) => ({ ...c }))).execute();
    await trx.insertInto('complaint_themes').values(SEED_COMPLAINT_THEMES.map((t) => ({ ...t }))).execute();
    await trx
      .insertInto('holidays')
      .values(SEED_HOLIDAYS.map((h) => ({ ...h, confirmed: h.confirmed ? 1 : 0 })))
      .execute();
    await trx
      .insertInto('office_hours')
      .values(DEFAULT_OFFICE_HOURS.map((h, weekday) => ({ weekday, open: h?.open ?? null, close: h?.close ?? null })))
      .execute();
    await trx
      .insertInto('step_roles')
      .values(Object.entries(DEFAULT_STEP_ROLES).flatMap(([action, roles]) => roles.map((role) => ({ action, role }))))
      .execute();
    const defaultClass = await trx.selectFrom('complaint_classes').select('id').where('code', '=', DEFAULT_CLASS_CODE).executeTakeFirstOrThrow();
    await trx
      .insertInto('settings')
      .values([
        { key: SETTING_KEYS.deadlines, value: JSON.stringify(DEFAULT_DEADLINE_SETTINGS) },
        { key: SETTING_KEYS.defaultClassId, value: String(defaultClass.id) },
      ])
      .execute();
    return true;
  });
}
