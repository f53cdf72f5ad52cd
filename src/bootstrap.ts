import { createUser } from './accounts/service.js';
import { generatePassword } from './accounts/passwords.js';
import { seedReferenceData } from './catalogue/seed.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, targetFromConfig } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { adoptPhoneOnlyReporters } from './notifications/outbox.js';
import { OfficeSettingsStore } from './settings/office-settings.js';

export function createContext(config: Config, now: () => Date = () => new Date()): AppContext {
  const db = openDatabase(targetFromConfig(config));
  return { db, config, now, settings: new OfficeSettingsStore(db.kysely, now) };
}

export interface PreparedDatabase {
  migrations: string[];
  seeded: boolean;
  /** Set only when an admin was created now: the login to print once. */
  admin?: { email: string; password: string; generated: boolean };
}

/** Migrate, fill the catalogues on a new database, and make the first admin if there is none. */
export async function prepareDatabase(ctx: AppContext): Promise<PreparedDatabase> {
  const migrations = await migrateToLatest(ctx.db);
  const seeded = await seedReferenceData(ctx.db.kysely);
  await adoptPhoneOnlyReporters(ctx.db.kysely, ctx.config);
  const anyAdmin = await ctx.db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (anyAdmin) return { migrations, seeded };
  const email = ctx.config.adminEmail ?? 'admin@aduan.local';
  const password = ctx.config.adminPassword ?? generatePassword();
  await createUser(ctx.db.kysely, { email, name: 'Administrator', password, role: 'admin', divisionId: null }, ctx.now());
  return { migrations, seeded, admin: { email, password, generated: ctx.config.adminPassword === undefined } };
}
