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
      throw tooComplex(path, `Terlalu banyak kolom (${keys.length}; paling banyak ${limits.keysPerObject}).`, `Too many fields (${keys.length}; at most ${limits.keysPerObject}).`);
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

const notJson: FieldError['message'] = { id: 'Bukan JSON yang valid.', en: 'Not valid JSON.' };

/**
 * JSON text → value, with the shape limits. A leading byte-order mark is ignored (RFC 8259 §8.1);
 * unreadable text is a 400 naming `field` when it came from a multipart part.
 */
export function parseJsonText(text: string, field?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new AppError('bad_request', field ? [{ path: field, message: notJson }] : undefined);
  }
  checkJsonShape(value);
  return value;
}

/** `application/json` bodies go through `parseJsonText`; a charset other than UTF-8 is refused (415). */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
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
