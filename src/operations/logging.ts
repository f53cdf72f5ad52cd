/**
 * Log lines: JSON (pino's shape) for machines, a short readable line for a person at a terminal.
 * LOG_FORMAT decides; unset, a terminal on standard output gets readable lines. pino-pretty is not a
 * dependency: `prettyLine` turns each JSON line into `HH:MM:SS LEVEL message key=value …` itself.
 */
import type { Config } from '../config.js';

export type LogFormat = 'json' | 'pretty';

export function logFormatFor(config: Pick<Config, 'logFormat'>, isTTY: boolean = process.stdout.isTTY === true): LogFormat {
  return config.logFormat ?? (isTTY ? 'pretty' : 'json');
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_NUMBERS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
/** Keys every pino line has, or that a request line shows in its own way. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'err']);

const hhmmss = (time: unknown): string => {
  const d = typeof time === 'number' || typeof time === 'string' ? new Date(time) : new Date();
  return Number.isNaN(d.getTime()) ? '--:--:--' : d.toISOString().slice(11, 19);
};

/** One JSON log line as a person reads it; anything that is not JSON passes unchanged. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = typeof o.level === 'number' ? (LEVELS[o.level] ?? String(o.level)) : String(o.level ?? 'INFO').toUpperCase();
  const parts = [hhmmss(o.time), level.padEnd(5), String(o.msg ?? '')];
  const req = o.req as { method?: string; url?: string } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ''}`);
  const res = o.res as { statusCode?: number } | undefined;
  if (res?.statusCode) parts.push(String(res.statusCode));
  if (typeof o.responseTime === 'number') parts.push(`${o.responseTime.toFixed(1)} ms`);
  for (const [key, value] of Object.entries(o)) {
    if (!SHOWN_APART.has(key) && value !== undefined) parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const err = o.err as { message?: string; stack?: string } | undefined;
  const tail = err ? `\n  ${err.stack ?? err.message ?? ''}` : '';
  return `${parts.join(' ')}${tail}\n`;
}

/** Where Fastify writes its lines: readable ones when the format is pretty, else pino's own stdout. */
export function logDestination(config: Pick<Config, 'logFormat'>): { write(line: string): void } | undefined {
  if (logFormatFor(config) === 'json') return undefined;
  return { write: (line) => process.stdout.write(prettyLine(line)) };
}

export interface LineLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger of pino's shape for processes without Fastify (the worker), in the configured format and level. */
export function lineLogger(config: Pick<Config, 'logFormat' | 'logLevel'>): LineLogger {
  const min = LEVEL_NUMBERS[config.logLevel] ?? 30;
  const pretty = logFormatFor(config) === 'pretty';
  const write = (level: number, obj: object, msg: string) => {
    if (level < min) return;
    const line = JSON.stringify({ level, time: Date.now(), pid: process.pid, ...obj, msg });
    const stream = level >= 50 ? process.stderr : process.stdout;
    stream.write(pretty ? prettyLine(line) : `${line}\n`);
  };
  return {
    debug: (obj, msg) => write(20, obj, msg),
    info: (obj, msg) => write(30, obj, msg),
    error: (obj, msg) => write(50, obj, msg),
  };
}

/** Query values that are secrets and must not reach a log line with the URL (Meta's webhook handshake). */
const SECRET_QUERY = /([?&]hub\.verify_token=)[^&#]*/gi;

/** What a request line says about the request: Fastify's own fields, with secrets in the URL hidden. */
export function requestLogFields(req: { method: string; url: string; host: string; ip: string; socket?: { remotePort?: number } | null; headers: Record<string, unknown> }): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url.replace(SECRET_QUERY, '$1[hidden]'),
    version: req.headers['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
