import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/accounts/service.js';
import type { Role } from '../../src/accounts/roles.js';
import { buildApp, type LogDestination } from '../../src/app.js';
import { prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { Db, DialectName } from '../../src/db/database.js';
import { OfficeSettingsStore } from '../../src/settings/office-settings.js';
import { createTestDatabase } from './databases.js';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };
export const STAFF_PASSWORD = 'staff-password-123';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  clock: TestClock;
  db: Db;
  close(): Promise<void>;
}

/** The real server on a real port over a fresh database of the given kind. */
export async function startTestApp(dialect: DialectName, options: { at?: string; env?: Record<string, string>; logStream?: LogDestination; database?: Db } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-test-'));
  const config: Config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    // Tests move the clock by days; sessions must outlive that.
    SESSION_IDLE_MINUTES: String(60 * 24 * 60),
    ...options.env,
  });
  const db = options.database ?? (await createTestDatabase(dialect));
  const clock = new TestClock(new Date(options.at ?? '2026-11-24T03:00:00.000Z'));
  const ctx: AppContext = { db, config, now: clock.now, settings: new OfficeSettingsStore(db.kysely, clock.now) };
  await prepareDatabase(ctx);
  const { app } = await buildApp(ctx, options.logStream ? { logStream: options.logStream } : { logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    app,
    url: address,
    clock,
    db,
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addStaff(t: TestApp, email: string, role: Role, divisionCode?: string): Promise<void> {
  const division = divisionCode ? await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', divisionCode).executeTakeFirstOrThrow() : null;
  await createUser(t.db.kysely, { email, name: email.split('@')[0] ?? email, password: STAFF_PASSWORD, role, divisionId: division?.id ?? null }, t.clock.now());
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

type Json = Record<string, unknown>;

/** A logged-in (or anonymous) client speaking real HTTP, sending the CSRF token on writes. */
export class Client {
  private cookie: string | undefined;
  private csrf: string | undefined;
  constructor(
    private readonly baseUrl: string,
    private readonly language: 'id' | 'en' = 'id',
  ) {}

  /** The session cookie, for requests made outside this client (event streams). */
  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  static async login(t: Pick<TestApp, 'url'>, email: string, password = STAFF_PASSWORD): Promise<Client> {
    const client = new Client(t.url);
    const res = await client.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  async request<T = Json>(method: string, url: string, options: { json?: unknown; body?: FormData | string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'accept-language': this.language, ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrf;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) this.csrf = String((parsed as Json).csrfToken);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Json>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, headers ? { headers } : {});
  }
  post<T = Json>(url: string, json: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, { json, ...(headers ? { headers } : {}) });
  }

  /** An SOP action with the complaint's current version. */
  async act<T = Json>(trackingNumber: string, action: string, input: Json = {}): Promise<ApiResponse<T>> {
    const detail = await this.get<{ version: number }>(`/api/staff/complaints/${trackingNumber}`);
    return this.post<T>(`/api/staff/complaints/${trackingNumber}/actions/${action}`, { version: detail.body.version, ...input });
  }
}

export const VALID_COMPLAINT = {
  reporter: { name: 'Budi Santoso', email: 'budi@contoh.id', phone: '081234567890' },
  subject: 'PBG belum terbit lewat batas waktu',
  description: 'Permohonan PBG saya sudah diajukan dua bulan lalu dan belum ada kabar sama sekali dari dinas.',
  consent: true,
};

export async function countRows(t: TestApp, table: 'complaints' | 'complaint_events' | 'reporters' | 'attachments' | 'complaint_messages'): Promise<number> {
  const row = await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
