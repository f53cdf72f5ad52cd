import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * What paper needs of a person: the NIP (civil-servant number) and the position (jabatan) printed
 * under a signature line. Both optional: contract staff have no NIP.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('users').addColumn('nip', 'text').execute();
  await db.schema.alterTable('users').addColumn('position', 'text').execute();
}
