/**
 * Who signs the office's records. The register and the recap close with "Mengetahui, Kepala Bidang …"
 * over one person's name, position and NIP; the complaint sheet signs each step with the person who
 * took it. Names come from staff profiles (users.nip, users.position), so a new head of division
 * needs no reprint of templates.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Signatory {
  name: string;
  /** Jabatan, e.g. "Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan"; null when the profile has none. */
  position: string | null;
  /** Null for staff without a civil-servant number: the line reads "NIP -". */
  nip: string | null;
}

/** The settings key holding the user id an admin chose to sign the register and the recap. */
export const SIGNATORY_SETTING_KEY = 'paper_signatory_user_id';

/** The chosen signer of register and recap; without a choice, the first active head of division. */
export async function recordsSignatory(db: Kysely<Database>): Promise<Signatory | null> {
  const chosen = await db.selectFrom('settings').select('value').where('key', '=', SIGNATORY_SETTING_KEY).executeTakeFirst();
  const base = db.selectFrom('users').select(['name', 'position', 'nip']).where('active', '=', 1);
  const row = chosen
    ? await base.where('id', '=', Number(chosen.value)).executeTakeFirst()
    : await base.where('role', '=', 'division_head').orderBy('id').limit(1).executeTakeFirst();
  return row ? { name: row.name, position: row.position, nip: row.nip } : null;
}

/** The signer of one step on the complaint sheet, by user id. */
export async function staffSignatory(db: Kysely<Database>, userId: number): Promise<Signatory | null> {
  const row = await db.selectFrom('users').select(['name', 'position', 'nip']).where('id', '=', userId).executeTakeFirst();
  return row ? { name: row.name, position: row.position, nip: row.nip } : null;
}
