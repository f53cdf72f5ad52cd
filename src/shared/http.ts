import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../workflow/state-machine.js';
import { AppError, parseOrThrow, requestLanguage, type Language } from './errors.js';

/** What an API key may do besides acting as a staff role (decision 0027). */
export const API_KEY_SCOPES = ['read_published', 'read_all', 'file_complaints'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** A key with `act_as_role:<role>` calls the staff routes as that role (never as admin). */
export type ActAsRoleScope = `act_as_role:${Exclude<StaffRole, 'admin'>}`;
export type ApiScope = ApiKeyScope | ActAsRoleScope;

/** Routes only another system calls: an API key holding one of these scopes. */
export interface ApiKeyAccess {
  apiKey: readonly ApiKeyScope[];
}

/**
 * Who may call a route, declared with the route and checked before anything in the request is read:
 * `public` (anyone), `reporter` (anyone holding the complaint's access code, checked by the handler),
 * the staff roles that may (a session of another role, or a key acting as another role, gets 403
 * before its body is validated), or `{ apiKey: [...] }`: a key with one of the scopes.
 */
export type Access = 'public' | 'reporter' | readonly StaffRole[] | ApiKeyAccess;

export const isApiKeyAccess = (access: Access): access is ApiKeyAccess => typeof access === 'object' && 'apiKey' in access;

/** Every staff role: routes any logged-in member of the office may call. */
export const ANY_STAFF: readonly StaffRole[] = STAFF_ROLES;

/** The logged-in staff member behind a request, as the accounts module resolves it. */
export interface StaffPrincipal {
  userId: number;
  name: string;
  email: string;
  role: StaffRole;
  divisionId: number | null;
  sessionId: string;
  csrfToken: string;
  /** Set when an API key acts as this person's role: such a caller is never the intake desk. */
  apiKeyId?: number;
}

/** The API key behind a request (decision 0027). */
export interface ApiKeyPrincipal {
  id: number;
  name: string;
  scopes: readonly ApiScope[];
  /** Who an `act_as_role` key acts as; null for the other keys. */
  staff: StaffPrincipal | null;
}

/**
 * Finds the API key a request carries (Authorization: Bearer adn_…, or the `api_key` form field of a
 * route that takes it), counts it against its rate limit and notes its use; null when it carries none.
 * Throws 401 (`api_key_invalid`) for an unknown, revoked or expired key and 429 over the limit.
 */
export interface ApiKeyGate {
  resolve(request: FastifyRequest, route: string, keyInBody: boolean): Promise<ApiKeyPrincipal | null>;
}

/** Resolves the principal of a staff route or throws 401/403 (CSRF on writes). */
export type Authenticate = (request: FastifyRequest, reply: FastifyReply, write: boolean) => Promise<StaffPrincipal>;

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, A extends Access> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path syntax, e.g. `/api/staff/complaints/:trackingNumber`. */
  url: string;
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Documents a multipart body; the handler reads it itself. */
  multipart?: boolean;
  /** Request headers the route reads, for the documentation. */
  headers?: Record<string, string>;
  /**
   * The handler reads a JSON body's exact bytes (`request.body` is a Buffer, within the body limit)
   * and parses it itself with `parseJsonText`: for a sender that signs those bytes (WhatsApp).
   */
  rawBody?: true;
  /** The key may also come as the body's `api_key` field (Open311 clients send it so). */
  keyInBody?: boolean;
  response: { status: number; schema: z.ZodType; description?: string };
  handler: (ctx: {
    request: FastifyRequest;
    reply: FastifyReply;
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    language: Language;
    principal: A extends readonly StaffRole[] ? StaffPrincipal : A extends ApiKeyAccess ? ApiKeyPrincipal : undefined;
    /** The key the request carried, on any route (a public route may show a key more). */
    apiKey: ApiKeyPrincipal | null;
  }) => Promise<unknown>;
}

interface RegisteredRoute {
  method: string;
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodType;
  multipart?: boolean;
  headers?: Record<string, string>;
  response: { status: number; schema: z.ZodType; description?: string };
}

/** Every route registers here: one declaration gives validation, types and the OpenAPI document. */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];
  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticate: Authenticate,
    private readonly apiKeys?: ApiKeyGate,
  ) {}

  add<P extends AnyObject = z.ZodObject<Record<string, never>>, Q extends AnyObject = z.ZodObject<Record<string, never>>, B extends z.ZodType = z.ZodUndefined, A extends Access = Access>(
    spec: RouteSpec<P, Q, B, A>,
  ): void {
    this.routes.push(spec as unknown as RegisteredRoute);
    const write = spec.method !== 'GET';
    this.app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.rawBody ? { config: { rawBody: true } } : {}),
      handler: async (request, reply) => {
        const language = requestLanguage(request);
        const apiKey = (await this.apiKeys?.resolve(request, `${spec.method} ${spec.url}`, spec.keyInBody === true)) ?? null;
        const principal = await this.principalOf(spec.access, apiKey, request, reply, write);
        const params = spec.params ? parseOrThrow(spec.params, request.params, language) : {};
        const query = spec.query ? parseOrThrow(spec.query, request.query ?? {}, language) : {};
        const body = spec.body && !spec.multipart && !spec.rawBody ? parseOrThrow(spec.body, request.body ?? {}, language) : undefined;
        const result = await spec.handler({
          request,
          reply,
          params: params as z.output<P>,
          query: query as z.output<Q>,
          body: body as z.output<B>,
          language,
          principal: principal as A extends readonly StaffRole[] ? StaffPrincipal : A extends ApiKeyAccess ? ApiKeyPrincipal : undefined,
          apiKey,
        });
        if (reply.sent) return reply;
        reply.status(spec.response.status);
        return result ?? null;
      },
    });
  }

  /**
   * The caller a route's access admits, or 401/403. A key stands in for a session: acting as a role
   * it meets the staff routes' role check like a session of that role (no CSRF: a bearer key is not
   * sent by a browser on its own); any other key is refused there with 403.
   */
  private async principalOf(access: Access, apiKey: ApiKeyPrincipal | null, request: FastifyRequest, reply: FastifyReply, write: boolean): Promise<StaffPrincipal | ApiKeyPrincipal | undefined> {
    if (access === 'public' || access === 'reporter') return undefined;
    if (isApiKeyAccess(access)) {
      if (!apiKey) throw new AppError('unauthenticated');
      if (!access.apiKey.some((scope) => apiKey.scopes.includes(scope))) throw new AppError('forbidden');
      return apiKey;
    }
    const staff = apiKey ? apiKey.staff : await this.authenticate(request, reply, write);
    if (!staff || !access.includes(staff.role)) throw new AppError('forbidden');
    return staff;
  }
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** OpenAPI 3.1 from the registered routes' Zod schemas. */
export function openApiDocument(registry: RouteRegistry, info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
      if (!schema) continue;
      for (const [name, field] of Object.entries(schema.shape)) {
        const fieldSchema = field as z.ZodType;
        parameters.push({ name, in: where, required: where === 'path' || !fieldSchema.safeParse(undefined).success, schema: toJsonSchema(fieldSchema, 'input') });
      }
    }
    for (const [name, description] of Object.entries(route.headers ?? {})) {
      parameters.push({ name, in: 'header', required: true, description, schema: { type: 'string' } });
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses: {
        [route.response.status]: {
          description: route.response.description ?? 'OK',
          content: { 'application/json': { schema: toJsonSchema(route.response.schema, 'output') } },
        },
        default: { description: 'Error: { error: { code, message, fields? } }' },
      },
      ...(typeof route.access === 'string'
        ? {}
        : isApiKeyAccess(route.access)
          ? { security: [{ apiKey: [] }], 'x-api-key-scopes': route.access.apiKey }
          : { security: [{ session: [] }, { apiKey: [] }], 'x-roles': route.access }),
    };
    if (route.body) {
      const schema = toJsonSchema(route.body, 'input');
      operation.requestBody = {
        required: true,
        content: route.multipart
          ? { 'multipart/form-data': { schema: { type: 'object', properties: { complaint: { ...schema, description: 'JSON text' }, attachments: { type: 'array', items: { type: 'string', format: 'binary' } } } } }, 'application/json': { schema } }
          : { 'application/json': { schema } },
      };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'aduan_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key `adn_…` (decision 0027); on staff routes only a key with act_as_role:<role>' },
      },
    },
  };
}
