/**
 * The admin's paper settings: who signs the register and the recap, and the letterhead
 * (text in `settings`, the logo in the attachments' file store under a name the sweep leaves alone).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { changedValues } from '../audit/changes.js';
import { recordAudit } from '../audit/log.js';
import { sniffMimeType } from '../complaints/attachments.js';
import type { AppContext } from '../context.js';
import { AppError, parseOrThrow } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { RowIdSchema } from '../shared/ids.js';
import { readJsonAndFiles } from '../shared/multipart.js';
import { fileStoreFor } from '../storage/file-store.js';
import { FOLDER_LOGO, LETTERHEAD_SETTING_KEY, letterheadDir, loadLetterhead, mergeLetterhead, readStoredLetterhead, type Letterhead, type StoredLetterhead } from './letterhead.js';
import { recordsSignatory, SIGNATORY_SETTING_KEY } from './signatory.js';

/** A letterhead logo is small: a crest printed 2 cm wide. */
export const LOGO_MAX_BYTES = 512 * 1024;
const LOGO_TYPES: Record<string, 'png' | 'jpg'> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

const SignatorySchema = z.object({ name: z.string(), position: z.string().nullable(), nip: z.string().nullable() });
const text = (max: number) => z.string().trim().max(max);
const LetterheadTextSchema = z.strictObject({
  agency: text(200).describe('The line above the office name, e.g. "PEMERINTAH KOTA TANGERANG"; empty for none'),
  name: text(200).min(3),
  address: text(300).min(3),
  phone: text(100),
  website: text(200),
  email: text(254).refine((v) => v === '' || z.email().safeParse(v).success, { params: { i18n: { id: 'Alamat email tidak valid.', en: 'Not a valid email address.' } } }),
  removeLogo: z.boolean().default(false).describe('Drop the uploaded logo (env OFFICE_LOGO_PATH is not used either)'),
});
const LetterheadViewSchema = z.object({
  agency: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  website: z.string(),
  email: z.string(),
  logo: z.enum(['uploaded', 'configured', 'none']).describe('An uploaded logo, the env OFFICE_LOGO_PATH, or none'),
});
const ok = z.object({ ok: z.literal(true) });

export function registerPaperRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/admin/paper/signatory',
    tag: 'admin',
    summary: 'Who signs the register and the recap: the chosen user, or (none chosen) the first active head of division',
    access: ['admin'],
    response: { status: 200, schema: z.object({ userId: z.number().int().nullable(), signatory: SignatorySchema.nullable() }) },
    handler: async () => {
      const chosen = await ctx.db.kysely.selectFrom('settings').select('value').where('key', '=', SIGNATORY_SETTING_KEY).executeTakeFirst();
      return { userId: chosen ? Number(chosen.value) : null, signatory: await recordsSignatory(ctx.db.kysely) };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/admin/paper/signatory',
    tag: 'admin',
    summary: 'Choose who signs the register and the recap (null: the first active head of division)',
    access: ['admin'],
    body: z.strictObject({ userId: RowIdSchema.nullable() }),
    response: { status: 200, schema: ok },
    handler: async ({ body, principal, request }) => {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        if (body.userId !== null) {
          const user = await trx.selectFrom('users').select('id').where('id', '=', body.userId).where('active', '=', 1).executeTakeFirst();
          if (!user) throw new AppError('validation_failed', [{ path: 'userId', message: { id: 'Pilih pengguna yang aktif.', en: 'Choose an active user.' } }]);
        }
        const old = await trx.selectFrom('settings').select('value').where('key', '=', SIGNATORY_SETTING_KEY).executeTakeFirst();
        if (body.userId === null) await trx.deleteFrom('settings').where('key', '=', SIGNATORY_SETTING_KEY).execute();
        else {
          const value = String(body.userId);
          await trx.insertInto('settings').values({ key: SIGNATORY_SETTING_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
        }
        const change = changedValues({ userId: old ? Number(old.value) : null }, { userId: body.userId });
        if (change) await recordAudit(trx, { action: 'settings.paper_signatory_changed', actor: principal, target: { type: 'settings', id: SIGNATORY_SETTING_KEY }, ip: request.ip, ...change, at: ctx.now() });
      });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/paper/letterhead',
    tag: 'admin',
    summary: 'The letterhead printed on every PDF, as the admin set it over the env defaults',
    access: ['admin'],
    response: { status: 200, schema: LetterheadViewSchema },
    handler: async () => {
      const stored = await readStoredLetterhead(ctx.db.kysely);
      const l = await loadLetterhead(ctx);
      const logo = stored.logoFile ? 'uploaded' : stored.logoFile === undefined && l.logo ? 'configured' : 'none';
      return { ...shownText(l), logo };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/paper/letterhead',
    tag: 'admin',
    summary: `Set the letterhead: JSON, or multipart with a \`letterhead\` JSON part and a \`logo\` file (PNG or JPEG by content, at most ${LOGO_MAX_BYTES / 1024} KB)`,
    access: ['admin'],
    body: LetterheadTextSchema,
    multipart: true,
    response: { status: 200, schema: ok },
    handler: async ({ request, language, principal }) => {
      const store = fileStoreFor(ctx.config);
      const { json, files } = await readJsonAndFiles(request, 'letterhead');
      const input = parseOrThrow(LetterheadTextSchema, json, language);
      if (files.length > 1) throw new AppError('validation_failed', [{ path: 'logo', message: { id: 'Unggah satu berkas logo saja.', en: 'Upload one logo file only.' } }]);
      const logo = files[0];
      let logoFile: string | null | undefined;
      if (logo) {
        if (logo.data.length > LOGO_MAX_BYTES) {
          throw new AppError('payload_too_large', [{ path: 'logo', message: { id: `Logo paling besar ${LOGO_MAX_BYTES / 1024} KB.`, en: `The logo may be at most ${LOGO_MAX_BYTES / 1024} KB.` } }]);
        }
        const ext = LOGO_TYPES[sniffMimeType(logo.data) ?? ''];
        if (!ext) throw new AppError('validation_failed', [{ path: 'logo', message: { id: 'Logo harus berkas PNG atau JPEG.', en: 'The logo must be a PNG or JPEG file.' } }]);
        // A fresh name for each upload: instances keep a logo's bytes by name, so a change is a new name.
        logoFile = `letterhead-logo-${crypto.randomUUID()}.${ext}`;
        await store.put(logoFile, logo.data);
      } else if (input.removeLogo) logoFile = null;
      const uploaded = logoFile;
      const replaced = await ctx.db.kysely.transaction().execute(async (trx) => {
        const old = await readStoredLetterhead(trx);
        const { removeLogo: _removeLogo, ...fields } = input;
        const next: StoredLetterhead = { ...fields, logoFile: logoFile === undefined ? old.logoFile : logoFile };
        const value = JSON.stringify(next);
        await trx.insertInto('settings').values({ key: LETTERHEAD_SETTING_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
        const before = { ...shownText(mergeLetterhead(ctx.config, old)), logoFile: old.logoFile ?? null };
        const change = changedValues(before, { ...fields, logoFile: next.logoFile ?? null });
        if (change) await recordAudit(trx, { action: 'settings.letterhead_changed', actor: principal, target: { type: 'settings', id: LETTERHEAD_SETTING_KEY }, ip: request.ip, ...change, at: ctx.now() });
        return old.logoFile && old.logoFile !== next.logoFile ? old.logoFile : null;
      }).catch(async (error: unknown) => {
        // Nothing names the new logo: remove it, as the sweep would not.
        if (uploaded) await store.delete(uploaded).catch(() => {});
        throw error;
      });
      // The old logo only once the new row is committed: until then it is the one PDFs print.
      if (replaced) await removeLogoFile(ctx, replaced).catch((error: unknown) => request.log.warn({ err: error }, 'could not delete the replaced letterhead logo'));
      return { ok: true as const };
    },
  });
}

/** Deletes a replaced logo: from the file store, or (uploaded before logos went there) from this instance's letterhead folder. */
async function removeLogoFile(ctx: AppContext, name: string): Promise<void> {
  if (FOLDER_LOGO.test(name)) await fs.promises.rm(path.join(letterheadDir(ctx.config), name), { force: true });
  else await fileStoreFor(ctx.config).delete(name);
}

/** The letterhead's text fields as the admin screen shows them ('' for none). */
function shownText(l: Letterhead): Record<'agency' | 'name' | 'address' | 'phone' | 'website' | 'email', string> {
  return { agency: l.agency ?? '', name: l.name, address: l.address, phone: l.phone ?? '', website: l.website ?? '', email: l.email ?? '' };
}
