import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { RowIdParamSchema, RowIdSchema } from '../shared/ids.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { ArticleContentSchema, FaqContentSchema, isArticle, plainText, readContent, titleOf } from './content.js';
import { createEntry, restoreRevision, SaveEntrySchema, updateEntry, UpdateEntrySchema } from './entries.js';
import { findSuggestions, issueToken, settle, SUGGESTION_LIMIT, type EntryWordCache } from './suggestions.js';

/**
 * The knowledge base (*informasi perizinan*): admins write and publish; the portal shows the
 * published ones and suggests them on the complaint form; staff insert them into an answer.
 * Writing is for admins only: the texts speak for the office in public (least privilege).
 */

const HOUR = 3_600_000;
/** Suggestions asked per address and hour: typing asks about once a second at most, after a pause. */
const SUGGESTIONS_PER_HOUR = 300;
/** "Answered my question" per address and hour: more is not a person reading. */
const SETTLED_PER_HOUR = 20;

const Bi = z.object({ id: z.string(), en: z.string() });
const IdParam = z.strictObject({ id: RowIdParamSchema });
const PermitTypeOut = z.object({ id: z.number(), code: z.string(), name: z.string(), category: z.string() });
const ContentOut = z.union([ArticleContentSchema, FaqContentSchema]);
const FaqOut = z.object({ id: z.number(), question: Bi, answer: Bi });
const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token tidak valid / invalid token');

/** The portal's page of a permit type (web/src/public/Knowledge.tsx), or of the general questions when `code` is null. */
export function knowledgeUrl(ctx: AppContext, code: string | null, faqId?: number): string {
  const base = (ctx.config.publicBaseUrl ?? `http://${ctx.config.host}:${ctx.config.port}`).replace(/\/+$/, '');
  return `${base}/informasi${code ? `/${encodeURIComponent(code)}` : ''}${faqId ? `#tanya-${faqId}` : ''}`;
}

function registerAdminRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  routes.add({
    method: 'GET',
    url: '/api/admin/knowledge',
    tag: 'admin',
    summary: 'Every knowledge-base entry, drafts included, with how often a suggestion of it settled a question',
    access: ['admin'],
    response: {
      status: 200,
      schema: z.object({
        items: z.array(z.object({ id: z.number(), kind: z.enum(['article', 'faq']), permitType: PermitTypeOut.nullable(), title: z.string(), published: z.boolean(), version: z.number(), settledCount: z.number(), updatedAt: z.string() })),
      }),
    },
    handler: async () => {
      const rows = await db
        .selectFrom('kb_entries')
        .leftJoin('permit_types', 'permit_types.id', 'kb_entries.permit_type_id')
        .select(['kb_entries.id', 'kb_entries.kind', 'kb_entries.content', 'kb_entries.published', 'kb_entries.version', 'kb_entries.settled_count', 'kb_entries.updated_at', 'permit_types.id as pt_id', 'permit_types.code', 'permit_types.name', 'permit_types.category'])
        .orderBy('permit_types.code')
        .orderBy('kb_entries.kind')
        .orderBy('kb_entries.id')
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          permitType: r.pt_id !== null && r.code !== null ? { id: r.pt_id, code: r.code, name: r.name ?? '', category: r.category ?? '' } : null,
          title: titleOf(readContent(r.kind, r.content), 'id'),
          published: r.published === 1,
          version: r.version,
          settledCount: r.settled_count,
          updatedAt: r.updated_at,
        })),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/knowledge/:id',
    tag: 'admin',
    summary: 'One entry as it is now, or with `revision` its text at that revision',
    access: ['admin'],
    params: IdParam,
    query: z.strictObject({ revision: RowIdParamSchema.optional() }),
    response: { status: 200, schema: z.object({ id: z.number(), kind: z.enum(['article', 'faq']), permitTypeId: z.number().nullable(), published: z.boolean(), version: z.number(), revision: z.number(), content: ContentOut, settledCount: z.number() }) },
    handler: async ({ params, query }) => {
      const row = await db.selectFrom('kb_entries').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      let content = row.content;
      if (query.revision !== undefined) {
        const old = await db.selectFrom('kb_revisions').select('content').where('entry_id', '=', params.id).where('version', '=', query.revision).executeTakeFirst();
        if (!old) throw new AppError('not_found');
        content = old.content;
      }
      return { id: row.id, kind: row.kind, permitTypeId: row.permit_type_id, published: row.published === 1, version: row.version, revision: query.revision ?? row.version, content: readContent(row.kind, content), settledCount: row.settled_count };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/knowledge/:id/revisions',
    tag: 'admin',
    summary: 'The history of an entry, newest first: who saved which version when, and what changed',
    access: ['admin'],
    params: IdParam,
    response: {
      status: 200,
      schema: z.object({ items: z.array(z.object({ version: z.number(), savedAt: z.string(), savedBy: z.string().nullable(), changed: z.array(z.string()), published: z.boolean(), restoredFrom: z.number().nullable() })) }),
    },
    handler: async ({ params }) => {
      const entry = await db.selectFrom('kb_entries').select('id').where('id', '=', params.id).executeTakeFirst();
      if (!entry) throw new AppError('not_found');
      const rows = await db
        .selectFrom('kb_revisions')
        .leftJoin('users', 'users.id', 'kb_revisions.saved_by')
        .select(['kb_revisions.version', 'kb_revisions.saved_at', 'kb_revisions.changed', 'kb_revisions.published', 'kb_revisions.restored_from', 'users.name'])
        .where('kb_revisions.entry_id', '=', params.id)
        .orderBy('kb_revisions.version', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((r) => ({ version: r.version, savedAt: r.saved_at, savedBy: r.name ?? null, changed: JSON.parse(r.changed) as string[], published: r.published === 1, restoredFrom: r.restored_from })),
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/knowledge',
    tag: 'admin',
    summary: 'Add an article (one per permit type) or a question; saved as revision 1',
    access: ['admin'],
    body: SaveEntrySchema,
    response: { status: 201, schema: z.object({ id: z.number(), version: z.number() }) },
    handler: async ({ body, principal, request }) => createEntry(ctx, body, principal, request.ip),
  });

  routes.add({
    method: 'PUT',
    url: '/api/admin/knowledge/:id',
    tag: 'admin',
    summary: 'Save an entry: a new revision when anything changed; `version` is the one the editor started from (409 if another save came first)',
    access: ['admin'],
    params: IdParam,
    body: UpdateEntrySchema,
    response: { status: 200, schema: z.object({ version: z.number(), changed: z.array(z.string()) }) },
    handler: async ({ params, body, principal, request }) => {
      const { version, ...input } = body;
      return updateEntry(ctx, params.id, version, input, principal, request.ip);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/knowledge/:id/restore',
    tag: 'admin',
    summary: 'Bring back the text of an older revision as a new one (published or not stays as it is)',
    access: ['admin'],
    params: IdParam,
    body: z.strictObject({ revision: RowIdSchema, version: RowIdSchema }),
    response: { status: 200, schema: z.object({ version: z.number(), changed: z.array(z.string()) }) },
    handler: async ({ params, body, principal, request }) => restoreRevision(ctx, params.id, body.version, body.revision, principal, request.ip),
  });
}

function registerPublicRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const published = () =>
    db
      .selectFrom('kb_entries')
      .select(['id', 'kind', 'content', 'permit_type_id', 'updated_at'])
      .where('published', '=', 1);
  const faqsOf = (rows: { id: number; kind: 'article' | 'faq'; content: string }[]) =>
    rows.flatMap((r) => {
      const c = readContent(r.kind, r.content);
      return isArticle(c) ? [] : [{ id: r.id, question: c.question, answer: c.answer }];
    });
  // The same for everyone and changed only by an admin: a minute in a cache saves a slow phone the trip.
  const cacheable = { 'cache-control': 'public, max-age=60' };

  routes.add({
    method: 'GET',
    url: '/api/public/knowledge',
    tag: 'public',
    summary: 'The published knowledge base: the permit types with an article, and the general questions',
    access: 'public',
    response: { status: 200, schema: z.object({ articles: z.array(z.object({ code: z.string(), name: z.string(), category: z.string(), title: Bi, summary: Bi })), faqs: z.array(FaqOut) }) },
    handler: async ({ reply }) => {
      const [articles, general] = await Promise.all([
        db
          .selectFrom('kb_entries')
          .innerJoin('permit_types', 'permit_types.id', 'kb_entries.permit_type_id')
          .select(['kb_entries.kind', 'kb_entries.content', 'permit_types.code', 'permit_types.name', 'permit_types.category'])
          .where('kb_entries.published', '=', 1)
          .where('kb_entries.kind', '=', 'article')
          .orderBy('permit_types.category')
          .orderBy('permit_types.name')
          .execute(),
        published().where('kind', '=', 'faq').where('permit_type_id', 'is', null).orderBy('id').execute(),
      ]);
      reply.headers(cacheable);
      return {
        articles: articles.flatMap((a) => {
          const c = readContent(a.kind, a.content);
          return isArticle(c) ? [{ code: a.code, name: a.name, category: a.category, title: c.title, summary: c.summary }] : [];
        }),
        faqs: faqsOf(general),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/public/knowledge/:code',
    tag: 'public',
    summary: "A permit type's published article and questions (404 when it has neither)",
    access: 'public',
    params: z.strictObject({ code: z.string().trim().min(1).max(40) }),
    response: { status: 200, schema: z.object({ permitType: PermitTypeOut.omit({ id: true }), article: ArticleContentSchema.extend({ id: z.number(), updatedAt: z.string() }).nullable(), faqs: z.array(FaqOut) }) },
    handler: async ({ params, reply }) => {
      const permit = await db.selectFrom('permit_types').select(['id', 'code', 'name', 'category']).where('code', '=', params.code.toUpperCase()).executeTakeFirst();
      if (!permit) throw new AppError('not_found');
      const rows = await published().where('permit_type_id', '=', permit.id).orderBy('id').execute();
      const articleRow = rows.find((r) => r.kind === 'article');
      const content = articleRow ? readContent('article', articleRow.content) : null;
      const faqs = faqsOf(rows);
      if (!articleRow && faqs.length === 0) throw new AppError('not_found');
      reply.headers(cacheable);
      return {
        permitType: { code: permit.code, name: permit.name, category: permit.category },
        article: content && articleRow && isArticle(content) ? { ...content, id: articleRow.id, updatedAt: articleRow.updated_at } : null,
        faqs,
      };
    },
  });

  const suggestionLimit = new RateLimiter(SUGGESTIONS_PER_HOUR, HOUR, ctx.now);
  const entryWords: EntryWordCache = new Map();
  routes.add({
    method: 'POST',
    url: '/api/public/knowledge/suggestions',
    tag: 'public',
    summary: `While a complaint is typed: up to ${SUGGESTION_LIMIT} published articles or questions holding its words (the chosen permit type's and general ones), with a token for "this answered my question"`,
    access: 'public',
    body: z.strictObject({
      permitTypeId: RowIdSchema.nullable().default(null),
      text: z.string().max(5400).describe('The subject and description as typed'),
    }),
    response: {
      status: 200,
      schema: z.object({
        token: z.string().nullable().describe('Null when nothing matched'),
        items: z.array(z.object({ id: z.number(), kind: z.enum(['article', 'faq']), permitTypeCode: z.string().nullable(), title: Bi, snippet: Bi })),
      }),
    },
    handler: async ({ body, request }) => {
      suggestionLimit.hit(request.ip);
      const items = await findSuggestions(ctx, entryWords, body.text, body.permitTypeId);
      return { token: items.length ? await issueToken(ctx, items.map((i) => i.id)) : null, items };
    },
  });

  const settledLimit = new RateLimiter(SETTLED_PER_HOUR, HOUR, ctx.now);
  routes.add({
    method: 'POST',
    url: '/api/public/knowledge/settled',
    tag: 'public',
    summary: '"This answered my question / tidak jadi mengadu": counts once per suggestion token, for an entry that suggestion showed; the answer is the same whether it counted',
    access: 'public',
    body: z.strictObject({ token: Token, entryId: RowIdSchema }),
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ body, request }) => {
      settledLimit.hit(request.ip);
      await settle(ctx, body.token, body.entryId);
      return { ok: true as const };
    },
  });
}

function registerStaffRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/knowledge',
    tag: 'staff',
    summary: 'Published articles and questions to insert into an answer: the whole text, or its summary and public link',
    access: ANY_STAFF,
    query: z.strictObject({ language: z.enum(['id', 'en']).default('id') }),
    response: {
      status: 200,
      schema: z.object({ items: z.array(z.object({ id: z.number(), kind: z.enum(['article', 'faq']), permitTypeId: z.number().nullable(), permitTypeName: z.string().nullable(), title: z.string(), text: z.string(), summary: z.string(), url: z.string() })) }),
    },
    handler: async ({ query }) => {
      const rows = await ctx.db.kysely
        .selectFrom('kb_entries')
        .leftJoin('permit_types', 'permit_types.id', 'kb_entries.permit_type_id')
        .select(['kb_entries.id', 'kb_entries.kind', 'kb_entries.content', 'kb_entries.permit_type_id', 'permit_types.code', 'permit_types.name'])
        .where('kb_entries.published', '=', 1)
        .orderBy('permit_types.code')
        .orderBy('kb_entries.kind')
        .orderBy('kb_entries.id')
        .limit(1000)
        .execute();
      const lang = query.language;
      return {
        items: rows.map((r) => {
          const content = readContent(r.kind, r.content);
          const summary = isArticle(content) ? (lang === 'en' && content.summary.en) || content.summary.id || titleOf(content, lang) : titleOf(content, lang);
          return {
            id: r.id,
            kind: r.kind,
            permitTypeId: r.permit_type_id,
            permitTypeName: r.name ?? null,
            title: titleOf(content, lang),
            text: plainText(content, lang),
            summary,
            url: knowledgeUrl(ctx, r.code, r.kind === 'faq' ? r.id : undefined),
          };
        }),
      };
    },
  });
}

export function registerKnowledgeRoutes(routes: RouteRegistry, ctx: AppContext): void {
  registerAdminRoutes(routes, ctx);
  registerPublicRoutes(routes, ctx);
  registerStaffRoutes(routes, ctx);
}
