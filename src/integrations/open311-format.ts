/**
 * Open311 GeoReport v2's two renderings: JSON as is, XML in the spec's shapes (a root element, one
 * element per item, lists of attributes and values nested), everything escaped. Errors leave every
 * /open311/ route as the spec's list of `{ code, description }`, whatever raised them.
 */
import type { FastifyInstance } from 'fastify';

export type Open311Format = 'json' | 'xml';
type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };
/** What an Open311 answer holds: a list of rows, or one object. */
export type Open311Body = Record<string, Value>[] | Record<string, Value>;

// XML 1.0 cannot hold these control characters at all, even escaped: they are dropped.
// eslint-disable-next-line no-control-regex
const XML_CHAR = /[&<>"']|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an XML element: markup escaped, characters XML cannot hold dropped. */
export const escapeXml = (text: string): string => text.replace(XML_CHAR, (c) => ENTITIES[c] ?? '');

/** The element name each list's items take (`attributes` → `attribute`). */
const ITEM_NAMES: Record<string, string> = { attributes: 'attribute', values: 'value' };

function element(name: string, value: Value): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(ITEM_NAMES[name] ?? 'item', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A list as `<root><item>…</item>…</root>`, or one object as `<root>…</root>` (a service definition). */
export function toXml(root: string, item: string | null, body: Open311Body): string {
  const inner = Array.isArray(body) ? body.map((row) => element(item ?? 'item', row)).join('') : Object.entries(body).map(([k, v]) => element(k, v)).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>`;
}

export const formatOfUrl = (url: string): Open311Format => (/\.xml(?:\?|$)/i.test(url) ? 'xml' : 'json');

/** Answers with JSON or the XML of the same rows. */
export function render(format: Open311Format, root: string, item: string | null, body: Open311Body): { type: string; payload: string } {
  return format === 'xml'
    ? { type: 'application/xml; charset=utf-8', payload: toXml(root, item, body) }
    : { type: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}

interface AppErrorBody {
  error?: { code?: string; message?: string; fields?: { path: string; message: string }[] };
}

/**
 * Rewrites the app's error answers on /open311/ into the spec's error list. A refused field is the
 * spec's 400 (the rest of the API says 422); 401/403/404/429 keep their codes.
 */
export function installOpen311Errors(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/open311/') || reply.statusCode < 400 || typeof payload !== 'string') return payload;
    let parsed: AppErrorBody;
    try {
      parsed = JSON.parse(payload) as AppErrorBody;
    } catch {
      return payload;
    }
    if (!parsed.error) return payload;
    const status = reply.statusCode === 422 ? 400 : reply.statusCode;
    reply.status(status);
    const fields = (parsed.error.fields ?? []).map((f) => `${f.path}: ${f.message}`);
    const description = [parsed.error.message ?? parsed.error.code ?? 'error', ...fields].join(' ');
    const { type, payload: body } = render(formatOfUrl(request.url), 'errors', 'error', [{ code: status, description }]);
    reply.type(type);
    return body;
  });
}
