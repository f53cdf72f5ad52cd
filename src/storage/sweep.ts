/**
 * Leftover files: a submission writes its files before its transaction, so a process that dies in
 * between (or a store that failed to delete after an erasure) leaves files that no attachment row
 * names. A timed job removes them once they are older than any transaction can be (decision 0021).
 */
import { STORED_NAME } from '../complaints/attachments.js';
import type { AppContext } from '../context.js';
import { fileStoreFor, type FileStore } from './file-store.js';

/** Far longer than any submission's transaction: a file this old without its row will never get one. */
export const ORPHAN_AFTER_MS = 60 * 60_000;

/** Names looked up in the database at once. */
const BATCH = 500;

/** Removes stored files older than `ORPHAN_AFTER_MS` that no attachment (nor held WhatsApp file) names; returns how many. */
export async function sweepOrphanFiles(ctx: AppContext, store: FileStore = fileStoreFor(ctx.config)): Promise<number> {
  const before = ctx.now().getTime() - ORPHAN_AFTER_MS;
  let removed = 0;
  let batch: string[] = [];
  const settle = async () => {
    if (batch.length === 0) return;
    const named = await ctx.db.kysely.selectFrom('attachments').select('stored_name').where('stored_name', 'in', batch).execute();
    // A WhatsApp conversation's photos wait in the store until its complaint is filed.
    const held = await ctx.db.kysely.selectFrom('whatsapp_held_files').select('stored_name').where('stored_name', 'in', batch).execute();
    const kept = new Set([...named, ...held].map((r) => r.stored_name));
    for (const name of batch) {
      if (kept.has(name)) continue;
      await store.delete(name);
      removed++;
    }
    batch = [];
  };
  for await (const file of store.list()) {
    // Only names the application gives: whatever else an operator keeps there is left alone.
    if (!STORED_NAME.test(file.name) || file.modifiedAt.getTime() > before) continue;
    batch.push(file.name);
    if (batch.length >= BATCH) await settle();
  }
  await settle();
  return removed;
}
