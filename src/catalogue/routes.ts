import type { Generated, Kysely } from 'kysely';
import { z } from 'zod';
import { RoleSchema } from '../accounts/roles.js';
import { changedValues } from '../audit/changes.js';
import { recordAudit } from '../audit/log.js';
import { parseClock } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { SETTING_KEYS } from '../settings/office-settings.js';
import { STAFF_ACTIONS } from '../workflow/state-machine.js';
import { importHolidays, HolidayInputSchema } from './holidays.js';
import { CalendarDateSchema } from '../shared/dates.js';
import { RowIdParamSchema } from '../shared/ids.js';

const ok = z.object({ ok: z.literal(true) });
const IdParam = z.strictObject({ id: RowIdParamSchema });
const flagOut = (v: number) => v === 1;

interface CatalogueRow {
  id: Generated<number>;
  code: string;
  active: number;
  [column: string]: unknown;
}
/** The four catalogue tables seen through their common columns. */
type CatalogueDb = Kysely<Record<string, CatalogueRow>>;

/** The editable catalogues share one shape: list (everyone logged in), create and update (admins). */
function catalogueRoutes(
  routes: RouteRegistry,
  ctx: AppContext,
  table: 'divisions' | 'permit_types' | 'complaint_classes' | 'complaint_themes',
  path: string,
  fields: z.ZodRawShape,
  label: string,
  /** The audit log's name for one entry of this catalogue, e.g. `division`. */
  entry: string,
): void {
  const Create = z.strictObject({ code: z.string().trim().min(1).max(40), ...fields });
  const Update = Create.partial().extend({ active: z.boolean().optional() });
  routes.add({
    method: 'GET',
    url: `/api/catalogue/${path}`,
    tag: 'catalogue',
    summary: `List ${label}`,
    access: ANY_STAFF,
    response: { status: 200, schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) },
    handler: async () => {
      const rows = await (ctx.db.kysely as unknown as CatalogueDb).selectFrom(table).selectAll().orderBy('id').execute();
      return { items: rows.map((r) => ({ ...r, active: flagOut(Number(r.active)) })) };
    },
  });
  routes.add({
    method: 'POST',
    url: `/api/admin/${path}`,
    tag: 'admin',
    summary: `Add to ${label}`,
    access: ['admin'],
    body: Create,
    response: { status: 201, schema: z.object({ id: z.number() }) },
    handler: async ({ body, principal, request }) => {
      const row = await ctx.db.kysely.transaction().execute(async (trx) => {
        const db = trx as unknown as CatalogueDb;
        const taken = await db.selectFrom(table).select('id').where('code', '=', body.code as string).executeTakeFirst();
        if (taken) throw new AppError('conflict', [{ path: 'code', message: { id: 'Kode sudah dipakai.', en: 'Code already in use.' } }]);
        const inserted = await db.insertInto(table).values(body as never).returning('id').executeTakeFirstOrThrow();
        await recordAudit(trx, { action: `${entry}.created`, actor: principal, target: { type: entry, id: inserted.id }, ip: request.ip, after: body as Record<string, unknown>, at: ctx.now() });
        return inserted;
      });
      ctx.settings.invalidate();
      return { id: row.id };
    },
  });
  routes.add({
    method: 'PATCH',
    url: `/api/admin/${path}/:id`,
    tag: 'admin',
    summary: `Change or deactivate one of ${label}`,
    access: ['admin'],
    params: IdParam,
    body: Update,
    response: { status: 200, schema: ok },
    handler: async ({ params, body, principal, request }) => {
      const { active, ...rest } = body as { active?: boolean } & Record<string, unknown>;
      const values = { ...rest, ...(active !== undefined ? { active: active ? 1 : 0 } : {}) };
      if (Object.keys(values).length === 0) throw new AppError('validation_failed', [{ path: '', message: { id: 'Tidak ada perubahan.', en: 'Nothing to change.' } }]);
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const db = trx as unknown as CatalogueDb;
        const old = await db.selectFrom(table).selectAll().where('id', '=', params.id).executeTakeFirst();
        if (!old) throw new AppError('not_found');
        await db.updateTable(table).set(values as never).where('id', '=', params.id).execute();
        const shown = (r: Record<string, unknown>) => ({ ...r, ...('active' in r ? { active: Number(r.active) === 1 } : {}) });
        const change = changedValues(shown(old), shown(values));
        if (change) await recordAudit(trx, { action: `${entry}.changed`, actor: principal, target: { type: entry, id: params.id }, ip: request.ip, ...change, at: ctx.now() });
      });
      ctx.settings.invalidate();
      return { ok: true as const };
    },
  });
}

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const isClock = (v: string | null) => v !== null && Clock.safeParse(v).success;
const OfficeHoursSchema = z
  .array(z.object({ weekday: z.number().int().min(0).max(6), open: Clock.nullable(), close: Clock.nullable() }).strict())
  .length(7)
  .refine((days) => new Set(days.map((d) => d.weekday)).size === 7, 'each weekday once / setiap hari sekali')
  // Zod runs refinements after a failed regex too: only clocks that parsed are compared (else parseClock throws, a 500).
  .refine(
    (days) => days.every((d) => (d.open === null) === (d.close === null) && (d.open === null || !isClock(d.open) || !isClock(d.close) || parseClock(d.open) < parseClock(d.close as string))),
    'open before close / buka sebelum tutup',
  )
  .refine((days) => days.some((d) => d.open !== null), 'at least one working weekday / minimal satu hari kerja');

const DeadlinesSchema = z.strictObject({
  firstResponseDays: z.number().min(0.1).max(30),
  followUpDays: z.number().min(0.5).max(120),
  autoCloseDays: z.number().min(1).max(120),
});

const StepRolesSchema = z.record(z.enum(STAFF_ACTIONS), z.array(RoleSchema).max(5));

export function registerCatalogueRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const name = z.string().trim().min(1).max(200);
  catalogueRoutes(routes, ctx, 'divisions', 'divisions', { name }, 'divisions (bidang)', 'division');
  catalogueRoutes(routes, ctx, 'permit_types', 'permit-types', { name, category: name }, 'permit types (jenis izin)', 'permit_type');
  catalogueRoutes(routes, ctx, 'complaint_classes', 'complaint-classes', { name_id: name, name_en: name, answer_days: z.number().int().min(1).max(365) }, 'complaint classes and their answer deadlines', 'complaint_class');
  catalogueRoutes(routes, ctx, 'complaint_themes', 'complaint-themes', { name_id: name, name_en: name }, 'complaint themes (maladministration classes)', 'complaint_theme');

  routes.add({
    method: 'GET',
    url: '/api/catalogue/holidays',
    tag: 'catalogue',
    summary: 'Non-working days (national holidays and cuti bersama)',
    access: ANY_STAFF,
    response: { status: 200, schema: z.object({ items: z.array(HolidayInputSchema.extend({ confirmed: z.boolean() })) }) },
    handler: async () => {
      const rows = await ctx.db.kysely.selectFrom('holidays').selectAll().orderBy('date').execute();
      return { items: rows.map((h) => ({ ...h, confirmed: h.confirmed === 1 })) };
    },
  });
  routes.add({
    method: 'PUT',
    url: '/api/admin/holidays',
    tag: 'admin',
    summary: 'Add or replace non-working days (import); each keeps its kind and source',
    access: ['admin'],
    body: z.strictObject({ items: z.array(HolidayInputSchema).min(1).max(1000) }),
    response: { status: 200, schema: z.object({ saved: z.number() }) },
    handler: async ({ body, principal, request }) => {
      const saved = await importHolidays(ctx.db.kysely, body.items, { actor: principal, ip: request.ip, at: ctx.now() });
      ctx.settings.invalidate();
      return { saved };
    },
  });
  routes.add({
    method: 'DELETE',
    url: '/api/admin/holidays/:date',
    tag: 'admin',
    summary: 'Remove a non-working day',
    access: ['admin'],
    params: z.strictObject({ date: CalendarDateSchema }),
    response: { status: 200, schema: ok },
    handler: async ({ params, principal, request }) => {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('holidays').selectAll().where('date', '=', params.date).executeTakeFirst();
        if (!old) throw new AppError('not_found');
        await trx.deleteFrom('holidays').where('date', '=', params.date).execute();
        await recordAudit(trx, { action: 'holiday.deleted', actor: principal, target: { type: 'holiday', id: params.date }, ip: request.ip, before: { ...old, confirmed: old.confirmed === 1 }, at: ctx.now() });
      });
      ctx.settings.invalidate();
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/settings',
    tag: 'admin',
    summary: 'Office hours per weekday, deadlines in working days, and which role does which step',
    access: ['admin'],
    response: { status: 200, schema: z.object({ officeHours: OfficeHoursSchema, deadlines: DeadlinesSchema, stepRoles: StepRolesSchema }) },
    handler: async () => {
      const settings = await ctx.settings.get();
      return {
        officeHours: settings.calendar.officeHours.map((h, weekday) => ({ weekday, open: h?.open ?? null, close: h?.close ?? null })),
        deadlines: settings.deadlines,
        stepRoles: settings.stepRoles,
      };
    },
  });
  routes.add({
    method: 'PUT',
    url: '/api/admin/settings/office-hours',
    tag: 'admin',
    summary: 'Set office hours for the seven weekdays (0 = Sunday)',
    access: ['admin'],
    body: z.strictObject({ days: OfficeHoursSchema }),
    response: { status: 200, schema: ok },
    handler: async ({ body, principal, request }) => {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('office_hours').selectAll().orderBy('weekday').execute();
        await trx.deleteFrom('office_hours').execute();
        await trx.insertInto('office_hours').values(body.days).execute();
        const byDay = (rows: readonly { weekday: number; open: string | null; close: string | null }[]) =>
          Object.fromEntries(rows.map((d) => [String(d.weekday), d.open === null ? null : `${d.open}-${d.close ?? ''}`]));
        const change = changedValues(byDay(old), byDay(body.days));
        if (change) await recordAudit(trx, { action: 'settings.office_hours_changed', actor: principal, target: { type: 'settings', id: 'office_hours' }, ip: request.ip, ...change, at: ctx.now() });
      });
      ctx.settings.invalidate();
      return { ok: true as const };
    },
  });
  routes.add({
    method: 'PUT',
    url: '/api/admin/settings/deadlines',
    tag: 'admin',
    summary: 'Set the working-day deadlines: first response, division follow-up, auto-close after the answer',
    access: ['admin'],
    body: DeadlinesSchema,
    response: { status: 200, schema: ok },
    handler: async ({ body, principal, request }) => {
      const value = JSON.stringify(body);
      const old = (await ctx.settings.get()).deadlines;
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: SETTING_KEYS.deadlines, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
        const change = changedValues({ ...old }, body);
        if (change) await recordAudit(trx, { action: 'settings.deadlines_changed', actor: principal, target: { type: 'settings', id: 'deadlines' }, ip: request.ip, ...change, at: ctx.now() });
      });
      ctx.settings.invalidate();
      return { ok: true as const };
    },
  });
  routes.add({
    method: 'PUT',
    url: '/api/admin/settings/step-roles',
    tag: 'admin',
    summary: 'Set which roles may take each SOP action (actions left out keep their roles)',
    access: ['admin'],
    body: z.partialRecord(z.enum(STAFF_ACTIONS), z.array(RoleSchema).max(5)),
    response: { status: 200, schema: ok },
    handler: async ({ body, principal, request }) => {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const rolesOf = async () => {
          const rows = await trx.selectFrom('step_roles').selectAll().where('action', 'in', Object.keys(body).length ? Object.keys(body) : ['']).execute();
          const map: Record<string, string[]> = Object.fromEntries(Object.keys(body).map((a) => [a, []]));
          for (const r of rows) map[r.action]?.push(r.role);
          return Object.fromEntries(Object.entries(map).map(([a, roles]) => [a, roles.sort()]));
        };
        const old = await rolesOf();
        for (const [action, roles] of Object.entries(body)) {
          await trx.deleteFrom('step_roles').where('action', '=', action).execute();
          const unique = [...new Set(roles)];
          if (unique.length) await trx.insertInto('step_roles').values(unique.map((role) => ({ action, role }))).execute();
        }
        const change = changedValues(old, await rolesOf());
        if (change) await recordAudit(trx, { action: 'settings.step_roles_changed', actor: principal, target: { type: 'settings', id: 'step_roles' }, ip: request.ip, ...change, at: ctx.now() });
      });
      ctx.settings.invalidate();
      return { ok: true as const };
    },
  });
}
