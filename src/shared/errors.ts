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
  unsupported_media_type: { status: 415, id: 'Jenis konten tidak didukung.', en: 'Unsupported content type.' },
  not_found: { status: 404, id: 'Tidak ditemukan.', en: 'Not found.' },
  unauthenticated: { status: 401, id: 'Silakan masuk terlebih dahulu.', en: 'Please log in first.' },
  invalid_credentials: { status: 401, id: 'Email atau kata sandi salah.', en: 'Wrong email or password.' },
  account_locked: { status: 423, id: 'Akun dikunci sementara karena terlalu banyak percobaan gagal.', en: 'The account is locked for a while after too many failed attempts.' },
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

/** Paths of strings holding a NUL character, which PostgreSQL cannot store in text and no person types. */
function nulPaths(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nulPaths(v, [...path, k], found);
  }
  return found;
}

/** Validate `data` with `schema`, throwing a 422 whose field messages are in the reader's language. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, language: Language, prefix?: string): z.output<S> {
  const nul = nulPaths(data);
  if (nul.length) {
    throw new AppError('validation_failed', nul.map((path) => ({ path, message: { id: 'Mengandung karakter NUL yang tidak diizinkan.', en: 'Contains a NUL character, which is not allowed.' } })));
  }
  const result = schema.safeParse(data, { error: (issue) => fieldMessage(issue, language) });
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    result.error.issues.flatMap((issue) => {
      const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: issue.message }));
      }
      return [{ path: base, message: issue.message }];
    }),
  );
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
        ...(error.fields
          ? { fields: error.fields.map((f) => ({ path: f.path, message: typeof f.message === 'string' ? f.message : f.message[language] })) }
          : {}),
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
