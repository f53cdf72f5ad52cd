/**
 * The one way the front ends talk to the API. Error messages come from the server already in
 * the reader's language (Accept-Language); only network failures are worded here, by the caller.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
    /** The error's other fields as the server sent them (e.g. `lastEvent` of a stale_version). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** No answer from the server at all (offline, timeout). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

let language: 'id' | 'en' = 'id';
let csrfToken: string | undefined;

export function setApiLanguage(lang: 'id' | 'en'): void {
  language = lang;
}

/** The back office sets this after login; the public portal never has one. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function headersFor(method: string, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language, ...extra };
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  return headers;
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown; retryAfterSeconds?: unknown } } | null)?.error;
  if (!error || typeof error.code !== 'string') return new ApiError(status, status === 0 ? 'network' : 'unknown', '');
  const fields = Array.isArray(error.fields)
    ? error.fields.filter((f): f is FieldProblem => typeof f === 'object' && f !== null && typeof f.path === 'string' && typeof f.message === 'string')
    : [];
  return new ApiError(status, error.code, typeof error.message === 'string' ? error.message : '', fields, typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined, error as Record<string, unknown>);
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export interface RequestOptions {
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: RequestOptions = {}): Promise<T> {
  const headers = headersFor(method, options.headers);
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '');
  }
  const body = parse(await response.text());
  if (!response.ok) throw errorFrom(response.status, body);
  return body as T;
}

export interface UploadOptions {
  /** The JSON part's name: `complaint` for a submission, `reply` for a reply. */
  jsonField: string;
  json: unknown;
  files: readonly File[];
  headers?: Record<string, string>;
  /** 0–1 as the request body goes up, with the bytes sent and to send. */
  onProgress?: (fraction: number, loaded: number, total: number) => void;
  /** Give up (as a network failure) when nothing moves for this long: a stalled phone connection. */
  stallMs?: number;
}

/** Multipart POST through XMLHttpRequest, the only browser API that reports upload progress. */
export function upload<T>(url: string, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    form.append(options.jsonField, JSON.stringify(options.json));
    for (const file of options.files) form.append('attachments', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headersFor('POST', options.headers))) xhr.setRequestHeader(name, value);
    let stall: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      if (!options.stallMs) return;
      clearTimeout(stall);
      stall = setTimeout(() => xhr.abort(), options.stallMs);
    };
    const fail = () => {
      clearTimeout(stall);
      reject(new ApiError(0, 'network', ''));
    };
    let sent = 0;
    xhr.upload.onprogress = (event) => {
      watch();
      sent = event.total;
      if (event.lengthComputable && options.onProgress) options.onProgress(event.loaded / event.total, event.loaded, event.total);
    };
    xhr.onload = () => {
      clearTimeout(stall);
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1, sent, sent);
        resolve(body as T);
      } else reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = fail;
    xhr.ontimeout = fail;
    xhr.onabort = fail;
    watch();
    xhr.send(form);
  });
}
