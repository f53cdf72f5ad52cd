import { formatBytes, type Bilingual, type Lang, type Translate } from '../shared/i18n';
import { MAX_BYTES, MAX_FILES } from './Attachments';
import type { PortalInfo } from './portal-info';

/**
 * A chosen file is checked at once, as the server will check it (src/complaints/attachments.ts): its
 * type by its first bytes, not its name, and the size and count limits the server is configured with.
 * A reporter on a slow connection learns of a wrong file before a long upload, not after it.
 */
const SIGNATURES: { mime: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v) },
  { mime: 'image/gif', test: (b) => ['GIF87a', 'GIF89a'].includes(text(b, 0, 6)) },
  { mime: 'image/webp', test: (b) => text(b, 0, 4) === 'RIFF' && text(b, 8, 12) === 'WEBP' },
  { mime: 'application/pdf', test: (b) => text(b, 0, 5) === '%PDF-' },
];

function text(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

const M = {
  tooBig: { id: '{name} berukuran {size}, lebih besar dari batas {max}. Hapus berkas ini atau pilih yang lebih kecil.', en: '{name} is {size}, larger than the {max} limit. Remove it or choose a smaller one.' },
  tooMany: { id: 'Paling banyak {max} lampiran. Hapus {extra} berkas.', en: 'At most {max} attachments. Remove {extra}.' },
  wrongType: { id: '{name} bukan gambar (JPEG, PNG, WebP, GIF) atau PDF. Hapus berkas ini.', en: '{name} is not an image (JPEG, PNG, WebP, GIF) or a PDF. Remove it.' },
} as const satisfies Record<string, Bilingual>;

async function sniff(file: File): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return SIGNATURES.find((s) => s.test(head))?.mime ?? null;
}

/** The first problem with the chosen files, in the reader's words, or undefined. */
export async function checkChosenFiles(files: readonly File[], info: PortalInfo | null, t: Translate, lang: Lang): Promise<string | undefined> {
  const maxCount = info?.attachments.maxCount ?? MAX_FILES;
  const maxBytes = info?.attachments.maxBytes ?? MAX_BYTES;
  const types = info?.attachments.types ?? SIGNATURES.map((s) => s.mime);
  for (const file of files) {
    if (file.size > maxBytes) return t(M.tooBig, { name: file.name, size: formatBytes(file.size, lang), max: formatBytes(maxBytes, lang) });
    const type = await sniff(file);
    if (!type || !types.includes(type)) return t(M.wrongType, { name: file.name });
  }
  if (files.length > maxCount) return t(M.tooMany, { max: maxCount, extra: files.length - maxCount });
  return undefined;
}
