/**
 * The office's letterhead (kop surat): logo, agency line, office name, address and contacts.
 * Env (config.office) gives the defaults; an admin's choice in the back office is stored in
 * `settings` and an uploaded logo in the attachments' file store (storage/), so every instance
 * behind a load balancer prints the same one.
 *
 * Drawing a PDF is synchronous, so each PDF maker (src/reports/*-pdf.ts) loads the letterhead in
 * force once, before drawing, and passes it to `letterhead(doc, head)` in src/reports/pdf.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { fileStoreFor } from '../storage/file-store.js';

export interface Letterhead {
  /** The line above the office's name, e.g. "PEMERINTAH KOTA TANGERANG". */
  agency: string | null;
  name: string;
  address: string;
  phone: string | null;
  website: string | null;
  email: string | null;
  /** A PNG or JPEG: env's absolute path, the uploaded file's bytes, or undefined for none. */
  logo: string | Buffer | undefined;
}

export const LETTERHEAD_SETTING_KEY = 'letterhead';

/**
 * An uploaded logo's name in the file store: fresh for each upload, so a name's bytes never change,
 * and unlike an attachment's `<uuid>.bin`, so the sweep of orphan files leaves it alone.
 */
export const STORED_LOGO = /^letterhead-logo-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(png|jpg)$/;
/** A logo uploaded before logos went to the store: a file under DATA_DIR/letterhead of the instance that took it. */
export const FOLDER_LOGO = /^logo-[0-9a-f]{16}\.(png|jpg)$/;

/** What an admin stored; a field left out falls back to env. `logoFile` names the uploaded logo (STORED_LOGO, or FOLDER_LOGO from before). */
export const StoredLetterheadSchema = z.object({
  agency: z.string().nullable().optional(),
  name: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  logoFile: z
    .string()
    .refine((name) => STORED_LOGO.test(name) || FOLDER_LOGO.test(name))
    .nullable()
    .optional(),
});
export type StoredLetterhead = z.infer<typeof StoredLetterheadSchema>;

export const letterheadDir = (config: Config): string => path.join(config.dataDir, 'letterhead');

export function letterheadFromConfig(config: Config): Letterhead {
  const o = config.office;
  return { agency: o.agency ?? null, name: o.name, address: o.address, phone: o.phone ?? null, website: o.website ?? null, email: o.email ?? null, logo: o.logoPath };
}

/** `uploadedLogo`: the bytes of the logo `stored.logoFile` names, when they could be read. */
export function mergeLetterhead(config: Config, stored: StoredLetterhead, uploadedLogo?: Buffer): Letterhead {
  const base = letterheadFromConfig(config);
  const pick = <K extends 'agency' | 'phone' | 'website' | 'email'>(k: K) => (stored[k] === undefined ? base[k] : stored[k] || null);
  return {
    agency: pick('agency'),
    name: stored.name || base.name,
    address: stored.address || base.address,
    phone: pick('phone'),
    website: pick('website'),
    email: pick('email'),
    logo: stored.logoFile === undefined ? base.logo : stored.logoFile === null ? undefined : uploadedLogo,
  };
}

export async function readStoredLetterhead(db: Kysely<Database>): Promise<StoredLetterhead> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', LETTERHEAD_SETTING_KEY).executeTakeFirst();
  if (!row) return {};
  // A value this version cannot read is ignored rather than breaking every PDF.
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    return {};
  }
  const parsed = StoredLetterheadSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** The uploaded logo last read, per Config: a name's bytes never change, so only a new name in `settings` is read again. */
const logos = new WeakMap<Config, { name: string; bytes: Buffer }>();

/** The bytes of the uploaded logo `name`, or undefined when it is gone (the PDF is printed without it). */
async function uploadedLogo(config: Config, name: string): Promise<Buffer | undefined> {
  const cached = logos.get(config);
  if (cached?.name === name) return cached.bytes;
  let bytes: Buffer | undefined;
  if (FOLDER_LOGO.test(name)) {
    // Kept where it was uploaded; only that instance has it until an admin uploads it again.
    bytes = await fs.promises.readFile(path.join(letterheadDir(config), name)).catch(() => undefined);
  } else {
    const object = await fileStoreFor(config).get(name);
    bytes = object ? await buffer(object.body) : undefined;
  }
  if (bytes) logos.set(config, { name, bytes });
  return bytes;
}

/** Reads the letterhead in force (one `settings` read; the logo's bytes are read again only when its name changed). */
export async function loadLetterhead(ctx: { db: { kysely: Kysely<Database> }; config: Config }): Promise<Letterhead> {
  const stored = await readStoredLetterhead(ctx.db.kysely);
  return mergeLetterhead(ctx.config, stored, stored.logoFile ? await uploadedLogo(ctx.config, stored.logoFile) : undefined);
}

/** The contact line under the address: "Telp. … · Laman … · Pos-el …". */
export function contactLine(l: Letterhead): string {
  return [l.phone && `Telp. ${l.phone}`, l.website && `Laman ${l.website}`, l.email && `Pos-el ${l.email}`].filter(Boolean).join(' · ');
}

export function logoExists(l: Letterhead): boolean {
  return Buffer.isBuffer(l.logo) || (l.logo !== undefined && fs.existsSync(l.logo));
}
