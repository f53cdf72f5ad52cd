/**
 * What paper prints under a person's signature: the NIP (Nomor Induk Pegawai) and the position
 * (jabatan). An admin sets them in the users editor; each person keeps their own on "Akun saya".
 */
import { z } from 'zod';
import { changedValues } from '../audit/changes.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { AppError, bilingual } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';

/** A civil servant's NIP has 18 digits (birth date, appointment month, sex, serial). */
export const NIP_DIGITS = 18;

const blankToNull = (v: string): string | null => (v === '' ? null : v);

/**
 * The NIP as typed — spaces as printed on a card ("19780312 200501 1 003") are dropped — or
 * empty for contract staff, who have none (stored as null, printed "NIP -").
 */
export const NipSchema = z
  .string()
  .max(40)
  .transform((v) => v.replace(/\s+/g, ''))
  .refine((v) => v === '' || new RegExp(`^\\d{${NIP_DIGITS}}$`).test(v), bilingual(`NIP terdiri atas ${NIP_DIGITS} angka, atau kosongkan bila tidak ada.`, `An NIP has ${NIP_DIGITS} digits; leave it empty when there is none.`))
  .transform(blankToNull)
  .nullable()
  .describe(`${NIP_DIGITS} digits (spaces are dropped); empty or null for staff without one`);

export const PositionSchema = z.string().trim().max(200).transform(blankToNull).nullable().describe('Jabatan, printed under the signature; empty or null for none');

export const ProfileSchema = z.object({ nip: z.string().nullable(), position: z.string().nullable() });

export function registerProfileRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/auth/profile',
    tag: 'accounts',
    summary: 'My NIP and position, as printed under my signature',
    access: ANY_STAFF,
    response: { status: 200, schema: ProfileSchema },
    handler: async ({ principal }) => {
      const row = await ctx.db.kysely.selectFrom('users').select(['nip', 'position']).where('id', '=', principal.userId).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      return { nip: row.nip, position: row.position };
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/auth/profile',
    tag: 'accounts',
    summary: 'Change my NIP or position',
    access: ANY_STAFF,
    body: z.strictObject({ nip: NipSchema.optional(), position: PositionSchema.optional() }),
    response: { status: 200, schema: ProfileSchema },
    handler: async ({ body, principal, request }) =>
      ctx.db.kysely.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('users').select(['nip', 'position']).where('id', '=', principal.userId).executeTakeFirst();
        if (!row) throw new AppError('not_found');
        const next = { nip: body.nip === undefined ? row.nip : body.nip, position: body.position === undefined ? row.position : body.position };
        await trx.updateTable('users').set(next).where('id', '=', principal.userId).execute();
        const change = changedValues(row, next);
        if (change) await recordAudit(trx, { action: 'user.profile_changed', actor: principal, target: { type: 'user', id: principal.userId }, ip: request.ip, ...change, at: ctx.now() });
        return next;
      }),
  });
}
