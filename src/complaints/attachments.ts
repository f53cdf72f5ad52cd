import crypto from 'node:crypto';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { FileStore } from '../storage/file-store.js';

export interface IncomingFile {
  filename: string;
  data: Buffer;
}

export interface StoredFile {
  storedName: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
}

const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The file's type from its first bytes; the name and the client's claim are not trusted. */
/** The types a file may have, decided by its first bytes. */
export const ATTACHMENT_MIME_TYPES: readonly string[] = SIGNATURES.map((s) => s.mime);

export function sniffMimeType(data: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(data))?.mime ?? null;
}

/** The extension each accepted type is saved and downloaded with. */
const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp', 'application/pdf': '.pdf' };
const SAME_TYPE = new Set(['.jpeg', '.jpe']);

/**
 * The name a file is saved and downloaded under: its extension follows the sniffed type, so a
 * GIF/HTML polyglot sent as `bukti_foto.html` is `bukti_foto.gif` and never opens as a page.
 */
export function downloadName(name: string, mimeType: string): string {
  const ext = EXTENSIONS[mimeType] ?? '.bin';
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (current === ext || (ext === '.jpg' && SAME_TYPE.has(current))) return name;
  return `${dot > 0 ? name.slice(0, dot) : name}${ext}`;
}

function safeOriginalName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
  return base || 'lampiran';
}

/** How every attachment's file is named in the store; the sweep of leftovers touches only such names. */
export const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.bin$/;

/** Checks and writes files to the store; the caller records them or calls discard. */
export async function storeFiles(store: FileStore, files: IncomingFile[], limits: { maxBytes: number; maxCount: number }): Promise<StoredFile[]> {
  // Most complaints come without files: no file-system work on that path.
  if (files.length === 0) return [];
  if (files.length > limits.maxCount) {
    throw new AppError('attachment_rejected', [
      { path: 'attachments', message: { id: `Paling banyak ${limits.maxCount} lampiran.`, en: `At most ${limits.maxCount} attachments.` } },
    ]);
  }
  const checked = files.map((file, i) => {
    const mimeType = sniffMimeType(file.data);
    if (file.data.length > limits.maxBytes) {
      throw new AppError('payload_too_large', [{ path: `attachments.${i}`, message: { id: 'Lampiran terlalu besar.', en: 'Attachment too large.' } }]);
    }
    if (!mimeType) {
      throw new AppError('attachment_rejected', [
        { path: `attachments.${i}`, message: { id: 'Hanya gambar (JPEG, PNG, WebP, GIF) atau PDF.', en: 'Only images (JPEG, PNG, WebP, GIF) or PDF.' } },
      ]);
    }
    return { file, mimeType };
  });
  const stored: StoredFile[] = [];
  for (const { file, mimeType } of checked) {
    const storedName = `${crypto.randomUUID()}.bin`;
    try {
      await store.put(storedName, file.data);
    } catch (error) {
      // Those already written go too; a crash here leaves them to the sweep (storage/sweep.ts).
      await discardFiles(store, stored);
      throw error;
    }
    stored.push({
      storedName,
      originalName: downloadName(safeOriginalName(file.filename), mimeType),
      mimeType,
      sizeBytes: file.data.length,
      sha256: crypto.createHash('sha256').update(file.data).digest('hex'),
    });
  }
  return stored;
}

/** Best effort: a file that cannot be removed now is an orphan the sweep removes later. */
export async function discardFiles(store: FileStore, files: StoredFile[]): Promise<void> {
  await Promise.allSettled(files.map((f) => store.delete(f.storedName)));
}

export async function recordAttachments(
  trx: Transaction<Database>,
  complaintId: number,
  messageId: number | null,
  files: StoredFile[],
  uploadedBy: 'reporter' | 'staff',
  at: string,
): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto('attachments')
    .values(
      files.map((f) => ({
        complaint_id: complaintId,
        message_id: messageId,
        stored_name: f.storedName,
        original_name: f.originalName,
        mime_type: f.mimeType,
        size_bytes: f.sizeBytes,
        sha256: f.sha256,
        uploaded_by: uploadedBy,
        created_at: at,
      })),
    )
    .execute();
}

/**
 * Write the files, run `work` with them, and remove them again if `work` fails. A process that dies
 * in between leaves files no row names: the sweep removes them after an hour.
 */
export async function withStoredFiles<T>(
  store: FileStore,
  files: IncomingFile[],
  limits: { maxBytes: number; maxCount: number },
  work: (stored: StoredFile[]) => Promise<T>,
): Promise<T> {
  const stored = await storeFiles(store, files, limits);
  try {
    return await work(stored);
  } catch (error) {
    await discardFiles(store, stored);
    throw error;
  }
}
