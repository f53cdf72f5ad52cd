/**
 * An Open311 GeoReport v2 client over real HTTP, in JSON and in XML: services → definition → file a
 * request (form-encoded, key in the api_key field) → its token → the request by id; what a caller
 * without a key sees; errors in the spec's list shape.
 */
import parser from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';

type Row = Record<string, unknown>;

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

/** The XML parsed strictly: well-formed, or the test fails. */
function parseXml(text: string): Record<string, unknown> {
  expect(parser.validate(text)).toBe(true);
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };
  return parser.parse(text, { parseTrueNumberOnly: true, tagValueProcessor: (v: string) => v.replace(/&(?:lt|gt|quot|apos|amp);/g, (e) => entities[e] ?? e) }) as Record<string, unknown>;
}

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let filer: string;
  let reader: string;
  const anyone = () => new Client(t.url);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const admin = await Client.login(t, ADMIN.email, ADMIN.password);
    filer = (await admin.post<{ secret: string }>('/api/admin/api-keys', { name: 'Aplikasi kota', scopes: ['file_complaints'] })).body.secret;
    reader = (await admin.post<{ secret: string }>('/api/admin/api-keys', { name: 'Dasbor', scopes: ['read_all'] })).body.secret;
  });
  afterAll(async () => t?.close());

  it('walks a client through services, a definition, filing, the token and the request, in JSON and XML', async () => {
    const services = await anyone().get<Row[]>('/open311/v2/services.json');
    expect(services.status).toBe(200);
    expect(services.body).toEqual(expect.arrayContaining([expect.objectContaining({ service_code: 'PBG-HUNIAN', metadata: true, type: 'realtime' })]));
    const servicesXml = await anyone().get<string>('/open311/v2/services.xml');
    expect(servicesXml.headers.get('content-type')).toContain('application/xml');
    const serviceList = (parseXml(servicesXml.body).services as { service: Row[] }).service;
    expect(serviceList.map((s) => s.service_code)).toContain('PBG-HUNIAN');

    const definition = parseXml((await anyone().get<string>('/open311/v2/services/PBG-HUNIAN.xml')).body).service_definition as { attributes: { attribute: Row[] } };
    expect(definition.attributes.attribute.map((a) => a.code)).toEqual(['subject', 'application_number']);

    const filed = await anyone().request<Row[]>('POST', '/open311/v2/requests.json', form({
      api_key: filer,
      service_code: 'PBG-HUNIAN',
      description: 'PBG rumah saya belum terbit <padahal> sudah lewat batas waktu & berkas lengkap.',
      lat: '-6.178306',
      long: '106.631889',
      address_string: 'Jl. Daan Mogot No. 1, Tangerang',
      first_name: 'Siti',
      last_name: 'Aminah',
      email: 'siti@contoh.id',
      'attribute[application_number]': 'PBG-2026-0042',
    }));
    expect(filed.status).toBe(201);
    const [created] = filed.body as [{ token: string; service_request_id: string }];
    expect(created.service_request_id).toMatch(/^ADU-\d{4}-\d{6}$/);

    const byToken = await anyone().get<Row[]>(`/open311/v2/tokens/${created.token}.json`);
    expect(byToken.body).toEqual([{ token: created.token, service_request_id: created.service_request_id }]);

    const asFiler = { authorization: `Bearer ${filer}` };
    const one = await anyone().get<Row[]>(`/open311/v2/requests/${created.service_request_id}.json`, asFiler);
    expect(one.body).toEqual([expect.objectContaining({ service_request_id: created.service_request_id, status: 'open', service_code: 'PBG-HUNIAN', lat: -6.178306, long: 106.631889, address: 'Jl. Daan Mogot No. 1, Tangerang' })]);
    const xml = (await anyone().get<string>(`/open311/v2/requests/${created.service_request_id}.xml`, asFiler)).body;
    expect(xml).toContain('&lt;padahal&gt;');
    const request = (parseXml(xml).service_requests as { request: Row }).request;
    expect(request).toMatchObject({ service_request_id: created.service_request_id, status: 'open', description: expect.stringContaining('<padahal> sudah lewat batas waktu & berkas') });
    // Never who filed it: not in JSON, not in XML, not to a read_all key either.
    const all = await anyone().get<Row[]>('/open311/v2/requests.json', { authorization: `Bearer ${reader}` });
    expect(all.body.map((r) => r.service_request_id)).toContain(created.service_request_id);
    for (const text of [JSON.stringify(one.body), xml, JSON.stringify(all.body)]) expect(text).not.toMatch(/Siti|Aminah|siti@contoh/);

    // Filed the portal's way: a web complaint whose receipt, with the access code, goes to the reporter.
    const complaint = await t.db.kysely.selectFrom('complaints').select(['id', 'channel', 'application_number']).where('tracking_number', '=', created.service_request_id).executeTakeFirstOrThrow();
    expect(complaint).toMatchObject({ channel: 'web', application_number: 'PBG-2026-0042' });
    const receipt = await t.db.kysely.selectFrom('outbox_messages').select('recipient_email').where('complaint_id', '=', complaint.id).where('kind', '=', 'receipt').executeTakeFirstOrThrow();
    expect(receipt.recipient_email).toBe('siti@contoh.id');

    // Without a key only published complaints are seen: none yet.
    expect((await anyone().get<Row[]>('/open311/v2/requests.json')).body).toEqual([]);
    const hidden = await anyone().get<Row[]>(`/open311/v2/requests/${created.service_request_id}.json`);
    expect(hidden.status).toBe(404);
  });

  it('shows a keyless reader a complaint once the office publishes it: the redacted text and a rounded place, never the filing', async () => {
    const filed = await anyone().request<Row[]>('POST', '/open311/v2/requests.json', form({
      api_key: filer,
      service_code: 'PBG-HUNIAN',
      description: 'Saya Bambang Sutrisno, PBG rumah di Jl. Kenari 7 belum terbit sudah tiga bulan.',
      lat: '-6.1783069',
      long: '106.6318891',
      address_string: 'Jl. Kenari 7, Tangerang',
      first_name: 'Bambang',
      last_name: 'Sutrisno',
      email: 'bambang@contoh.id',
    }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const [created] = filed.body as [{ service_request_id: string }];
    const tn = created.service_request_id;
    await addStaff(t, 'staf311@test.local', 'staff');
    await addStaff(t, 'kasie311@test.local', 'section_head');
    const [staff, kasie] = await Promise.all([Client.login(t, 'staf311@test.local'), Client.login(t, 'kasie311@test.local')]);
    const acknowledged = await staff.act(tn, 'acknowledge');
    expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200);
    expect((await staff.act(tn, 'draft_answer', { body: 'PBG Anda sudah terbit; unduh di portal perizinan.' })).status).toBe(200);
    const proposal = await kasie.get<{ text: { title: string; description: string; answer: string } }>(`/api/staff/complaints/${tn}/publication`);
    const approved = await kasie.act(tn, 'approve_answer', { publish: proposal.body.text });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const seen = await anyone().get<Row[]>(`/open311/v2/requests/${tn}.json`);
    expect(seen.status).toBe(200);
    expect(seen.body[0]).toMatchObject({ service_request_id: tn, description: proposal.body.text.description, lat: -6.178, long: 106.632, address: null });
    expect(JSON.stringify(seen.body)).not.toMatch(/Bambang|Sutrisno|Kenari|bambang@/);
    expect((await anyone().get<Row[]>('/open311/v2/requests.json')).body.map((r) => r.service_request_id)).toContain(tn);
    // A read_all key still sees what was filed.
    const full = await anyone().get<Row[]>(`/open311/v2/requests/${tn}.json`, { authorization: `Bearer ${reader}` });
    expect(full.body[0]).toMatchObject({ lat: -6.1783069, address: 'Jl. Kenari 7, Tangerang' });
  });

  it('answers errors as the spec’s list, in JSON and XML', async () => {
    const noKey = await anyone().request<Row[]>('POST', '/open311/v2/requests.json', form({ service_code: 'PBG-HUNIAN', description: 'x'.repeat(30) }));
    expect(noKey.status).toBe(401);
    expect(noKey.body).toEqual([{ code: 401, description: expect.any(String) }]);
    const readerFiles = await anyone().request<Row[]>('POST', '/open311/v2/requests.json', form({ api_key: reader, service_code: 'PBG-HUNIAN', description: 'x'.repeat(30) }));
    expect(readerFiles.status).toBe(403);
    const bad = await anyone().request<string>('POST', '/open311/v2/requests.xml', form({ api_key: filer, service_code: 'TIDAK-ADA', description: 'terlalu pendek' }));
    expect(bad.status).toBe(400);
    const errors = (parseXml(bad.body).errors as { error: Row | Row[] }).error;
    const list = Array.isArray(errors) ? errors : [errors];
    expect(list[0]).toMatchObject({ code: 400, description: expect.stringContaining('description') });
    const unknown = await anyone().get<Row[]>('/open311/v2/services/TIDAK-ADA.json');
    expect([unknown.status, unknown.body[0]?.code]).toEqual([404, 404]);
    expect((await anyone().get<Row[]>('/open311/v2/tokens/tidak-ada.json')).status).toBe(404);
    // A form is read only here: elsewhere it is refused, so no page can post one cross-site.
    expect((await anyone().request('POST', '/api/public/complaints', form({ subject: 'x' }))).status).toBe(415);
  });
});
