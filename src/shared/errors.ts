import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldMessage } from './field-messages.js';

export type Language = 'id' | 'en';

/** A field's message, already in the reader's language or in both. */
export interface FieldError {
  path: string;
  message: string | { id: string; en: string };
}

/** Every error code the API answers with, and its message in both languages. */
const MESSAGES = {
  validation_failed: { status: 422, id: 'Data tidak valid. Periksa kolom yang ditandai.', en: 'Invalid data. Check the marked fields.' },
  bad_request: { status: 400, id: 'Permintaan tidak dapat dibaca.', en: 'The request could not be read.' },
  payload_too_large: { status: 413, id: 'Data yang dikirim terlalu besar.', en: 'The request body is too large.' },
  not_acceptable: { status: 406, id: 'Alamat ini hanya mengirim aliran peristiwa (Accept: text/event-stream).', en: 'This address only sends an event stream (Accept: text/event-stream).' },
  unsupported_media_type: { status: 415, id: 'Jenis konten tidak didukung.', en: 'Unsupported content type.' },
  not_found: { status: 404, id: 'Tidak ditemukan.', en: 'Not found.' },
  unauthenticated: { status: 401, id: 'Silakan masuk terlebih dahulu.', en: 'Please log in first.' },
  bad_signature: { status: 401, id: 'Tanda tangan permintaan tidak cocok.', en: 'The request signature does not match.' },
  api_key_invalid: { status: 401, id: 'Kunci API tidak dikenal, sudah dicabut, atau kedaluwarsa.', en: 'Unknown, revoked or expired API key.' },
  invalid_credentials: { status: 401, id: 'Email atau kata sandi salah.', en: 'Wrong email or password.' },
  account_locked: { status: 429, id: 'Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi nanti.', en: 'Too many failed login attempts for this account. Try again later.' },
  forbidden: { status: 403, id: 'Anda tidak berwenang melakukan ini.', en: 'You are not allowed to do this.' },
  csrf_failed: { status: 403, id: 'Token keamanan (CSRF) tidak cocok. Muat ulang halaman.', en: 'Security token (CSRF) mismatch. Reload the page.' },
  wrong_access_code: { status: 404, id: 'Nomor pengaduan atau kode akses salah.', en: 'Wrong tracking number or access code.' },
  access_locked: { status: 429, id: 'Terlalu banyak kode akses salah. Coba lagi dalam satu jam.', en: 'Too many wrong access codes. Try again in an hour.' },
  rate_limited: { status: 429, id: 'Terlalu banyak permintaan. Coba lagi nanti.', en: 'Too many requests. Try again later.' },
  transition_not_allowed: { status: 409, id: 'Tindakan ini tidak dapat dilakukan pada status pengaduan saat ini.', en: 'This action is not possible in the complaint’s current state.' },
  role_not_allowed: { status: 403, id: 'Peran Anda tidak dapat melakukan tindakan ini.', en: 'Your role may not take this action.' },
  stale_version: { status: 409, id: 'Pengaduan telah diubah orang lain. Muat ulang lalu coba lagi.', en: 'Someone else changed the complaint. Reload and try again.' },
  conflict: { status: 409, id: 'Data bertentangan dengan data yang sudah ada.', en: 'The data conflicts with existing data.' },
  attachment_rejected: { status: 422, id: 'Lampiran ditolak.', en: 'Attachment rejected.' },
  internal: { status: 500, id: 'Terjadi kesalahan pada server.', en: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; id: string; en: string }>;

export type ErrorCode = keyof typeof MESSAGES;

/** An expected failure the client can act on; answered as `{ error: { code, message, fields?, ... } }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldError[],
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
    this.status = MESSAGES[code].status;
  }
}

export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}

export function messageFor(code: ErrorCode, language: Language): string {
  return MESSAGES[code][language];
}


/** A path for an error message, bounded whatever the keys: each segment and the whole are cut. */
export function shortPath(segments: readonly PropertyKey[]): string {
  const parts = segments.slice(0, 8).map((s) => {
    const text = String(s);
    return text.length > 32 ? `${text.slice(0, 31)}…` : text;
  });
  if (segments.length > 8) parts.push('…');
  return parts.join('.');
}

/** A message in both languages, carried by a Zod issue (`.refine(fn, bilingual(id, en))`) to the reader. */
export function bilingual(id: string, en: string): { params: { i18n: { id: string; en: string } } } {
  return { params: { i18n: { id, en } } };
}

/** The most field errors one answer lists; the rest are counted. */
export const MAX_FIELD_ERRORS = 20;
/** The most unknown keys named in their one error. */
const UNKNOWN_KEYS_NAMED = 5;
/** Strings looked at for a NUL before giving up; bodies are already bounded by the JSON parser. */
const NUL_SCAN_VALUES = 50_000;

/**
 * Paths of strings holding a NUL character, which PostgreSQL cannot store in text and no person
 * types. Iterative (no depth overflows the stack) and bounded in the values it visits and the
 * paths it returns.
 */
function nulPaths(root: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  let visited = 0;
  while (stack.length && found.length <= MAX_FIELD_ERRORS && visited++ < NUL_SCAN_VALUES) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).reverse()) stack.push({ value: v, path: [...path, k] });
    }
  }
  return found;
}

const NUL_MESSAGE = { id: 'Mengandung karakter NUL yang tidak diizinkan.', en: 'Contains a NUL character, which is not allowed.' };

function unknownKeysMessage(keys: readonly string[]): { id: string; en: string } {
  const named = keys.slice(0, UNKNOWN_KEYS_NAMED).map((k) => JSON.stringify(k.length > 32 ? `${k.slice(0, 31)}…` : k)).join(', ');
  const rest = keys.length > UNKNOWN_KEYS_NAMED ? ', …' : '';
  return keys.length === 1
    ? { id: `Kolom tidak dikenal: ${named}.`, en: `Unknown field: ${named}.` }
    : { id: `${keys.length} kolom tidak dikenal: ${named}${rest}.`, en: `${keys.length} unknown fields: ${named}${rest}.` };
}

/**
 * Validate `data` with `schema`, throwing a 422 whose field messages are in the reader's language.
 * Unknown keys of one object are one error (its path, how many, the first few names), never one per key.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, language: Language, prefix?: string): z.output<S> {
  const path = (segments: readonly PropertyKey[]) => shortPath([...(prefix ? [prefix] : []), ...segments]);
  const nul = nulPaths(data);
  if (nul.length) throw new AppError('validation_failed', nul.map((p) => ({ path: path(p), message: NUL_MESSAGE })));
  const result = schema.safeParse(data, { error: (issue) => fieldMessage(issue, language) });
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    result.error.issues.map((issue): FieldError => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys;
        return { path: path(keys.length === 1 ? [...issue.path, keys[0] as string] : issue.path), message: unknownKeysMessage(keys) };
      }
      const i18n = issue.code === 'custom' ? (issue.params as { i18n?: { id: string; en: string } } | undefined)?.i18n : undefined;
      return { path: path(issue.path), message: i18n ?? issue.message };
    }),
  );
}

/** At most MAX_FIELD_ERRORS fields, then one line saying how many more: the answer stays small. */
function answeredFields(fields: readonly FieldError[], language: Language): { path: string; message: string }[] {
  const listed = fields.slice(0, MAX_FIELD_ERRORS).map((f) => ({ path: f.path, message: typeof f.message === 'string' ? f.message : f.message[language] }));
  const more = fields.length - listed.length;
  if (more > 0) listed.push({ path: '', message: language === 'en' ? `and ${more} more` : `dan ${more} lainnya` });
  return listed;
}

function send(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send({ error: body });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    send(reply, 404, { code: 'not_found', message: messageFor('not_found', requestLanguage(request)) });
  });
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const language = requestLanguage(request);
    if (error instanceof AppError) {
      return send(reply, error.status, {
        code: error.code,
        message: messageFor(error.code, language),
        ...(error.fields ? { fields: answeredFields(error.fields, language) } : {}),
        ...error.details,
      });
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status === 413 || fastifyError.code === 'FST_REQ_FILE_TOO_LARGE' || fastifyError.code === 'FST_FILES_LIMIT') {
      return send(reply, 413, { code: 'payload_too_large', message: messageFor('payload_too_large', language) });
    }
    if (status === 415) {
      return send(reply, 415, { code: 'unsupported_media_type', message: messageFor('unsupported_media_type', language) });
    }
    if (status >= 400 && status < 500) {
      return send(reply, 400, { code: 'bad_request', message: messageFor('bad_request', language) });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, { code: 'internal', message: messageFor('internal', language) });
  });
}
