/**
 * The authorization proof: every route Fastify serves is either declared with its `access` or listed as
 * open, and every declared route answers each kind of caller as its declaration says. Everything is
 * derived from the registry, so a route added tomorrow is checked without touching this file; the one
 * hand-kept table gives a sample value per path-parameter NAME and fails loudly on a name it lacks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp, UNDECLARED_OPEN_ROUTES, type BuiltApp } from '../../src/app.js';
import { API_KEY_SCOPES, isApiKeyAccess, type Access, type ApiKeyScope } from '../../src/shared/http.js';
import { STAFF_ROLES, type StaffRole } from '../../src/workflow/state-machine.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, STAFF_PASSWORD, VALID_COMPLAINT, type ApiResponse, type TestApp } from '../support/test-app.js';

type Route = BuiltApp['routes']['routes'][number];
type ErrorBody = { error?: { code?: string } };

/** Sample values per path-parameter name; `complaint` is the tracking number of the complaint set up below. */
const SAMPLE_PARAMS: Record<string, (complaint: { trackingNumber: string; attachmentId: number }) => string> = {
  trackingNumber: (c) => c.trackingNumber,
  action: () => 'acknowledge',
  id: (c) => String(c.attachmentId),
  date: () => '2026-01-03',
  code: () => 'LAINNYA',
  format: () => 'json',
  serviceCode: () => 'PBG-HUNIAN',
  serviceRequestId: (c) => c.trackingNumber,
  token: () => 'tidak-ada-token',
};
const UNKNOWN_TRACKING_NUMBER = 'ADU-2026-999999';

const paramNames = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);

function fillPath(route: Route, values: Record<string, string>): string {
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No sample value for path parameter "${name}" of ${route.method} ${route.url}: add one to SAMPLE_PARAMS in tests/security/authorization.test.ts`);
    return encodeURIComponent(value);
  });
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; minItems?: number; minimum?: number; exclusiveMinimum?: number; minLength?: number; format?: string; enum?: unknown[]; const?: unknown; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; default?: unknown };

/** The smallest value a JSON schema accepts, best effort: required fields only, lower bounds, first choices. */
function sampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return sampleOf(choice);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, sampleOf(schema.properties?.[k] ?? {})]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'email') return 'contoh@contoh.id';
      if (schema.format === 'date') return '2026-01-03';
      if (schema.format === 'date-time') return '2026-01-03T00:00:00.000Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
}

const sampleBody = (route: Route): unknown => (route.body ? sampleOf(z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined);

/** A body and a query no route accepts: the role must be refused before either is read. */
const INVALID_BODY = { 'tidak-dikenal': [{}] };
const INVALID_QUERY = '?page=-1&pageSize=abc&tidak-dikenal=1';

const staffRoles = (access: Access): readonly StaffRole[] | null => {
  if (access === 'public' || access === 'reporter' || isApiKeyAccess(access)) return null;
  if (Array.isArray(access) && access.every((r) => (STAFF_ROLES as readonly string[]).includes(r))) return access;
  throw new Error(`Unknown access ${JSON.stringify(access)}: teach tests/security/authorization.test.ts what it means`);
};

describe.each(DIALECTS)('who may call each route on %s', (dialect) => {
  let t: TestApp;
  let built: BuiltApp;
  let complaint: { trackingNumber: string; attachmentId: number; accessCode: string };
  const sessions = new Map<string, Client>();
  const logins: Record<string, { email: string; password: string }> = {
    staff: { email: 'staf@test.local', password: STAFF_PASSWORD },
    section_head: { email: 'kasie@test.local', password: STAFF_PASSWORD },
    division_head: { email: 'kabid@test.local', password: STAFF_PASSWORD },
    division_officer: { email: 'bidang.a@test.local', password: STAFF_PASSWORD },
    admin: ADMIN,
    otherDivisionOfficer: { email: 'bidang.b@test.local', password: STAFF_PASSWORD },
  };
  /** The identity's session, logged in again if a call (say, logout) ended it. */
  const as = async (who: string): Promise<Client> => {
    const current = sessions.get(who);
    if (current && (await current.get('/api/auth/me')).status === 200) return current;
    const login = logins[who];
    if (!login) throw new Error(`no login for ${who}`);
    const fresh = await Client.login(t, login.email, login.password);
    sessions.set(who, fresh);
    return fresh;
  };
  const call = (client: Client, route: Route, path: string, input: { body?: unknown; query?: string; headers?: Record<string, string> }): Promise<ApiResponse<ErrorBody>> =>
    client.request<ErrorBody>(route.method, `${path}${input.query ?? ''}`, {
      ...(route.method !== 'GET' && route.method !== 'DELETE' ? { json: input.body ?? {} } : {}),
      ...(input.headers ? { headers: input.headers } : {}),
    });
  const declared = () => built.routes.routes;
  const pathOf = (route: Route, trackingNumber = complaint.trackingNumber) => fillPath(route, Object.fromEntries(paramNames(route.url).map((n) => [n, SAMPLE_PARAMS[n]?.({ ...complaint, trackingNumber })]).filter((e): e is [string, string] => e[1] !== undefined)));
  const describeCall = (who: string, route: Route, res: ApiResponse<ErrorBody>) => `${who} ${route.method} ${route.url} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0', ACCESS_CODE_MAX_FAILURES: '1000', API_KEY_REQUESTS_PER_MINUTE: '0' } });
    // A second instance over the same database, only to read its registry and what Fastify serves.
    built = await buildApp(t.ctx, { logger: false });
    await built.app.ready();
    await addStaff(t, logins.staff!.email, 'staff');
    await addStaff(t, logins.section_head!.email, 'section_head');
    await addStaff(t, logins.division_head!.email, 'division_head');
    await addStaff(t, logins.division_officer!.email, 'division_officer', 'PP');
    await addStaff(t, logins.otherDivisionOfficer!.email, 'division_officer', 'PM');

    // A complaint with an attachment, disposed to division A (PP) through the workflow.
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])]), 'foto.jpg');
    const filed = await new Client(t.url).request<{ trackingNumber: string; accessCode: string }>('POST', '/api/public/complaints', { body: form });
    expect(filed.status).toBe(201);
    const tn = filed.body.trackingNumber;
    const staff = await as('staff');
    expect((await staff.act(tn, 'acknowledge', { message: 'Diterima.' })).status).toBe(200);
    const divisionA = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
    expect((await (await as('section_head')).act(tn, 'dispose', { divisionIds: [divisionA], instruction: 'Mohon ditindaklanjuti.' })).body).toMatchObject({ state: 'disposed' });
    const detail = await staff.get<{ attachments: { id: number }[] }>(`/api/staff/complaints/${tn}`);
    complaint = { trackingNumber: tn, accessCode: filed.body.accessCode, attachmentId: detail.body.attachments[0]?.id ?? 0 };
    expect(complaint.attachmentId).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await built?.app.close();
    await t?.close();
  });

  it('serves no route that is neither declared nor listed as open', () => {
    const isDeclared = (s: { method: string; url: string }) => declared().some((r) => r.method === s.method && r.url === s.url);
    const stray = built.served.filter((s) => !isDeclared(s) && !UNDECLARED_OPEN_ROUTES.includes(`${s.method} ${s.url}`));
    expect(stray).toEqual([]);
    // And the declarations are what is served.
    expect(declared().filter((r) => !built.served.some((s) => s.method === r.method && s.url === r.url))).toEqual([]);
    expect(declared().length).toBeGreaterThan(40);
  });

  it('has a sample for every path parameter and a meaning for every access', () => {
    for (const route of declared()) {
      expect(() => pathOf(route)).not.toThrow();
      expect(() => staffRoles(route.access)).not.toThrow();
    }
  });

  it('answers the open routes outside the registry to anyone, without error', async () => {
    const failures: string[] = [];
    for (const open of UNDECLARED_OPEN_ROUTES) {
      const [method = 'GET', url = '/'] = open.split(' ');
      const res = await new Client(t.url).request<ErrorBody>(method, url.replace('*', 'tidak-ada'));
      if (res.status >= 500 || res.status === 401 || res.status === 403) failures.push(`${open} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses staff routes without a session (401) and answers public ones without error', async () => {
    const failures: string[] = [];
    for (const route of declared()) {
      const roles = staffRoles(route.access);
      const needsCaller = roles !== null || isApiKeyAccess(route.access);
      const res = await call(new Client(t.url), route, pathOf(route), needsCaller ? { body: INVALID_BODY, query: INVALID_QUERY } : { body: sampleBody(route) });
      if (needsCaller ? res.status !== 401 : res.status >= 500) failures.push(describeCall('nobody', route, res));
    }
    expect(failures).toEqual([]);
  });

  it('refuses each role its access does not list with 403 before reading the input, and lets the others through', async () => {
    const failures: string[] = [];
    for (const route of declared()) {
      const roles = staffRoles(route.access);
      for (const role of STAFF_ROLES) {
        const client = await as(role);
        if (isApiKeyAccess(route.access)) {
          // Only a key opens these: a staff session is nobody here.
          const res = await call(client, route, pathOf(route), { body: INVALID_BODY, query: INVALID_QUERY });
          if (res.status !== 401) failures.push(describeCall(role, route, res));
          continue;
        }
        const allowed = roles === null || roles.includes(role);
        const res = allowed
          ? await call(client, route, pathOf(route), { body: sampleBody(route), ...(route.access === 'reporter' ? { headers: { 'x-access-code': complaint.accessCode } } : {}) })
          : await call(client, route, pathOf(route), { body: INVALID_BODY, query: INVALID_QUERY });
        const refused = res.status === 403 && res.body.error?.code === 'forbidden';
        // A public route may answer 401 itself (a wrong login); a staff route never to a role it lists.
        const passed = roles === null ? res.status < 500 : !refused && res.status !== 401 && res.status < 500;
        if (allowed ? !passed : !refused) failures.push(describeCall(role, route, res));
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('answers another division’s officer 404 on every route about the complaint', async () => {
    const failures: string[] = [];
    const scoped = declared().filter((r) => staffRoles(r.access)?.includes('division_officer') && paramNames(r.url).includes('trackingNumber'));
    expect(scoped.length).toBeGreaterThan(0);
    for (const route of scoped) {
      const body = sampleBody(route);
      // The scope is the handler's, after validation: the request must be one the route accepts.
      if (route.body && !route.multipart && !route.body.safeParse(body).success) {
        failures.push(`${route.method} ${route.url}: no valid sample body could be derived; extend sampleOf()`);
        continue;
      }
      const other = await call(await as('otherDivisionOfficer'), route, pathOf(route), { body });
      if (other.status !== 404) failures.push(describeCall('officer of division B', route, other));
      // The same request for an unknown number: indistinguishable.
      const unknown = await call(await as('otherDivisionOfficer'), route, pathOf(route, UNKNOWN_TRACKING_NUMBER), { body });
      if (unknown.status !== other.status || JSON.stringify(unknown.body) !== JSON.stringify(other.body)) failures.push(`${route.method} ${route.url}: division B's answer differs from an unknown number's`);
    }
    expect(failures).toEqual([]);
    // The control: division A's officer reads the same complaint, so the 404s above are the scope's doing.
    const own = [];
    for (const route of scoped.filter((r) => r.method === 'GET')) own.push((await call(await as('division_officer'), route, pathOf(route), {})).status);
    expect(own).toContain(200);
  });

  it('answers a wrong access code exactly as an unknown number on every reporter route', async () => {
    const failures: string[] = [];
    const reporterRoutes = declared().filter((r) => r.access === 'reporter');
    expect(reporterRoutes.length).toBeGreaterThan(0);
    for (const route of reporterRoutes) {
      const body = sampleBody(route);
      const headers = { 'x-access-code': 'SALAHKODE2' };
      const wrong = await call(new Client(t.url), route, pathOf(route), { body, headers });
      const unknown = await call(new Client(t.url), route, pathOf(route, UNKNOWN_TRACKING_NUMBER), { body, headers });
      if (wrong.status >= 500 || wrong.status === 200 || wrong.status === 201) failures.push(describeCall('wrong code', route, wrong));
      if (wrong.status !== unknown.status || JSON.stringify(wrong.body) !== JSON.stringify(unknown.body)) failures.push(`${route.method} ${route.url}: wrong code ${wrong.status} vs unknown number ${unknown.status}`);
      const valid = !route.body || route.multipart || route.body.safeParse(body).success;
      if (valid && wrong.status !== 404) failures.push(describeCall('wrong code (valid body)', route, wrong));
    }
    expect(failures).toEqual([]);
  });

  it('admits an API key by its scopes: key routes to their scopes, staff routes only to a key acting as a role they list', async () => {
    const admin = await as('admin');
    const officer = await t.db.kysely.selectFrom('users').select('id').where('email', '=', logins.division_officer!.email).executeTakeFirstOrThrow();
    const make = async (scopes: string[], actAsUserId: number | null = null): Promise<Record<string, string>> => {
      const res = await admin.post<{ secret: string }>('/api/admin/api-keys', { name: scopes.join(' '), scopes, actAsUserId });
      expect(res.status).toBe(201);
      return { authorization: `Bearer ${res.body.secret}` };
    };
    const keys = new Map<ApiKeyScope, Record<string, string>>();
    for (const scope of API_KEY_SCOPES) keys.set(scope, await make([scope]));
    const actingOfficer = await make(['act_as_role:division_officer'], officer.id);
    // Open311 routes answer errors as the spec's list: `[{ code: 403, description }]`.
    const forbidden = (res: ApiResponse<ErrorBody>) => res.status === 403 && (res.body.error?.code === 'forbidden' || (Array.isArray(res.body) && (res.body[0] as { code?: number } | undefined)?.code === 403));
    const failures: string[] = [];
    let actingReads = 0;
    for (const route of declared()) {
      if (isApiKeyAccess(route.access)) {
        for (const [scope, headers] of keys) {
          const allowed = route.access.apiKey.includes(scope);
          const res = allowed
            ? await call(new Client(t.url), route, pathOf(route), { body: sampleBody(route), headers })
            : await call(new Client(t.url), route, pathOf(route), { body: INVALID_BODY, query: INVALID_QUERY, headers });
          if (allowed ? forbidden(res) || res.status === 401 || res.status >= 500 : !forbidden(res)) failures.push(describeCall(`key ${scope}`, route, res));
        }
        continue;
      }
      const roles = staffRoles(route.access);
      if (roles === null) continue;
      const plain = await call(new Client(t.url), route, pathOf(route), { body: INVALID_BODY, query: INVALID_QUERY, headers: keys.get('read_all') ?? {} });
      if (!forbidden(plain)) failures.push(describeCall('key read_all', route, plain));
      if (!roles.includes('division_officer')) {
        const acting = await call(new Client(t.url), route, pathOf(route), { body: INVALID_BODY, query: INVALID_QUERY, headers: actingOfficer });
        if (!forbidden(acting)) failures.push(describeCall('key acting as division_officer', route, acting));
      } else if (route.method === 'GET' && paramNames(route.url).includes('trackingNumber')) {
        const acting = await call(new Client(t.url), route, pathOf(route), { headers: actingOfficer });
        if (acting.status === 200) actingReads++;
        else failures.push(describeCall('key acting as division_officer', route, acting));
      }
    }
    expect(failures).toEqual([]);
    expect(actingReads).toBeGreaterThan(0);
  }, 120_000);
});
