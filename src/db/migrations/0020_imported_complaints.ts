import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Complaints brought in from an office's old register (buku pengaduan, decision 0024) keep the number
 * the book gave them (`original_number`, shown and searchable), and `import_key` — the Jakarta year
 * received and that number — makes a second import of the same row impossible, whatever the code does.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('original_number', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('import_key', 'text').execute();
  await db.schema.createIndex('complaints_import_key').unique().on('complaints').column('import_key').execute();
  await db.schema.createIndex('complaints_original_number').on('complaints').column('original_number').execute();
}
