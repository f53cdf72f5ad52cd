import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { RowIdSchema } from '../shared/ids.js';
import { ArticleContentSchema, changedPaths, FaqContentSchema, readContent, type Content } from './content.js';

/**
 * Saving knowledge-base entries: every save is a new numbered revision holding the whole text, so
 * the history is a list of complete versions and a restore is one more save (decision 0025).
 */

const ArticleSave = z.strictObject({
  kind: z.literal('article'),
  permitTypeId: RowIdSchema,
  published: z.boolean().default(false),
  content: ArticleContentSchema,
});
const FaqSave = z.strictObject({
  kind: z.literal('faq'),
  permitTypeId: RowIdSchema.nullable().default(null).describe('null: a general question, shown with every permit type'),
  published: z.boolean().default(false),
  content: FaqContentSchema,
});
export const SaveEntrySchema = z.discriminatedUnion('kind', [ArticleSave, FaqSave]);
/** A save of an existing entry names the version the editor started from. */
export const UpdateEntrySchema = z.discriminatedUnion('kind', [ArticleSave.extend({ version: RowIdSchema }), FaqSave.extend({ version: RowIdSchema })]);
export type SaveEntry = z.output<typeof SaveEntrySchema>;

type Trx = Transaction<Database> | Kysely<Database>;

/** The parts of an entry a revision compares. */
interface Saved {
  permitTypeId: number | null;
  published: boolean;
  content: Content;
}

const stale = (current: number) =>
  new AppError('conflict', [{ path: 'version', message: { id: `Entri telah diubah orang lain (kini versi ${current}). Muat ulang lalu coba lagi.`, en: `Someone else changed this entry (now version ${current}). Reload and try again.` } }], { version: current });

/** A permit type that exists, and no second article for it. */
async function checkPermitType(trx: Trx, input: SaveEntry, entryId: number | null): Promise<void> {
  if (input.permitTypeId === null) return;
  const permit = await trx.selectFrom('permit_types').select('id').where('id', '=', input.permitTypeId).executeTakeFirst();
  if (!permit) throw new AppError('validation_failed', [{ path: 'permitTypeId', message: { id: 'Jenis izin tidak ada.', en: 'No such permit type.' } }]);
  if (input.kind !== 'article') return;
  let other = trx.selectFrom('kb_entries').select('id').where('kind', '=', 'article').where('permit_type_id', '=', input.permitTypeId);
  if (entryId !== null) other = other.where('id', '!=', entryId);
  if (await other.executeTakeFirst()) throw new AppError('conflict', [{ path: 'permitTypeId', message: { id: 'Jenis izin ini sudah punya artikel.', en: 'This permit type already has an article.' } }]);
}

async function writeRevision(trx: Trx, entryId: number, version: number, saved: Saved, changed: string[], by: StaffPrincipal, at: string, restoredFrom: number | null = null): Promise<void> {
  await trx
    .insertInto('kb_revisions')
    .values({ entry_id: entryId, version, content: JSON.stringify(saved.content), changed: JSON.stringify(changed), restored_from: restoredFrom, saved_by: by.userId, published: saved.published ? 1 : 0, saved_at: at })
    .execute();
}

export async function createEntry(ctx: AppContext, input: SaveEntry, by: StaffPrincipal, ip: string): Promise<{ id: number; version: number }> {
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await checkPermitType(trx, input, null);
    const row = await trx
      .insertInto('kb_entries')
      .values({ kind: input.kind, permit_type_id: input.permitTypeId, content: JSON.stringify(input.content), version: 1, published: input.published ? 1 : 0, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeRevision(trx, row.id, 1, input, ['created'], by, at);
    await recordAudit(trx, { action: 'knowledge.created', actor: by, target: { type: 'kb_entry', id: row.id }, ip, after: { kind: input.kind, permitTypeId: input.permitTypeId, published: input.published, version: 1 }, at: ctx.now() });
    return { id: row.id, version: 1 };
  });
}

async function loadForSave(trx: Trx, id: number, version: number) {
  const row = await trx.selectFrom('kb_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.version !== version) throw stale(row.version);
  const saved: Saved = { permitTypeId: row.permit_type_id, published: row.published === 1, content: readContent(row.kind, row.content) };
  return { row, saved };
}

/** Saves a new version when anything changed (else answers the current one); 409 when `version` is not the current one. */
export async function updateEntry(ctx: AppContext, id: number, version: number, input: SaveEntry, by: StaffPrincipal, ip: string): Promise<{ version: number; changed: string[] }> {
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, saved } = await loadForSave(trx, id, version);
    if (row.kind !== input.kind) throw new AppError('validation_failed', [{ path: 'kind', message: { id: `Entri ini berjenis ${row.kind}.`, en: `This entry is of kind ${row.kind}.` } }]);
    await checkPermitType(trx, input, id);
    const next: Saved = { permitTypeId: input.permitTypeId, published: input.published, content: input.content };
    const changed = changedPaths({ ...saved }, { ...next });
    if (changed.length === 0) return { version: row.version, changed };
    const nextVersion = row.version + 1;
    await trx
      .updateTable('kb_entries')
      .set({ permit_type_id: next.permitTypeId, published: next.published ? 1 : 0, content: JSON.stringify(next.content), version: nextVersion, updated_at: at })
      .where('id', '=', id)
      .execute();
    await writeRevision(trx, id, nextVersion, next, changed, by, at);
    await recordAudit(trx, {
      action: 'knowledge.changed',
      actor: by,
      target: { type: 'kb_entry', id },
      ip,
      before: { version: row.version, ...(saved.published !== next.published ? { published: saved.published } : {}) },
      after: { version: nextVersion, changed, ...(saved.published !== next.published ? { published: next.published } : {}) },
      at: ctx.now(),
    });
    return { version: nextVersion, changed };
  });
}

/** Brings back an older revision's text as a new version; whether the entry is published stays as it is. */
export async function restoreRevision(ctx: AppContext, id: number, version: number, revision: number, by: StaffPrincipal, ip: string): Promise<{ version: number; changed: string[] }> {
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, saved } = await loadForSave(trx, id, version);
    const old = await trx.selectFrom('kb_revisions').select(['content', 'version']).where('entry_id', '=', id).where('version', '=', revision).executeTakeFirst();
    if (!old) throw new AppError('validation_failed', [{ path: 'revision', message: { id: 'Revisi ini tidak ada.', en: 'No such revision.' } }]);
    const next: Saved = { ...saved, content: readContent(row.kind, old.content) };
    const changed = changedPaths({ ...saved }, { ...next });
    const nextVersion = row.version + 1;
    await trx.updateTable('kb_entries').set({ content: JSON.stringify(next.content), version: nextVersion, updated_at: at }).where('id', '=', id).execute();
    await writeRevision(trx, id, nextVersion, next, changed, by, at, revision);
    await recordAudit(trx, { action: 'knowledge.restored', actor: by, target: { type: 'kb_entry', id }, ip, before: { version: row.version }, after: { version: nextVersion, restoredFrom: revision, changed }, at: ctx.now() });
    return { version: nextVersion, changed };
  });
}
