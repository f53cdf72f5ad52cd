import type { FastifyInstance } from 'fastify';
import { AppError, shortPath, type FieldError } from './errors.js';

/**
 * How much structure a JSON body may have. Every legitimate body is far inside these (the largest,
 * the holiday import, is 1,000 items of four fields); a hostile one is refused here, after a walk
 * that costs one pass over the parsed value, before any validation or handler sees it.
 */
export const JSON_LIMITS = { depth: 32, keysPerObject: 200, itemsPerArray: 1000, values: 20_000 } as const;

const tooComplex = (path: (string | number)[], id: string, en: string) => new AppError('payload_too_large', [{ path: shortPath(path), message: { id, en } }]);

/**
 * Refuses a parsed JSON value that is too deep or too wide (413), or that carries a prototype-
 * poisoning key (400, as Fastify's own parser does). Iterative: no depth can overflow the stack.
 */
export function checkJsonShape(root: unknown, limits = JSON_LIMITS): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  let values = 1;
  const count = (n: number) => {
    values += n;
    if (values > limits.values) throw tooComplex([], `Terlalu banyak nilai (paling banyak ${limits.values}).`, `Too many values (at most ${limits.values}).`);
  };
  while (stack.length) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limits.depth) {
      throw tooComplex(path, `Bersarang terlalu dalam (paling banyak ${limits.depth} tingkat).`, `Nested too deep (at most ${limits.depth} levels).`);
    }
    if (Array.isArray(value)) {
      if (value.length > limits.itemsPerArray) {
        throw tooComplex(path, `Terlalu banyak butir (paling banyak ${limits.itemsPerArray}).`, `Too many items (at most ${limits.itemsPerArray}).`);
      }
      count(value.length);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.keysPerObject) {
      throw tooComplex(path, `Terlalu banyak kolom (paling banyak ${limits.keysPerObject}).`, `Too many fields (at most ${limits.keysPerObject}).`);
    }
    count(keys.length);
    const record = value as Record<string, unknown>;
    for (const key of keys) {
      const child = record[key];
      if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)) {
        throw new AppError('bad_request', [{ path: shortPath([...path, key]), message: { id: 'Nama kolom tidak diizinkan.', en: 'Field name not allowed.' } }]);
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
}

/**
 * The same limits read off the text before it is parsed: one pass over the characters, no objects
 * made. JSON.parse of a megabyte nested 500,000 deep or holding 60,000 keys costs hundreds of
 * milliseconds of the event loop; this costs a few. Counts separators, so it may over-count
 * (duplicate keys), never under-count; text it lets through is parsed and walked exactly.
 */
function scanJsonText(text: string, limits = JSON_LIMITS): void {
  const kinds: number[] = [0];
  const counts: number[] = [0];
  const keyAt: number[] = [-1];
  const expectKey: boolean[] = [false];
  let values = 1;
  const where = (depth: number): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let d = 1; d < depth; d++) {
      if (kinds[d] === 0x5b) path.push(counts[d] ?? 0);
      else {
        const start = keyAt[d] ?? -1;
        const end = start < 0 ? -1 : text.indexOf('"', start + 1);
        path.push(start < 0 || end < 0 ? '?' : text.slice(start + 1, end));
      }
    }
    return path;
  };
  for (let i = 0, depth = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: note where a key starts, then skip to its closing quote.
      if (expectKey[depth]) {
        keyAt[depth] = i;
        expectKey[depth] = false;
      }
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (depth >= limits.depth) throw tooComplex(where(depth + 1), `Bersarang terlalu dalam (paling banyak ${limits.depth} tingkat).`, `Nested too deep (at most ${limits.depth} levels).`);
      depth++;
      kinds[depth] = c;
      counts[depth] = 0;
      keyAt[depth] = -1;
      expectKey[depth] = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    } else if (c === 0x2c && depth > 0) {
      const n = (counts[depth] ?? 0) + 1;
      counts[depth] = n;
      if (kinds[depth] === 0x7b) {
        expectKey[depth] = true;
        if (n >= limits.keysPerObject) throw tooComplex(where(depth + 1).slice(0, -1), `Terlalu banyak kolom (paling banyak ${limits.keysPerObject}).`, `Too many fields (at most ${limits.keysPerObject}).`);
      } else if (n >= limits.itemsPerArray) {
        throw tooComplex(where(depth + 1).slice(0, -1), `Terlalu banyak butir (paling banyak ${limits.itemsPerArray}).`, `Too many items (at most ${limits.itemsPerArray}).`);
      }
      if (++values > limits.values) throw tooComplex([], `Terlalu banyak nilai (paling banyak ${limits.values}).`, `Too many values (at most ${limits.values}).`);
    }
  }
}

const notJson: FieldError['message'] = { id: 'Bukan JSON yang valid.', en: 'Not valid JSON.' };

/**
 * JSON text → value, with the shape limits (on the text first, then exactly on the value). A leading
 * byte-order mark is ignored (RFC 8259 §8.1); unreadable text is a 400 naming `field` when it came from
 * a multipart part.
 */
export function parseJsonText(text: string, field?: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  scanJsonText(body);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AppError('bad_request', field ? [{ path: field, message: notJson }] : undefined);
  }
  checkJsonShape(value);
  return value;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by the route registry for a route declared with `rawBody` (src/shared/http.ts). */
    rawBody?: boolean;
  }
}

/**
 * `application/json` bodies go through `parseJsonText`; a charset other than UTF-8 is refused (415).
 * A route declared with `rawBody` gets the bytes as they came (a signature covers them), still within
 * the body limit, and parses them itself once the signature holds.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.config.rawBody === true) return done(null, body);
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return done(new AppError('unsupported_media_type'), undefined);
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new AppError('bad_request'), undefined);
    try {
      done(null, parseJsonText(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
