import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofHolds } from '../../src/publications/me-too.js';
import { DIALECTS } from '../support/databases.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

const REPORTER = { name: 'Sulastri Wibowo', email: 'sulastri.w@contoh.id', phone: '081355512345', address: 'Jl. Cempaka Wangi No. 9' };
const SUBSTANCE = {
  subject: 'Sertifikat laik fungsi tertahan',
  description: 'Saya Sulastri Wibowo (HP 081355512345) sudah melengkapi berkas SLF untuk gudang di Jl. Cempaka Wangi No. 9 tetapi belum ada keputusan.',
};

/** A nonce whose hash with the token starts with the required zero bits, as the page's script finds it. */
function solve(token: string, bits: number): string {
  for (let n = 0; ; n++) if (proofHolds(token, String(n), bits)) return String(n);
}

describe.each(DIALECTS)('published complaints and answers on %s', (dialect) => {
  let t: TestApp;
  let staff: Client;
  let kasie: Client;
  const stranger = () => new Client(t.url);

  async function fileAndDraft(input: Json): Promise<string> {
    const filed = await stranger().post<{ trackingNumber: string }>('/api/public/complaints', { ...VALID_COMPLAINT, ...input });
    expect(filed.status).toBe(201);
    const tn = filed.body.trackingNumber;
    expect((await staff.act(tn, 'acknowledge')).status).toBe(200);
    expect((await staff.act(tn, 'draft_answer', { body: 'SLF gudang Anda sudah diterbitkan pada 26 November 2026; unduh di portal perizinan.' })).status).toBe(200);
    return tn;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_ME_TOO_PER_HOUR: '5', PUBLIC_BASE_URL: 'https://aduan.example.go.id' } });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    [staff, kasie] = await Promise.all([Client.login(t, 'staf@test.local'), Client.login(t, 'kasie@test.local')]);
  });
  afterAll(async () => t?.close());

  let tn = '';

  it('proposes a redacted text, refuses one still naming the reporter, and publishes the edited text with the approval; a stranger finds the answer', async () => {
    tn = await fileAndDraft({ ...SUBSTANCE, anonymous: true, reporter: REPORTER });
    const proposal = await kasie.get<{ publishable: boolean; text: { title: string; description: string; answer: string } }>(`/api/staff/complaints/${tn}/publication`);
    expect(proposal.status).toBe(200);
    expect(proposal.body.publishable).toBe(true);
    for (const secret of ['Sulastri', 'Wibowo', '081355512345', 'Cempaka']) expect(JSON.stringify(proposal.body.text)).not.toContain(secret);
    expect(proposal.body.text.description).toContain('[disamarkan]');

    const leaky = await kasie.act<{ error: { fields: { path: string }[] } }>(tn, 'approve_answer', { publish: { ...proposal.body.text, description: 'Bu Sulastri menunggu SLF gudangnya terlalu lama.' } });
    expect(leaky.status).toBe(422);
    expect(leaky.body.error.fields[0]?.path).toBe('publish.description');
    expect((await kasie.get<{ state: string }>(`/api/staff/complaints/${tn}`)).body.state).toBe('answer_drafted');

    const edited = { ...proposal.body.text, title: 'SLF gudang tertahan setelah berkas lengkap' };
    expect((await kasie.act(tn, 'approve_answer', { publish: edited })).status).toBe(200);

    const found = await stranger().get<{ items: { trackingNumber: string; answer: string; title: string; status: { id: string } }[]; total: number }>('/api/public/publications?q=slf%20gudang');
    expect(found.status).toBe(200);
    expect(found.body.items.map((i) => i.trackingNumber)).toEqual([tn]);
    expect(found.body.items[0]).toMatchObject({ title: edited.title, answer: edited.answer, status: { id: 'Sudah dijawab' } });
    // The public text is searched, never the complaint's own: the reporter's name finds nothing.
    expect((await stranger().get<{ total: number }>('/api/public/publications?q=Sulastri')).body.total).toBe(0);

    const one = await stranger().get(`/api/public/publications/${tn}`);
    expect(one.status).toBe(200);
    const events = await t.db.kysely.selectFrom('complaint_events').select('type').where('type', 'like', 'publication_%').execute();
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'publication.%').execute();
    expect(events.map((e) => e.type)).toEqual(['publication_published']);
    expect(audit).toEqual([{ action: 'publication.published', target_id: tn }]);
    // No trace of the anonymous reporter in anything public.
    const outputs = [JSON.stringify(found.body), JSON.stringify(one.body), await (await fetch(`${t.url}/publik/${tn}`)).text(), await (await fetch(`${t.url}/publik?q=gudang`)).text()];
    for (const secret of [REPORTER.name, 'Sulastri', REPORTER.email, REPORTER.phone, 'Cempaka', 'anonim', 'Anonim']) expect(outputs.join('\n')).not.toContain(secret);
  });

  it('serves the page as small HTML with title, description and canonical link, and lists it in the sitemap', async () => {
    const res = await fetch(`${t.url}/publik/${tn}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toMatch(/<title>SLF gudang tertahan setelah berkas lengkap – ADU-/);
    expect(page).toMatch(/<meta name="description" content="SLF gudang tertahan[^"]+">/);
    expect(page).toContain(`<link rel="canonical" href="https://aduan.example.go.id/publik/${tn}">`);
    expect(page).toContain('SLF gudang Anda sudah diterbitkan');
    const sitemap = await (await fetch(`${t.url}/sitemap.xml`)).text();
    expect(sitemap).toContain(`<loc>https://aduan.example.go.id/publik/${tn}</loc>`);
    expect((await fetch(`${t.url}/publik/ADU-2026-999999`)).status).toBe(404);
  });

  it('never publishes a confidential complaint: not offered, refused 422 on approval and later', async () => {
    const conf = await fileAndDraft({ ...SUBSTANCE, subject: 'Retribusi rahasia', confidential: true });
    const offered = await kasie.get<{ publishable: boolean; text: unknown; reason: { en: string } }>(`/api/staff/complaints/${conf}/publication`);
    expect(offered.body).toMatchObject({ publishable: false, text: null });
    expect(offered.body.reason.en).toContain('confidential');
    const text = { title: 'Retribusi', description: 'Sebuah pengaduan tentang retribusi.', answer: 'Retribusi sudah dihitung ulang.' };
    const refused = await kasie.act<{ error: { fields: { path: string }[] } }>(conf, 'approve_answer', { publish: text });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0]?.path).toBe('publish');
    expect((await kasie.act(conf, 'approve_answer')).status).toBe(200);
    expect((await kasie.request('PUT', `/api/staff/complaints/${conf}/publication`, { json: text })).status).toBe(422);
    expect((await stranger().get(`/api/public/publications/${conf}`)).status).toBe(404);
  });

  it('counts "me too" once per browser and per address a day, refuses a bad token or proof, and limits tries per address', async () => {
    const browser = new Client(t.url);
    const challenge = await browser.get<{ token: string; bits: number }>(`/api/public/publications/${tn}/me-too`);
    expect(challenge.status).toBe(200);
    const url = `/api/public/publications/${tn}/me-too`;
    let wrongNonce = 0;
    while (proofHolds(challenge.body.token, String(wrongNonce))) wrongNonce++;
    const wrongProof = await browser.post<{ error: { fields: { path: string }[] } }>(url, { token: challenge.body.token, nonce: String(wrongNonce) });
    expect(wrongProof.status).toBe(422);
    expect(wrongProof.body.error.fields[0]?.path).toBe('nonce');
    const forged = await browser.post<{ error: { fields: { path: string }[] } }>(url, { token: challenge.body.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), nonce: '1' });
    expect(forged.status).toBe(422);
    expect(forged.body.error.fields[0]?.path).toBe('token');
    // A signature of the right length in characters but not in bytes is a wrong token, not a crash.
    expect((await browser.post(url, { token: `${tn}.1.abc.${'é'.repeat(32)}`, nonce: '1' })).status).toBe(422);
    const first = await browser.post<{ counted: boolean; meToo: number }>(url, { token: challenge.body.token, nonce: solve(challenge.body.token, challenge.body.bits) });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ counted: true, meToo: 1 });
    // Another browser from the same address the same day does not count again.
    const other = new Client(t.url);
    const c2 = await other.get<{ token: string; bits: number }>(url);
    const again = await other.post<{ counted: boolean; meToo: number }>(url, { token: c2.body.token, nonce: solve(c2.body.token, c2.body.bits) });
    expect(again.body).toEqual({ counted: false, meToo: 1 });
    // The staff see the count.
    expect((await kasie.get<{ meToo: number }>(`/api/staff/complaints/${tn}/publication`)).body.meToo).toBe(1);
    // Five tries an hour from one address: the sixth is refused.
    const sixth = await other.post(url, { token: c2.body.token, nonce: solve(c2.body.token, c2.body.bits) });
    expect(sixth.status).toBe(429);
  });

  it('shows only published, non-confidential complaints with a place on the map, rounded', async () => {
    const ids = await t.db.kysely.selectFrom('complaints').select(['id', 'tracking_number']).execute();
    for (const c of ids) await t.db.kysely.updateTable('complaints').set({ location_lat: -6.1781234, location_lng: 106.6312345 }).where('id', '=', c.id).execute();
    const map = await stranger().get<{ features: { geometry: { coordinates: number[] }; properties: { trackingNumber: string } }[] }>('/api/public/publications/map');
    expect(map.status).toBe(200);
    expect(map.body.features.map((f) => f.properties.trackingNumber)).toEqual([tn]);
    expect(map.body.features[0]?.geometry.coordinates).toEqual([106.631, -6.178]);
    const page = await (await fetch(`${t.url}/publik/peta`)).text();
    expect(page).toContain(`href="/publik/${tn}"`);
    expect(page).not.toContain('leaflet.js');
  });

  it('answers bad input with 400/422 naming the field, never 500', async () => {
    const tooLong = await stranger().get<{ error: { fields: { path: string }[] } }>(`/api/public/publications?q=${'a'.repeat(201)}`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.fields[0]?.path).toBe('q');
    expect((await stranger().get('/api/public/publications?page=51')).status).toBe(422);
    expect((await stranger().get('/publik?page=abc')).status).toBe(422);
    expect((await stranger().get('/api/public/publications?q=%22%29%20OR%20*%3A')).status).toBe(200);
    expect((await stranger().post(`/api/public/publications/${tn}/me-too`, { token: 'x'.repeat(301), nonce: '1' })).status).toBe(422);
    expect((await kasie.request('PUT', `/api/staff/complaints/${tn}/publication`, { json: { title: 'x' } })).status).toBe(422);
  });

  it('unpublishes: gone from the page, search, sitemap and map, audited with its own event; staff (not approvers) may not', async () => {
    expect((await staff.request('DELETE', `/api/staff/complaints/${tn}/publication`)).status).toBe(403);
    const res = await kasie.request<{ published: boolean; withdrawnAt: string | null }>('DELETE', `/api/staff/complaints/${tn}/publication`);
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(false);
    expect((await fetch(`${t.url}/publik/${tn}`)).status).toBe(404);
    expect((await stranger().get<{ total: number }>('/api/public/publications?q=gudang')).body.total).toBe(0);
    expect(await (await fetch(`${t.url}/sitemap.xml`)).text()).not.toContain(tn);
    expect((await stranger().get<{ features: unknown[] }>('/api/public/publications/map')).body.features).toEqual([]);
    expect((await kasie.request('DELETE', `/api/staff/complaints/${tn}/publication`)).status).toBe(404);
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'publication.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['publication.published', 'publication.withdrawn']);
    const events = await t.db.kysely.selectFrom('complaint_events').select('type').where('type', 'like', 'publication_%').orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['publication_published', 'publication_withdrawn']);
  });
});
