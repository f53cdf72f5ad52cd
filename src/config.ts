import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const integerFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  LOGIN_MAX_FAILURES: integerFromEnv(1, 100).default(5),
  LOGIN_LOCK_MINUTES: integerFromEnv(1, 24 * 60).default(15),
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
  TRUST_PROXY: booleanFromEnv.default(false),
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
  bodyLimitBytes: number;
  attachmentMaxBytes: number;
  attachmentMaxCount: number;
  rateLimitSubmitPerHour: number;
  rateLimitTrackPerHour: number;
  accessCodeMaxFailures: number;
  seedDemo: boolean;
  demoComplaints: number;
  trustProxy: boolean;
};

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
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    attachmentMaxCount: e.ATTACHMENT_MAX_COUNT,
    rateLimitSubmitPerHour: e.RATE_LIMIT_SUBMIT_PER_HOUR,
    rateLimitTrackPerHour: e.RATE_LIMIT_TRACK_PER_HOUR,
    accessCodeMaxFailures: e.ACCESS_CODE_MAX_FAILURES,
    seedDemo: e.SEED_DEMO,
    demoComplaints: e.DEMO_COMPLAINTS,
    trustProxy: e.TRUST_PROXY,
  };
}
