/**
 * The office's letterhead (kop surat): logo, agency line, office name, address and contacts.
 * Env (config.office) gives the defaults; an admin's choice in the back office is stored in
 * `settings` and the logo file under DATA_DIR/letterhead.
 *
 * Drawing a PDF is synchronous, so the letterhead in force is loaded before each PDF route runs
 * (a preHandler hook in src/app.ts) and after an admin change, and kept per Config:
 * `letterhead(doc, ctx.config)` in src/reports/pdf.ts prints what was loaded last.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';

export interface Letterhead {
  /** The line above the office's name, e.g. "PEMERINTAH KOTA TANGERANG". */
  agency: string | null;
  name: string;
  address: string;
  phone: string | null;
  website: string | null;
  email: string | null;
  /** An absolute path to a PNG or JPEG, or undefined for none. */
  logoPath: string | undefined;
}

export const LETTERHEAD_SETTING_KEY = 'letterhead';

/** What an admin stored; a field left out falls back to env. `logoFile` names a file in the letterhead folder. */
export const StoredLetterheadSchema = z.object({
  agency: z.string().nullable().optional(),
  name: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  logoFile: z.string().regex(/^logo-[0-9a-f]{16}\.(png|jpg)$/).nullable().optional(),
});
export type StoredLetterhead = z.infer<typeof StoredLetterheadSchema>;

export const letterheadDir = (config: Config): string => path.join(config.dataDir, 'letterhead');

export function letterheadFromConfig(config: Config): Letterhead {
  const o = config.office;
  return { agency: o.agency ?? null, name: o.name, address: o.address, phone: o.phone ?? null, website: o.website ?? null, email: o.email ?? null, logoPath: o.logoPath };
}

export function mergeLetterhead(config: Config, stored: StoredLetterhead): Letterhead {
  const base = letterheadFromConfig(config);
  const pick = <K extends 'agency' | 'phone' | 'website' | 'email'>(k: K) => (stored[k] === undefined ? base[k] : stored[k] || null);
  return {
    agency: pick('agency'),
    name: stored.name || base.name,
    address: stored.address || base.address,
    phone: pick('phone'),
    website: pick('website'),
    email: pick('email'),
    logoPath: stored.logoFile === undefined ? base.logoPath : stored.logoFile === null ? undefined : path.join(letterheadDir(config), stored.logoFile),
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

const current = new WeakMap<Config, Letterhead>();

/** Reads the letterhead in force and keeps it for `currentLetterhead`. */
export async function loadLetterhead(ctx: { db: { kysely: Kysely<Database> }; config: Config }): Promise<Letterhead> {
  const value = mergeLetterhead(ctx.config, await readStoredLetterhead(ctx.db.kysely));
  current.set(ctx.config, value);
  return value;
}

/** The letterhead last loaded for this configuration, or env's when none was loaded yet. */
export function currentLetterhead(config: Config): Letterhead {
  return current.get(config) ?? letterheadFromConfig(config);
}

/** The contact line under the address: "Telp. … · Laman … · Pos-el …". */
export function contactLine(l: Letterhead): string {
  return [l.phone && `Telp. ${l.phone}`, l.website && `Laman ${l.website}`, l.email && `Pos-el ${l.email}`].filter(Boolean).join(' · ');
}

export function logoExists(l: Letterhead): boolean {
  return l.logoPath !== undefined && fs.existsSync(l.logoPath);
}
