import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Reporters are looked up by e-mail from public routes ("my complaints" sign-in links, the similar-complaint
 * hint): without an index each such request read the whole reporters table. Addresses are stored lowercased.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.createIndex('reporters_email').on('reporters').column('email').execute();
}
