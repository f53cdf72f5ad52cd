import { z } from 'zod';
import type { Role } from '../accounts/roles.js';
import { recordPersonalDataExport } from '../audit/exports.js';
import { jakartaYear } from '../calendar/working-time.js';
import { ChannelSchema, TrackingNumberParam } from '../complaints/schema.js';
import type { AppContext } from '../context.js';
import { RegisterFilterSchema } from '../register/query.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { namedPeriod, periodDays, periodOf, type Period } from './period.js';
import { computeRecap, RecapFiguresSchema, RecapSchema, type RecapFigures } from './recap.js';
import { monthlyTrend, MonthlyTrendSchema } from './monthly-trend.js';
import { roundHalfUp } from './satisfaction-index.js';
import { recapXlsx } from './recap-export.js';
import { recapPdf } from './recap-pdf.js';
import { registerXlsx } from './register-export.js';
import { registerPdf } from './register-pdf.js';
import { complaintSheetPdf } from './sheet-pdf.js';
import { CalendarDateSchema, YEARS, yearInRange } from '../shared/dates.js';

/**
 * Who reads the office's records: the intake desk and admins. Division officers are refused
 * (403): the register and the recap span every division, and a per-division cut of them is
 * not in the SOP. They may print the complaint sheet of a complaint disposed to them.
 */
export const REPORT_ROLES: readonly Role[] = ['staff', 'section_head', 'division_head', 'admin'];

/** Ten years is more than any report the office files; it also bounds the work of one request. */
const MAX_PERIOD_DAYS = 3660;

const invalid = (path: string, id: string, en: string) => new AppError('validation_failed', [{ path, message: { id, en } }]);

export const RecapQuerySchema = z.strictObject({
  from: CalendarDateSchema.optional().describe('First Jakarta date (with `to`)'),
  to: CalendarDateSchema.optional().describe('Last Jakarta date, inclusive'),
  period: z.string().trim().max(10).optional().describe("Instead of from/to: '2026', '2026-Q2' or '2026-03'"),
  channel: ChannelSchema.optional().describe('Only the complaints that came by this channel, e.g. lapor for the SP4N-LAPOR! recap'),
});

/** from/to or a named period, checked; the previous period follows from its kind. */
export function periodFromQuery(query: z.output<typeof RecapQuerySchema>): Period {
  let period: Period | null;
  if (query.period !== undefined) {
    if (query.from !== undefined || query.to !== undefined) throw invalid('period', 'Pilih periode atau tanggal dari–sampai, bukan keduanya.', 'Give a period or from/to dates, not both.');
    if (/^\d{4}/.test(query.period) && !yearInRange(Number(query.period.slice(0, 4)))) throw invalid('period', `Tahun harus antara ${YEARS.min} dan ${YEARS.max}.`, `The year must be between ${YEARS.min} and ${YEARS.max}.`);
    period = namedPeriod(query.period);
    if (!period) throw invalid('period', "Format periode: 2026, 2026-Q2 atau 2026-03.", "Period format: 2026, 2026-Q2 or 2026-03.");
  } else {
    if (query.from === undefined) throw invalid('from', 'Wajib diisi.', 'Required.');
    if (query.to === undefined) throw invalid('to', 'Wajib diisi.', 'Required.');
    period = periodOf(query.from, query.to);
  }
  if (period.to < period.from) throw invalid('to', 'Tanggal akhir sebelum tanggal awal.', 'The end date is before the start date.');
  if (periodDays(period) > MAX_PERIOD_DAYS) throw invalid('to', 'Periode paling lama 10 tahun.', 'The period may be at most 10 years.');
  return period;
}

const PublicFiguresSchema = RecapFiguresSchema.pick({
  period: true,
  total: true,
  byState: true,
  byChannel: true,
  byPermitType: true,
  byDivision: true,
  byMonth: true,
  topics: true,
  reopen: true,
}).extend({
  // Figures only: the inbox links are for staff.
  firstResponse: RecapFiguresSchema.shape.firstResponse.omit({ queries: true }),
  satisfaction: RecapFiguresSchema.shape.satisfaction.omit({ respondentsQuery: true }).extend({
    minRespondents: z.number().int().describe('The index and its elements are null below this many respondents (PUBLIC_IKM_MIN_RESPONDENTS)'),
  }),
  answer: RecapFiguresSchema.shape.answer.omit({ overdueQuery: true, queries: true }).describe('Working days (median, p90) rounded to one decimal'),
  backlog: z.object({ open: z.number().int() }),
});

const PublicStatisticsSchema = z.object({
  year: z.number().int(),
  generatedAt: z.string(),
  current: PublicFiguresSchema,
  previous: PublicFiguresSchema,
  trend: MonthlyTrendSchema.describe('Received and finished in each of the last 12 months, whatever the year asked'),
});

/**
 * What the public reads of a period's figures: working days to one decimal (no false precision), and the
 * satisfaction index only once enough people answered the survey for it to say something.
 */
export function publicFigures(figures: RecapFigures, minRespondents: number): z.infer<typeof PublicFiguresSchema> {
  const oneDecimal = (v: number | null) => (v === null ? null : roundHalfUp(v, 1));
  const { satisfaction, answer } = figures;
  const enough = satisfaction.respondents >= minRespondents;
  return PublicFiguresSchema.parse({
    ...figures,
    answer: { ...answer, medianWorkingDays: oneDecimal(answer.medianWorkingDays), p90WorkingDays: oneDecimal(answer.p90WorkingDays) },
    satisfaction: enough
      ? { ...satisfaction, minRespondents }
      : { ...satisfaction, minRespondents, ikm: null, grade: null, elements: satisfaction.elements.map((e) => ({ ...e, nrr: null, index: null, grade: null })) },
  });
}

const fileSchema = z.unknown();

function attachment(reply: { header(name: string, value: string): unknown; type(t: string): unknown }, type: string, filename: string): void {
  reply.type(type);
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerReportRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/complaints/:trackingNumber/sheet.pdf',
    tag: 'reports',
    summary: 'The complaint sheet (lembar pengaduan), A4 PDF: blank handling part at step 2, filled as the complaint is handled (step 6)',
    access: ANY_STAFF,
    params: TrackingNumberParam,
    response: { status: 200, schema: fileSchema, description: 'application/pdf' },
    handler: async ({ principal, params, reply, request }) => {
      // staffView inside refuses (404) a division officer's complaint of another division and masks identities by role.
      const pdf = await complaintSheetPdf(ctx, principal, params.trackingNumber);
      await recordPersonalDataExport(ctx, principal, request, { document: 'complaint_sheet', format: 'pdf', target: { type: 'complaint', id: params.trackingNumber } });
      attachment(reply, 'application/pdf', `lembar-pengaduan-${params.trackingNumber}.pdf`);
      return pdf;
    },
  });

  // The register and the recap each come as XLSX and as PDF: one route per format, the same shape.
  const registerFormats = [
    { ext: 'xlsx', type: XLSX, make: registerXlsx, summary: 'The complaint register (buku pengaduan) of a period as XLSX, streamed' },
    { ext: 'pdf', type: 'application/pdf', make: registerPdf, summary: 'The complaint register (buku pengaduan) of a period as A4 landscape PDF, streamed' },
  ] as const;
  for (const format of registerFormats) {
    routes.add({
      method: 'GET',
      url: `/api/staff/register.${format.ext}`,
      tag: 'reports',
      summary: format.summary,
      access: REPORT_ROLES,
      query: RegisterFilterSchema,
      response: { status: 200, schema: fileSchema, description: format.type },
      handler: async ({ query, reply, principal, request }) => {
        const { stream, rows } = await format.make(ctx, query);
        await recordPersonalDataExport(ctx, principal, request, { document: 'register', format: format.ext, target: { type: 'register', id: `${query.from}..${query.to}` }, details: { from: query.from, to: query.to, rows } });
        attachment(reply, format.type, `buku-pengaduan-${query.from}-${query.to}.${format.ext}`);
        reply.header('x-total-rows', String(rows));
        return stream;
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/staff/recap',
    tag: 'reports',
    summary: 'The recap (rekapan, SOP step 7) of a period beside the previous one; every bucket links to its complaints in the inbox',
    access: REPORT_ROLES,
    query: RecapQuerySchema,
    response: { status: 200, schema: RecapSchema },
    handler: async ({ query }) => {
      return computeRecap(ctx, periodFromQuery(query), { channel: query.channel });
    },
  });

  const recapFormats = [
    { ext: 'xlsx', type: XLSX, make: recapXlsx, summary: 'The recap as XLSX: a sheet per table, the previous period beside' },
    { ext: 'pdf', type: 'application/pdf', make: recapPdf, summary: 'The recap as PDF with charts' },
  ] as const;
  for (const format of recapFormats) {
    routes.add({
      method: 'GET',
      url: `/api/staff/recap.${format.ext}`,
      tag: 'reports',
      summary: format.summary,
      access: REPORT_ROLES,
      query: RecapQuerySchema,
      response: { status: 200, schema: fileSchema, description: format.type },
      handler: async ({ query, reply }) => {
        const period = periodFromQuery(query);
        const stream = await format.make(ctx, await computeRecap(ctx, period, { channel: query.channel }));
        attachment(reply, format.type, `rekapan-${query.channel ? `${query.channel}-` : ''}${period.from}-${period.to}.${format.ext}`);
        return stream;
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/public/statistics',
    tag: 'public',
    summary: 'Public statistics of a year: the recap without confidential complaints, links or anything about a person',
    access: 'public',
    query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
    response: { status: 200, schema: PublicStatisticsSchema },
    handler: async ({ query }) => {
      const year = query.year ?? jakartaYear(ctx.now());
      const recap = await computeRecap(ctx, periodOf(`${year}-01-01`, `${year}-12-31`), { publicOnly: true });
      const min = ctx.config.publicIkmMinRespondents;
      return { year, generatedAt: recap.generatedAt, current: publicFigures(recap.current, min), previous: publicFigures(recap.previous, min), trend: await monthlyTrend(ctx) };
    },
  });
}
