/**
 * Open311 GeoReport v2 (decision 0027): permit types are the services (service_code = the permit
 * type's code), complaints the service requests (service_request_id = the tracking number), the
 * SOP's final states `closed`, the others `open`. Without a key, or with `read_published`, only
 * published complaints are seen; `read_all` sees every one as the office does, never who filed
 * it; any key also sees the requests it filed. Filing needs `file_complaints` and goes through the
 * portal's own submission (channel `web`), the receipt with the access code mailed to the reporter.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { createComplaint } from '../complaints/submit.js';
import { AppError } from '../shared/errors.js';
import { DateTimeSchema } from '../shared/dates.js';
import type { ApiKeyPrincipal, RouteRegistry } from '../shared/http.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';
import { STATE_LABELS } from '../reports/labels.js';
import { installOpen311Errors, render, type Open311Body, type Open311Format } from './open311-format.js';
import { isPublishedComplaint } from './published.js';

const BASE = '/open311/v2';
const FormatSchema = z.enum(['json', 'xml']);
const TAG = 'open311';

const ServiceSchema = z.object({ service_code: z.string(), service_name: z.string(), description: z.string(), metadata: z.boolean(), type: z.literal('realtime'), keywords: z.string(), group: z.string() });
const AttributeSchema = z.object({ variable: z.boolean(), code: z.string(), datatype: z.string(), required: z.boolean(), datatype_description: z.string(), order: z.number(), description: z.string() });
const RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});

/** The attributes a service takes beyond the spec's fields (the same for every permit type). */
const ATTRIBUTES: z.output<typeof AttributeSchema>[] = [
  { variable: true, code: 'subject', datatype: 'string', required: false, datatype_description: '5–200 characters; without it, the start of the description', order: 1, description: 'Pokok pengaduan / Subject' },
  { variable: true, code: 'application_number', datatype: 'string', required: false, datatype_description: 'At most 60 characters', order: 2, description: 'Nomor permohonan izin / Permit application number' },
];

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());
const optionalNumber = (min: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().min(min).max(max).optional());

/** The spec's POST fields (form-encoded, or the same as JSON); unknown ones are ignored as the spec lets clients send more. */
const NewRequestSchema = z.object({
  api_key: z.string().max(200).optional().describe('The API key, if not sent as Authorization: Bearer'),
  jurisdiction_id: optionalText(100),
  service_code: z.string().trim().min(1).max(60),
  description: z.string().trim().min(20).max(5000),
  lat: optionalNumber(-90, 90),
  long: optionalNumber(-180, 180),
  address_string: optionalText(300),
  email: z.preprocess(blankToUndefined, z.email().max(254).optional()),
  first_name: optionalText(60),
  last_name: optionalText(60),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/).optional()),
  device_id: optionalText(100),
  account_id: optionalText(100),
  media_url: optionalText(500),
  attribute: z
    .object({ subject: z.preprocess(blankToUndefined, z.string().trim().min(5).max(200).optional()), application_number: optionalText(60) })
    .default({ subject: undefined, application_number: undefined }),
});

const RequestListQuery = z.strictObject({
  jurisdiction_id: optionalText(100),
  service_request_id: z.string().max(2000).optional().describe('Comma-separated ids'),
  service_code: optionalText(60),
  status: z.enum(['open', 'closed']).optional(),
  start_date: DateTimeSchema.optional(),
  end_date: DateTimeSchema.optional(),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

type RequestRow = z.output<typeof RequestSchema>;

const send = (reply: FastifyReply, format: Open311Format, root: string, item: string | null, body: Open311Body, status = 200) => {
  const { type, payload } = render(format, root, item, body);
  return reply.status(status).type(type).send(payload);
};

/** Open311 clients post forms; only these routes read them (a form elsewhere would be a cross-site post). */
function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    if (!request.url.startsWith(`${BASE}/`)) return done(new AppError('unsupported_media_type'), undefined);
    const fields: Record<string, unknown> = {};
    const attribute: Record<string, string> = {};
    const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'));
    let count = 0;
    for (const [key, value] of params) {
      if (++count > 100) return done(new AppError('payload_too_large'), undefined);
      const attr = /^attribute\[([A-Za-z0-9_]{1,40})\]$/.exec(key);
      if (attr?.[1]) attribute[attr[1]] = value;
      else fields[key] = value;
    }
    done(null, Object.keys(attribute).length ? { ...fields, attribute } : fields);
  });
}

const firstWords = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 5))}…`;
};

export function registerOpen311Routes(app: FastifyInstance, routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  installFormParser(app);
  installOpen311Errors(app);

  const services = async (code?: string) => {
    let query = db.selectFrom('permit_types').select(['code', 'name', 'category']).where('active', '=', 1);
    if (code !== undefined) query = query.where('code', '=', code);
    const rows = await query.orderBy('category').orderBy('name').execute();
    return rows.map((r) => ({ service_code: r.code, service_name: r.name, description: r.name, metadata: true, type: 'realtime' as const, keywords: '', group: r.category }));
  };

  /** The requests this caller may see, newest first. */
  const requests = async (key: ApiKeyPrincipal | null, filter: Partial<z.output<typeof RequestListQuery>> & { ids?: string[] }): Promise<RequestRow[]> => {
    let query = db
      .selectFrom('complaints')
      .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
      .leftJoin('publications', (join) => join.onRef('publications.complaint_id', '=', 'complaints.id').on('publications.withdrawn_at', 'is', null))
      .select(['complaints.id', 'complaints.tracking_number', 'complaints.state', 'complaints.description', 'complaints.received_at', 'complaints.updated_at', 'complaints.answer_due_at', 'complaints.location_address', 'complaints.location_lat', 'complaints.location_lng', 'permit_types.code as service_code', 'permit_types.name as service_name'])
      .select('publications.description as public_description');
    // Without `read_all`, a published complaint shows its redacted public text and a place rounded to ~110 m
    // (as the public map does); only a key's own filings show what it sent.
    const seesAll = key?.scopes.includes('read_all') === true;
    if (!key?.scopes.includes('read_all')) {
      query = query.where((eb) => {
        const published = isPublishedComplaint(eb);
        if (!key) return published;
        return eb.or([published, eb.exists(eb.selectFrom('open311_requests').select('open311_requests.complaint_id').whereRef('open311_requests.complaint_id', '=', 'complaints.id').where('open311_requests.api_key_id', '=', key.id))]);
      });
    }
    if (filter.ids) query = query.where('complaints.tracking_number', 'in', filter.ids);
    if (filter.service_code) query = query.where('permit_types.code', '=', filter.service_code);
    if (filter.status === 'closed') query = query.where('complaints.state', 'in', FINAL_STATES);
    if (filter.status === 'open') query = query.where('complaints.state', 'not in', FINAL_STATES);
    if (filter.start_date) query = query.where('complaints.received_at', '>=', new Date(filter.start_date).toISOString());
    if (filter.end_date) query = query.where('complaints.received_at', '<=', new Date(filter.end_date).toISOString());
    const rows = await query.orderBy('complaints.id', 'desc').limit(filter.page_size ?? 50).execute();
    const divisions = rows.length
      ? await db.selectFrom('dispositions').innerJoin('divisions', 'divisions.id', 'dispositions.division_id').select(['dispositions.complaint_id', 'divisions.name']).where('dispositions.complaint_id', 'in', rows.map((r) => r.id)).orderBy('dispositions.id').execute()
      : [];
    return rows.map((r) => {
      const state = r.state as ComplaintState;
      const agencies = [...new Set(divisions.filter((d) => d.complaint_id === r.id).map((d) => d.name))];
      return {
        service_request_id: r.tracking_number,
        status: FINAL_STATES.includes(state) ? ('closed' as const) : ('open' as const),
        status_notes: STATE_LABELS[state] ?? state,
        service_name: r.service_name,
        service_code: r.service_code,
        description: seesAll || r.public_description === null ? r.description : r.public_description,
        agency_responsible: agencies.length ? agencies.join('; ') : ctx.config.office.name,
        service_notice: null,
        requested_datetime: r.received_at,
        updated_datetime: r.updated_at,
        expected_datetime: FINAL_STATES.includes(state) ? null : r.answer_due_at,
        address: seesAll || r.public_description === null ? r.location_address : null,
        lat: seesAll || r.public_description === null || r.location_lat === null ? r.location_lat : Math.round(r.location_lat * 1000) / 1000,
        long: seesAll || r.public_description === null || r.location_lng === null ? r.location_lng : Math.round(r.location_lng * 1000) / 1000,
        media_url: null,
      };
    });
  };

  routes.add({
    method: 'GET',
    url: `${BASE}/services.:format`,
    tag: TAG,
    summary: 'Open311: the services (permit types) a request can be about',
    access: 'public',
    params: z.strictObject({ format: FormatSchema }),
    query: z.object({ jurisdiction_id: optionalText(100) }),
    response: { status: 200, schema: z.array(ServiceSchema) },
    handler: async ({ params, reply }) => send(reply, params.format, 'services', 'service', await services()),
  });

  routes.add({
    method: 'GET',
    url: `${BASE}/services/:serviceCode.:format`,
    tag: TAG,
    summary: 'Open311: a service definition (its extra attributes)',
    access: 'public',
    params: z.strictObject({ serviceCode: z.string().min(1).max(60), format: FormatSchema }),
    query: z.object({ jurisdiction_id: optionalText(100) }),
    response: { status: 200, schema: z.object({ service_code: z.string(), attributes: z.array(AttributeSchema) }) },
    handler: async ({ params, reply }) => {
      const [service] = await services(params.serviceCode);
      if (!service) throw new AppError('not_found');
      return send(reply, params.format, 'service_definition', null, { service_code: service.service_code, attributes: ATTRIBUTES });
    },
  });

  routes.add({
    method: 'GET',
    url: `${BASE}/requests.:format`,
    tag: TAG,
    summary: 'Open311: service requests this caller may see (published; with read_all every one; with any key also those it filed), newest first',
    access: 'public',
    params: z.strictObject({ format: FormatSchema }),
    query: RequestListQuery,
    response: { status: 200, schema: z.array(RequestSchema) },
    handler: async ({ params, query, reply, apiKey }) => {
      const ids = query.service_request_id?.split(',').map((s) => s.trim()).filter((s) => s !== '').slice(0, 100);
      return send(reply, params.format, 'service_requests', 'request', await requests(apiKey, { ...query, ...(ids ? { ids } : {}) }));
    },
  });

  routes.add({
    method: 'GET',
    url: `${BASE}/requests/:serviceRequestId.:format`,
    tag: TAG,
    summary: 'Open311: one service request (a list of one), if this caller may see it',
    access: 'public',
    params: z.strictObject({ serviceRequestId: z.string().min(1).max(40), format: FormatSchema }),
    query: z.object({ jurisdiction_id: optionalText(100) }),
    response: { status: 200, schema: z.array(RequestSchema) },
    handler: async ({ params, reply, apiKey }) => {
      const found = await requests(apiKey, { ids: [params.serviceRequestId], page_size: 1 });
      if (found.length === 0) throw new AppError('not_found');
      return send(reply, params.format, 'service_requests', 'request', found);
    },
  });

  routes.add({
    method: 'POST',
    url: `${BASE}/requests.:format`,
    tag: TAG,
    summary: 'Open311: file a complaint (form-encoded as the spec says, or JSON); answers its token and service_request_id',
    access: { apiKey: ['file_complaints'] },
    keyInBody: true,
    params: z.strictObject({ format: FormatSchema }),
    body: NewRequestSchema,
    response: { status: 201, schema: z.array(z.object({ token: z.string(), service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() })) },
    handler: async ({ params, body, reply, principal, language }) => {
      const service = await db.selectFrom('permit_types').select('id').where('code', '=', body.service_code).where('active', '=', 1).executeTakeFirst();
      if (!service) throw new AppError('validation_failed', [{ path: 'service_code', message: { id: 'Layanan tidak dikenal.', en: 'Unknown service_code.' } }]);
      const name = [body.first_name, body.last_name].filter(Boolean).join(' ') || undefined;
      const token = crypto.randomBytes(18).toString('base64url');
      const receipt = await createComplaint(ctx, {
        input: {
          // Without a name the reporter stays anonymous, as on the portal.
          reporter: { name, email: body.email, phone: body.phone, address: undefined },
          anonymous: name === undefined,
          confidential: false,
          permitTypeId: service.id,
          applicationNumber: body.attribute.application_number,
          subject: body.attribute.subject ?? firstWords(body.description, 100),
          description: body.description,
          // The receipt with the access code goes to the reporter's mail: the client never holds it.
          emailCopy: body.email !== undefined,
          language,
        },
        channel: 'web',
        consent: true,
        receivedAt: ctx.now(),
        language,
        actor: { type: 'reporter' },
        files: [],
        location: body.lat !== undefined || body.long !== undefined || body.address_string !== undefined ? { address: body.address_string ?? null, lat: body.lat ?? null, lng: body.long ?? null } : undefined,
        alsoInTransaction: async (trx, { complaintId }) => {
          await trx.insertInto('open311_requests').values({ complaint_id: complaintId, token, api_key_id: principal.id, created_at: ctx.now().toISOString() }).execute();
        },
      });
      const notice = body.email ? 'Nomor dan kode akses dikirim ke email pelapor. / The tracking number and access code were mailed to the reporter.' : 'Pelapor memantau dengan nomor pengaduan. / The reporter follows it by its tracking number.';
      return send(reply, params.format, 'service_requests', 'request', [{ token, service_request_id: receipt.trackingNumber, service_notice: notice, account_id: body.account_id ?? null }], 201);
    },
  });

  routes.add({
    method: 'GET',
    url: `${BASE}/tokens/:token.:format`,
    tag: TAG,
    summary: 'Open311: the service_request_id a token from filing stands for',
    access: 'public',
    params: z.strictObject({ token: z.string().min(1).max(64), format: FormatSchema }),
    query: z.object({ jurisdiction_id: optionalText(100) }),
    response: { status: 200, schema: z.array(z.object({ token: z.string(), service_request_id: z.string() })) },
    handler: async ({ params, reply }) => {
      const row = await db.selectFrom('open311_requests').innerJoin('complaints', 'complaints.id', 'open311_requests.complaint_id').select(['open311_requests.token', 'complaints.tracking_number']).where('open311_requests.token', '=', params.token).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      return send(reply, params.format, 'service_requests', 'request', [{ token: row.token, service_request_id: row.tracking_number }]);
    },
  });
}

