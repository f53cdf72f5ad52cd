import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * What the intake desk released of an anonymous reporter's own messages and files to the related
 * division. One row per released message (optionally with the redacted copy the division reads
 * instead of the original) or file; no row means withheld. A table of its own rather than columns
 * on the messages and attachments: releases are rare and the tracking page reads those tables hot.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let releases = col
    .id(createTable(db, 'identity_releases'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('message_id', 'integer', (c) => c.references('complaint_messages.id'))
    .addColumn('attachment_id', 'integer', (c) => c.references('attachments.id'))
    .addColumn('redacted_body', 'text')
    .addColumn('released_by', 'integer', (c) => c.notNull().references('users.id'));
  releases = col.timestamp(releases, 'released_at', (c) => c.notNull());
  await releases.execute();
  await db.schema.createIndex('identity_releases_complaint').on('identity_releases').column('complaint_id').execute();
  // NULLs are distinct on both databases: one release per message and one per file.
  await db.schema.createIndex('identity_releases_message').unique().on('identity_releases').column('message_id').execute();
  await db.schema.createIndex('identity_releases_attachment').unique().on('identity_releases').column('attachment_id').execute();
}
