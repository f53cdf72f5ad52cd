import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { brokenPasswordRules } from './accounts/password-rules.js';
import { whatsappTemplatesFrom, whatsappTemplatesProblem, type WhatsAppTemplates } from './notifications/whatsapp-templates.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const integerFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Whom to believe about the client's address: nobody, so many proxy hops, or these proxy addresses/CIDRs. */
export type TrustProxy = false | number | string[];

const isAddressOrCidr = (v: string) => {
  const [address = '', bits, ...rest] = v.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

// `true` used to mean "believe any X-Forwarded-For", which let every client pick its own rate-limit key.
const trustProxyFromEnv = z.string().transform((raw, ctx): TrustProxy => {
  const v = raw.trim().toLowerCase();
  if (v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') {
    ctx.addIssue({ code: 'custom', message: 'true is no longer accepted: give the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.5,10.0.1.0/24)' });
    return z.NEVER;
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) ctx.addIssue({ code: 'custom', message: 'at most 10 proxy hops' });
    return hops;
  }
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const wrong = list.filter((s) => !isAddressOrCidr(s));
  if (list.length === 0 || wrong.length > 0) {
    ctx.addIssue({ code: 'custom', message: `expected false, a hop count or proxy addresses/CIDRs; not an address: ${wrong.join(', ') || raw}` });
    return z.NEVER;
  }
  return list;
});

const metricsAllowFromEnv = z.string().transform((raw, ctx): string[] => {
  const v = raw.trim().toLowerCase();
  if (v === 'none') return [];
  if (v === 'loopback') return ['127.0.0.0/8', '::1/128'];
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const wrong = list.filter((s) => !isAddressOrCidr(s));
  if (list.length === 0 || wrong.length > 0) {
    ctx.addIssue({ code: 'custom', message: `expected loopback, none or addresses/CIDRs; not an address: ${wrong.join(', ') || raw}` });
    return z.NEVER;
  }
  return list;
});

/** Every variable Aduan reads; `.env.example` documents each one. */
const EnvSchema = z.object({
  PORT: integerFromEnv(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** SQLite durability: NORMAL is safe in WAL mode against process crashes; FULL also against power loss. */
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: integerFromEnv(1, 60 * 24 * 60).default(30),
  /** Wrong passwords per account from one address in a throttle window (decision 0007). */
  LOGIN_MAX_FAILURES: integerFromEnv(1, 100).default(5),
  /** The throttle window: counters start again after this long. */
  LOGIN_LOCK_MINUTES: integerFromEnv(1, 24 * 60).default(15),
  /** Failed logins (any account, known or not) from one address in a window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: integerFromEnv(1, 100_000).default(30),
  /** Failed logins per account from all addresses in a window; beyond it only addresses that logged in to it before may try. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: integerFromEnv(1, 1_000_000).default(50),
  /** How long a mailed password-reset link works. */
  PASSWORD_RESET_MINUTES: integerFromEnv(5, 24 * 60).default(60),
  BODY_LIMIT_BYTES: integerFromEnv(1024, 100 * 1024 * 1024).default(1024 * 1024),
  ATTACHMENT_MAX_BYTES: integerFromEnv(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  ATTACHMENT_MAX_COUNT: integerFromEnv(0, 20).default(5),
  /** Per client address per hour; 0 turns the limit off (benchmarks). */
  RATE_LIMIT_SUBMIT_PER_HOUR: integerFromEnv(0, 1_000_000).default(20),
  RATE_LIMIT_TRACK_PER_HOUR: integerFromEnv(0, 1_000_000).default(300),
  /** Wrong access codes accepted per tracking number per hour before it is locked for the hour. */
  ACCESS_CODE_MAX_FAILURES: integerFromEnv(1, 1000).default(10),
  SEED_DEMO: booleanFromEnv.default(true),
  DEMO_COMPLAINTS: integerFromEnv(0, 10_000_000).default(120),
  TRUST_PROXY: trustProxyFromEnv.default(false),
  // Mail. With neither SMTP_URL nor SMTP_HOST, messages are written as .eml files under DATA_DIR/outbox.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: integerFromEnv(1, 65535).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_SECURE: booleanFromEnv.default(false),
  MAIL_FROM: z.string().min(3).default('Pengaduan DPMPTSP Kota Tangerang <no-reply@aduan.local>'),
  /** Run the outbox worker and the scheduler inside the server; set false when `npm run worker` runs apart. */
  WORKER_IN_PROCESS: booleanFromEnv.default(true),
  OUTBOX_POLL_MS: integerFromEnv(50, 600_000).default(2000),
  OUTBOX_BATCH_SIZE: integerFromEnv(1, 1000).default(20),
  OUTBOX_MAX_ATTEMPTS: integerFromEnv(1, 100).default(8),
  OUTBOX_BACKOFF_SECONDS: integerFromEnv(1, 86_400).default(30),
  /** A worker that dies mid-send gives its messages up to another after this long. */
  OUTBOX_LEASE_SECONDS: integerFromEnv(1, 86_400).default(300),
  /** Remind when this share of a deadline's working time is used (0 turns it off). */
  REMINDER_FRACTION: z.coerce.number().min(0).max(0.99).default(0.5),
  /** Remind again when this many working hours are left (0 turns it off). */
  REMINDER_HOURS_LEFT: z.coerce.number().min(0).max(100).default(1),
  /** A missed deadline goes to the head of section at once, to the head of division after this many working days more. */
  ESCALATE_DIVISION_HEAD_AFTER_DAYS: z.coerce.number().min(0).max(60).default(1),
  /** Jakarta hour (0-23) at which staff who prefer a digest get it, on working days. */
  DIGEST_HOUR: integerFromEnv(0, 23).default(7),
  /** Days after a complaint is finished before its personal data is erased (UU 27/2022); 0 turns retention off. */
  RETENTION_DAYS: integerFromEnv(0, 36_500).default(730),
  /** Calendar days (of 24 hours) the office has to answer a reporter's personal-data request; UU 27/2022 gives 3 × 24 hours. */
  PERSONAL_DATA_REQUEST_DAYS: integerFromEnv(1, 90).default(3),
  /** Letterhead of the complaint sheet, the register and the recap. */
  OFFICE_NAME: z.string().trim().min(3).max(200).default('Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Tangerang'),
  OFFICE_ADDRESS: z.string().trim().min(3).max(300).default('Kota Tangerang, Banten'),
  /** PNG or JPEG printed at the left of the letterhead; none when unset. */
  OFFICE_LOGO_PATH: z.string().min(1).optional(),
  /** Where attachment files live: DATA_DIR/uploads, or an S3-compatible bucket that several instances share (decision 0021). */
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, e.g. https://minio.internal:9000' }).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens')
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as us-east-1').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** MinIO, Garage and Ceph usually want https://host/bucket/key; AWS also takes https://bucket.host/key. */
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(true),
  /** Folder inside the bucket; the sweep of leftovers removes files there that no attachment names, so give each office its own. */
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or folder names each ending in /, e.g. aduan/uploads/').default('uploads/'),
  /** Bearer token that opens /metrics from any address; unset, only METRICS_ALLOW's addresses may read it. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Addresses/CIDRs that may read /metrics without the token: `loopback` (default), `none`, or a list. */
  METRICS_ALLOW: metricsAllowFromEnv.default(['127.0.0.0/8', '::1/128']),
  /** `json` for machines, `pretty` for a person; unset, pretty when standard output is a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** On SIGTERM, requests and the mail being sent get this long to finish before the process exits anyway. */
  SHUTDOWN_GRACE_SECONDS: integerFromEnv(1, 3600).default(25),
  /** The line above the office's name, e.g. "PEMERINTAH KOTA TANGERANG"; the letterhead's remaining lines. An admin may override each in the back office. */
  OFFICE_AGENCY: z.string().trim().max(200).optional(),
  OFFICE_PHONE: z.string().trim().max(100).optional(),
  OFFICE_WEBSITE: z.string().trim().max(200).optional(),
  OFFICE_EMAIL: z.string().trim().max(254).optional(),
  /** The public statistics show the satisfaction index only from this many survey respondents. */
  PUBLIC_IKM_MIN_RESPONDENTS: integerFromEnv(1, 100_000).default(10),
  /** Whom reporters ask about their personal data (UU 27/2022), named on the privacy page. */
  DATA_PROTECTION_OFFICER_NAME: z.string().trim().min(3).max(200).default('Pejabat Pelindungan Data Pribadi (PPDP)'),
  DATA_PROTECTION_OFFICER_EMAIL: z.email().optional(),
  DATA_PROTECTION_OFFICER_PHONE: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number').optional(),
  /** WhatsApp Business Cloud API: the business number's id and a token; the app secret and verify token serve the webhook. */
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,30}$/, 'the numeric id of the business phone number (Meta: WhatsApp → API Setup)').optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(10).optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v21.0'),
  /** Approved message templates per message kind, for messages outside the 24-hour window (JSON; docs/operations.md). */
  WHATSAPP_TEMPLATES: z.string().optional(),
  /** An HTTP gateway in front of the office's SMS provider (docs/operations.md has its contract). */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(8).optional(),
  SMS_SENDER_ID: z.string().trim().min(1).max(20).optional(),
  /** The mailbox reporters write to, read over IMAP (imap:// or imaps://user@host:port/MAILBOX); unset, no mail is read. */
  INBOUND_MAIL_IMAP_URL: z.string().regex(/^imaps?:\/\/[^/]+/, 'must be imap://user@host[:port][/mailbox] or imaps://…').optional(),
  /** The mailbox password, when it is not in the URL (characters such as @ or / need no escaping here). */
  INBOUND_MAIL_IMAP_PASSWORD: z.string().min(1).optional(),
  /** That mailbox's address: reporter mail carries it as Reply-To, so a reply lands on the complaint. */
  INBOUND_MAIL_ADDRESS: z.email().optional(),
  INBOUND_MAIL_POLL_SECONDS: integerFromEnv(30, 86_400).default(60),
  /** A larger mail is not read: it is marked seen and left in the mailbox for a person. */
  INBOUND_MAIL_MAX_BYTES: integerFromEnv(64 * 1024, 200 * 1024 * 1024).default(25 * 1024 * 1024),
  /** Map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; unset, maps show as plain lists. */
  TILE_URL_TEMPLATE: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address with {z}, {x} and {y}' })
    .refine((v) => ['{z}', '{x}', '{y}'].every((p) => v.includes(p)), 'must hold {z}, {x} and {y}')
    .optional(),
  TILE_ATTRIBUTION: z.string().trim().min(1).max(300).default('© OpenStreetMap contributors'),
  /** "Me too" tries per client address (IPv6: per /64) per hour, over all published complaints (decision 0026). */
  RATE_LIMIT_ME_TOO_PER_HOUR: integerFromEnv(0, 1_000_000).default(30),
  /** Requests per API key per minute (decision 0027); 0 turns the limit off. */
  API_KEY_REQUESTS_PER_MINUTE: integerFromEnv(0, 1_000_000).default(120),
  /** Lets webhook subscriptions point at http://127.0.0.1 or localhost: for tests and a receiver on the same machine only. */
  WEBHOOK_ALLOW_LOOPBACK: booleanFromEnv.default(false),
  /** How long a webhook receiver gets to answer before the delivery is tried again later. */
  WEBHOOK_TIMEOUT_SECONDS: integerFromEnv(1, 120).default(10),
  /** Where the form's map opens: "latitude,longitude" and the zoom (Kota Tangerang by default). */
  MAP_CENTER: z
    .string()
    .trim()
    .regex(/^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$/, 'latitude,longitude, e.g. -6.1783,106.6319')
    .default('-6.1783,106.6319'),
  MAP_ZOOM: integerFromEnv(1, 19).default(13),
}).superRefine((e, issue) => {
  // Half a WhatsApp configuration would look on but fail every message (or every webhook call).
  const whatsappSettings = ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;
  if (whatsappSettings.some((key) => e[key] !== undefined)) {
    for (const key of whatsappSettings) if (e[key] === undefined) issue.addIssue({ code: 'custom', path: [key], message: 'required when any WHATSAPP_ setting is given' });
  }
  if (e.WHATSAPP_TEMPLATES !== undefined) {
    const problem = whatsappTemplatesProblem(e.WHATSAPP_TEMPLATES);
    if (problem) issue.addIssue({ code: 'custom', path: ['WHATSAPP_TEMPLATES'], message: problem });
  }
  if ((e.SMS_GATEWAY_URL === undefined) !== (e.SMS_GATEWAY_TOKEN === undefined)) {
    issue.addIssue({ code: 'custom', path: [e.SMS_GATEWAY_URL === undefined ? 'SMS_GATEWAY_URL' : 'SMS_GATEWAY_TOKEN'], message: 'SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN go together' });
  }
  if (e.INBOUND_MAIL_IMAP_URL !== undefined && e.INBOUND_MAIL_ADDRESS === undefined) {
    issue.addIssue({ code: 'custom', path: ['INBOUND_MAIL_ADDRESS'], message: 'required when INBOUND_MAIL_IMAP_URL is set: the address reporters reply to' });
  }
  if (e.INBOUND_MAIL_IMAP_URL !== undefined) {
    const url = URL.canParse(e.INBOUND_MAIL_IMAP_URL) ? new URL(e.INBOUND_MAIL_IMAP_URL) : null;
    if (!url?.hostname || !url.username) issue.addIssue({ code: 'custom', path: ['INBOUND_MAIL_IMAP_URL'], message: 'must name the user and the host, e.g. imaps://pengaduan%40dinas.go.id@mail.dinas.go.id/INBOX' });
    else if (!url.password && e.INBOUND_MAIL_IMAP_PASSWORD === undefined) issue.addIssue({ code: 'custom', path: ['INBOUND_MAIL_IMAP_PASSWORD'], message: 'required when the URL carries no password' });
  }
  if (e.INBOUND_MAIL_IMAP_URL === undefined && e.INBOUND_MAIL_ADDRESS !== undefined) {
    // A Reply-To nobody reads would swallow every reporter's reply.
    issue.addIssue({ code: 'custom', path: ['INBOUND_MAIL_ADDRESS'], message: 'is set but INBOUND_MAIL_IMAP_URL is not: replies to it would never be read' });
  }
  const s3Settings = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  if (e.STORAGE === 's3') {
    for (const key of s3Settings) if (e[key] === undefined) issue.addIssue({ code: 'custom', path: [key], message: 'required when STORAGE=s3' });
  } else {
    // Forgetting STORAGE=s3 would quietly keep each instance's uploads on its own disk.
    for (const key of s3Settings) if (e[key] !== undefined) issue.addIssue({ code: 'custom', path: [key], message: 'is set but STORAGE is local: set STORAGE=s3 to use the bucket, or remove it' });
  }
  // The first admin's password obeys the same rules as any other.
  if (e.ADMIN_PASSWORD === undefined) return;
  for (const rule of brokenPasswordRules(e.ADMIN_PASSWORD, e.ADMIN_EMAIL ?? 'admin@aduan.local')) issue.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: rule.text.en });
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  uploadsDir: string;
  databaseUrl: string | undefined;
  sqliteFile: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  publicBaseUrl: string | undefined;
  logLevel: string;
  sessionIdleMinutes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginMaxFailuresPerAddress: number;
  loginMaxFailuresPerAccount: number;
  passwordResetMinutes: number;
  bodyLimitBytes: number;
  attachmentMaxBytes: number;
  attachmentMaxCount: number;
  rateLimitSubmitPerHour: number;
  rateLimitTrackPerHour: number;
  accessCodeMaxFailures: number;
  seedDemo: boolean;
  demoComplaints: number;
  trustProxy: TrustProxy;
  mail: MailConfig;
  workerInProcess: boolean;
  outbox: { pollMs: number; batchSize: number; maxAttempts: number; backoffSeconds: number; leaseSeconds: number };
  reminders: { fraction: number; hoursLeft: number; escalateDivisionHeadAfterDays: number; digestHour: number };
  retentionDays: number;
  personalDataRequestDays: number;
  storage: StorageConfig;
  metrics: { token: string | undefined; allow: string[] };
  logFormat: 'json' | 'pretty' | undefined;
  shutdownGraceSeconds: number;
  office: { name: string; address: string; logoPath: string | undefined; agency?: string | undefined; phone?: string | undefined; website?: string | undefined; email?: string | undefined };
  publicIkmMinRespondents: number;
  dataProtectionOfficer: { name: string; email: string | undefined; phone: string | undefined };
  /** The WhatsApp Business Cloud API, or null when not configured (outgoing: src/notifications/whatsapp-transport.ts). */
  whatsapp: { phoneNumberId: string; accessToken: string; appSecret: string; verifyToken: string; apiBaseUrl: string } | null;
  /** Approved WhatsApp message templates by message kind, for messages outside the 24-hour window. */
  whatsappTemplates: WhatsAppTemplates;
  /** The office's SMS gateway, or null when not configured. */
  sms: { url: string; token: string; senderId: string | undefined } | null;
  /** Null when no inbound mailbox is configured. */
  inboundMail: InboundMailConfig | null;
  rateLimitMeTooPerHour: number;
  apiKeyRequestsPerMinute: number;
  webhooks: { allowLoopback: boolean; timeoutSeconds: number };
  /** The complaint form's map (decision 0030): no tiles configured, no map. */
  map: { tileUrlTemplate: string | undefined; attribution: string; center: [number, number]; zoom: number };
};

export interface InboundMailConfig {
  imap: { host: string; port: number; secure: boolean; user: string; pass: string };
  mailbox: string;
  address: string;
  pollMs: number;
  maxBytes: number;
}

/** imap://user:pass@host:port/Mailbox → its parts; the password may come apart. */
function inboundMailFrom(url: string, password: string | undefined, address: string, pollSeconds: number, maxBytes: number): InboundMailConfig {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  const mailbox = decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX';
  return {
    imap: { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : secure ? 993 : 143, secure, user: decodeURIComponent(u.username), pass: password ?? decodeURIComponent(u.password) },
    mailbox,
    address,
    pollMs: pollSeconds * 1000,
    maxBytes,
  };
}

export type StorageConfig = { kind: 'local'; dir: string } | S3StorageConfig;

export interface S3StorageConfig {
  kind: 's3';
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Empty or ending in `/`. */
  prefix: string;
}

/** `smtp` is null when no server is configured: mail then goes to .eml files in `outboxDir`. */
export interface MailConfig {
  smtp: { url: string } | { host: string; port: number; secure: boolean; user: string | undefined; pass: string | undefined } | null;
  from: string;
  /** The inbound mailbox's address, set as Reply-To of mail to reporters; undefined when none is read. */
  replyTo?: string | undefined;
  outboxDir: string;
}

export class ConfigError extends Error {}

/** Reads the environment once at start-up; a wrong value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    databaseUrl: e.DATABASE_URL,
    sqliteFile: path.join(dataDir, 'aduan.sqlite'),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    passwordResetMinutes: e.PASSWORD_RESET_MINUTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    attachmentMaxCount: e.ATTACHMENT_MAX_COUNT,
    rateLimitSubmitPerHour: e.RATE_LIMIT_SUBMIT_PER_HOUR,
    rateLimitTrackPerHour: e.RATE_LIMIT_TRACK_PER_HOUR,
    accessCodeMaxFailures: e.ACCESS_CODE_MAX_FAILURES,
    seedDemo: e.SEED_DEMO,
    demoComplaints: e.DEMO_COMPLAINTS,
    trustProxy: e.TRUST_PROXY,
    mail: {
      smtp: e.SMTP_URL
        ? { url: e.SMTP_URL }
        : e.SMTP_HOST
          ? { host: e.SMTP_HOST, port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587), secure: e.SMTP_SECURE, user: e.SMTP_USER, pass: e.SMTP_PASS }
          : null,
      from: e.MAIL_FROM,
      replyTo: e.INBOUND_MAIL_IMAP_URL ? e.INBOUND_MAIL_ADDRESS : undefined,
      outboxDir: path.join(dataDir, 'outbox'),
    },
    workerInProcess: e.WORKER_IN_PROCESS,
    outbox: { pollMs: e.OUTBOX_POLL_MS, batchSize: e.OUTBOX_BATCH_SIZE, maxAttempts: e.OUTBOX_MAX_ATTEMPTS, backoffSeconds: e.OUTBOX_BACKOFF_SECONDS, leaseSeconds: e.OUTBOX_LEASE_SECONDS },
    reminders: {
      fraction: e.REMINDER_FRACTION,
      hoursLeft: e.REMINDER_HOURS_LEFT,
      escalateDivisionHeadAfterDays: e.ESCALATE_DIVISION_HEAD_AFTER_DAYS,
      digestHour: e.DIGEST_HOUR,
    },
    retentionDays: e.RETENTION_DAYS,
    personalDataRequestDays: e.PERSONAL_DATA_REQUEST_DAYS,
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT ?? '',
            bucket: e.S3_BUCKET ?? '',
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
            secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            prefix: e.S3_PREFIX,
          }
        : { kind: 'local', dir: path.join(dataDir, 'uploads') },
    metrics: { token: e.METRICS_TOKEN, allow: e.METRICS_ALLOW },
    logFormat: e.LOG_FORMAT,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    office: {
      name: e.OFFICE_NAME,
      address: e.OFFICE_ADDRESS,
      logoPath: e.OFFICE_LOGO_PATH ? path.resolve(e.OFFICE_LOGO_PATH) : undefined,
      agency: e.OFFICE_AGENCY || undefined,
      phone: e.OFFICE_PHONE || undefined,
      website: e.OFFICE_WEBSITE || undefined,
      email: e.OFFICE_EMAIL || undefined,
    },
    publicIkmMinRespondents: e.PUBLIC_IKM_MIN_RESPONDENTS,
    dataProtectionOfficer: { name: e.DATA_PROTECTION_OFFICER_NAME, email: e.DATA_PROTECTION_OFFICER_EMAIL, phone: e.DATA_PROTECTION_OFFICER_PHONE },
    whatsapp:
      e.WHATSAPP_PHONE_NUMBER_ID && e.WHATSAPP_ACCESS_TOKEN && e.WHATSAPP_APP_SECRET && e.WHATSAPP_VERIFY_TOKEN
        ? { phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID, accessToken: e.WHATSAPP_ACCESS_TOKEN, appSecret: e.WHATSAPP_APP_SECRET, verifyToken: e.WHATSAPP_VERIFY_TOKEN, apiBaseUrl: e.WHATSAPP_API_BASE_URL.replace(/\/+$/, '') }
        : null,
    whatsappTemplates: whatsappTemplatesFrom(e.WHATSAPP_TEMPLATES),
    sms: e.SMS_GATEWAY_URL && e.SMS_GATEWAY_TOKEN ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN, senderId: e.SMS_SENDER_ID } : null,
    inboundMail:
      e.INBOUND_MAIL_IMAP_URL && e.INBOUND_MAIL_ADDRESS
        ? inboundMailFrom(e.INBOUND_MAIL_IMAP_URL, e.INBOUND_MAIL_IMAP_PASSWORD, e.INBOUND_MAIL_ADDRESS, e.INBOUND_MAIL_POLL_SECONDS, e.INBOUND_MAIL_MAX_BYTES)
        : null,
    rateLimitMeTooPerHour: e.RATE_LIMIT_ME_TOO_PER_HOUR,
    apiKeyRequestsPerMinute: e.API_KEY_REQUESTS_PER_MINUTE,
    webhooks: { allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK, timeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS },
    map: {
      tileUrlTemplate: e.TILE_URL_TEMPLATE,
      attribution: e.TILE_ATTRIBUTION,
      center: e.MAP_CENTER.split(',').map((v) => Number(v.trim())) as [number, number],
      zoom: e.MAP_ZOOM,
    },
  };
}
