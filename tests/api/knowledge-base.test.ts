import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
type Suggestions = { token: string | null; items: { id: number; kind: string; permitTypeCode: string | null }[] };

const ARTICLE = {
  title: { id: 'Persetujuan Bangunan Gedung (hunian)' },
  summary: { id: 'PBG rumah tinggal diajukan lewat SIMBG dan terbit paling lama 28 hari kerja.' },
  requirements: { id: 'KTP pemohon, sertifikat tanah, gambar rencana bangunan.' },
  steps: { id: 'Daftar di SIMBG, unggah dokumen, konsultasi teknis, bayar retribusi.' },
  duration: { id: '28 hari kerja sejak dokumen lengkap.' },
  cost: { id: 'Retribusi PBG sesuai Perda.' },
  legalBasis: { id: 'PP 16 Tahun 2021.' },
};

describe.each(DIALECTS)('knowledge base on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let pbg: number;
  let reklame: number;
  let articleId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
    staff = await Client.login(t, 'staf@test.local');
    const ids = await t.db.kysely.selectFrom('permit_types').select(['id', 'code']).where('code', 'in', ['PBG-HUNIAN', 'REKLAME']).execute();
    pbg = ids.find((r) => r.code === 'PBG-HUNIAN')?.id as number;
    reklame = ids.find((r) => r.code === 'REKLAME')?.id as number;
  });
  afterAll(async () => t?.close());

  it('lets only admins write, refuses bad input with the field, and keeps every save as a revision it can restore', async () => {
    const kasie = await Client.login(t, 'kasie@test.local');
    expect((await kasie.post('/api/admin/knowledge', { kind: 'article', permitTypeId: pbg, content: ARTICLE })).status).toBe(403);
    expect((await staff.get('/api/admin/knowledge')).status).toBe(403);
    expect((await new Client(t.url).get('/api/admin/knowledge')).status).toBe(401);

    const tooLong = await admin.post<{ error: { fields: { path: string }[] } }>('/api/admin/knowledge', { kind: 'article', permitTypeId: pbg, content: { ...ARTICLE, requirements: { id: 'x'.repeat(4001) } } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.fields.map((f) => f.path)).toEqual(['content.requirements.id']);
    const noPermit = await admin.post<{ error: { fields: { path: string }[] } }>('/api/admin/knowledge', { kind: 'article', permitTypeId: 999999, content: ARTICLE });
    expect(noPermit.status).toBe(422);
    expect(noPermit.body.error.fields[0]?.path).toBe('permitTypeId');

    const created = await admin.post<{ id: number; version: number }>('/api/admin/knowledge', { kind: 'article', permitTypeId: pbg, content: ARTICLE });
    expect(created.status).toBe(201);
    articleId = created.body.id;
    expect((await admin.post('/api/admin/knowledge', { kind: 'article', permitTypeId: pbg, content: ARTICLE })).status).toBe(409);

    const edited = { kind: 'article', permitTypeId: pbg, published: true, content: { ...ARTICLE, cost: { id: 'Gratis untuk rumah sederhana.' } } };
    const saved = await admin.request<{ version: number; changed: string[] }>('PUT', `/api/admin/knowledge/${articleId}`, { json: { ...edited, version: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ version: 2, changed: ['published', 'content.cost.id'] });
    // Saved from an old version: refused, nothing written.
    const stale = await admin.request<Json>('PUT', `/api/admin/knowledge/${articleId}`, { json: { ...edited, content: ARTICLE, version: 1 } });
    expect(stale.status).toBe(409);

    const history = await admin.get<{ items: { version: number; savedBy: string | null; changed: string[] }[] }>(`/api/admin/knowledge/${articleId}/revisions`);
    expect(history.body.items.map((r) => [r.version, r.changed])).toEqual([
      [2, ['published', 'content.cost.id']],
      [1, ['created']],
    ]);
    expect(history.body.items[0]?.savedBy).toBeTruthy();
    const first = await admin.get<{ content: { cost: { id: string } } }>(`/api/admin/knowledge/${articleId}?revision=1`);
    expect(first.body.content.cost.id).toBe(ARTICLE.cost.id);

    const restored = await admin.post<{ version: number; changed: string[] }>(`/api/admin/knowledge/${articleId}/restore`, { revision: 1, version: 2 });
    expect(restored.body).toEqual({ version: 3, changed: ['content.cost.id'] });
    const now = await admin.get<{ published: boolean; content: { cost: { id: string } } }>(`/api/admin/knowledge/${articleId}`);
    expect(now.body.published).toBe(true);
    expect(now.body.content.cost.id).toBe(ARTICLE.cost.id);

    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('target_type', '=', 'kb_entry').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['knowledge.created', 'knowledge.changed', 'knowledge.restored']);
  });

  it('shows the public only what is published', async () => {
    await admin.post('/api/admin/knowledge', { kind: 'faq', permitTypeId: pbg, published: true, content: { question: { id: 'Berapa lama PBG rumah terbit?' }, answer: { id: 'Paling lama 28 hari kerja setelah berkas lengkap.' } } });
    await admin.post('/api/admin/knowledge', { kind: 'faq', permitTypeId: pbg, content: { question: { id: 'Draf rahasia tentang PBG' }, answer: { id: 'Belum terbit.' } } });
    await admin.post('/api/admin/knowledge', { kind: 'faq', published: true, content: { question: { id: 'Bagaimana cara melacak pengaduan?' }, answer: { id: 'Buka halaman Lacak dengan nomor dan kode akses.' } } });
    await admin.post('/api/admin/knowledge', { kind: 'article', permitTypeId: reklame, content: { ...ARTICLE, title: { id: 'Izin reklame (draf)' } } });

    const anyone = new Client(t.url);
    const index = await anyone.get<{ articles: { code: string }[]; faqs: { question: { id: string } }[] }>('/api/public/knowledge');
    expect(index.body.articles.map((a) => a.code)).toEqual(['PBG-HUNIAN']);
    expect(index.body.faqs.map((f) => f.question.id)).toEqual(['Bagaimana cara melacak pengaduan?']);
    const page = await anyone.get<{ article: { title: { id: string } }; faqs: { question: { id: string } }[] }>('/api/public/knowledge/pbg-hunian');
    expect(page.status).toBe(200);
    expect(page.body.article.title.id).toBe(ARTICLE.title.id);
    expect(page.body.faqs.map((f) => f.question.id)).toEqual(['Berapa lama PBG rumah terbit?']);
    expect((await anyone.get('/api/public/knowledge/REKLAME')).status).toBe(404);
    expect((await anyone.get('/api/public/knowledge/TIDAK-ADA')).status).toBe(404);

    const forStaff = await staff.get<{ items: { title: string; text: string; url: string }[] }>('/api/staff/knowledge');
    expect(forStaff.body.items.map((i) => i.title)).not.toContain('Draf rahasia tentang PBG');
    const article = forStaff.body.items.find((i) => i.title === ARTICLE.title.id);
    expect(article?.text).toContain('Persyaratan:\nKTP pemohon');
    expect(article?.url).toMatch(/\/informasi\/PBG-HUNIAN$/);
  });

  it('suggests by the words typed and the permit type chosen, and counts "answered" once per suggestion', async () => {
    const anyone = new Client(t.url);
    const ask = (text: string, permitTypeId: number | null) => anyone.post<Suggestions>('/api/public/knowledge/suggestions', { text, permitTypeId });

    const forPbg = await ask('Berapa lama bangunan saya harus menunggu persetujuan?', pbg);
    expect(forPbg.body.items.length).toBeGreaterThan(0);
    expect(forPbg.body.items.every((i) => i.permitTypeCode === 'PBG-HUNIAN' || i.permitTypeCode === null)).toBe(true);
    expect(forPbg.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The general question matches "lacak" whatever the permit type; the PBG ones do not under reklame.
    const forReklame = await ask('bagaimana melacak pengaduan saya', reklame);
    expect(forReklame.body.items.map((i) => i.permitTypeCode)).toEqual([null]);
    expect((await ask('persetujuan bangunan', reklame)).body.items).toEqual([]);
    const nothing = await ask('saya dan yang di', pbg);
    expect(nothing.body).toEqual({ token: null, items: [] });
    expect((await anyone.post('/api/public/knowledge/suggestions', { text: 'x'.repeat(6000) })).status).toBe(422);

    const entryId = forPbg.body.items[0]?.id as number;
    const count = async () => (await admin.get<{ items: { id: number; settledCount: number }[] }>('/api/admin/knowledge')).body.items.find((i) => i.id === entryId)?.settledCount;
    const token = forPbg.body.token as string;
    for (let i = 0; i < 3; i++) expect((await anyone.post('/api/public/knowledge/settled', { token, entryId })).body).toEqual({ ok: true });
    expect(await count()).toBe(1);
    // A token spends only on what it showed; a made-up one counts nothing.
    const other = (await ask('bagaimana melacak pengaduan saya', reklame)).body;
    await anyone.post('/api/public/knowledge/settled', { token: other.token, entryId });
    await anyone.post('/api/public/knowledge/settled', { token: 'A'.repeat(43), entryId });
    expect(await count()).toBe(1);
    expect((await anyone.post('/api/public/knowledge/settled', { token: 'short', entryId })).status).toBe(422);
    // Expired after two hours.
    const late = (await ask('persetujuan bangunan', pbg)).body.token as string;
    t.clock.advance(2 * 3_600_000 + 1000);
    await anyone.post('/api/public/knowledge/settled', { token: late, entryId });
    expect(await count()).toBe(1);
  });

  it('answers odd input to the public and admin routes with a 4xx naming the field, never a 500', async () => {
    const anyone = new Client(t.url);
    const odd: unknown[] = [null, '', 'x'.repeat(300), -1, 1.5, 2 ** 40, {}, [], true, '\u0000', { $gt: '' }];
    for (const value of odd) {
      for (const [url, body] of [
        ['/api/public/knowledge/suggestions', { text: value, permitTypeId: value }],
        ['/api/public/knowledge/settled', { token: value, entryId: value }],
      ] as const) {
        const res = await anyone.post<{ error?: { fields?: unknown[] } }>(url, body);
        expect(res.status, `${url} ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${url} ${JSON.stringify(value)}`).toBeLessThan(500);
      }
      const put = await admin.request<{ error: { fields: { path: string }[] } }>('PUT', `/api/admin/knowledge/${articleId}`, { json: { kind: 'article', permitTypeId: value, version: value, content: value } });
      expect(put.status).toBe(422);
      expect(put.body.error.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['version']));
    }
    const wrongKind = await admin.request<{ error: { fields: { path: string }[] } }>('PUT', `/api/admin/knowledge/${articleId}`, { json: { kind: 'faq', version: 3, content: { question: { id: 'Apa?' }, answer: { id: 'Ini.' } } } });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.fields[0]?.path).toBe('kind');
    expect((await anyone.get('/api/public/knowledge/%00')).status).toBeLessThan(500);
    expect((await admin.get('/api/admin/knowledge/99999')).status).toBe(404);
  });
});
