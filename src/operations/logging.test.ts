import { describe, expect, it } from 'vitest';
import { logFormatFor, prettyLine } from './logging.js';

describe('log lines', () => {
  it('are JSON for machines and readable for a person at a terminal, unless LOG_FORMAT says', () => {
    expect(logFormatFor({ logFormat: undefined }, false)).toBe('json');
    expect(logFormatFor({ logFormat: undefined }, true)).toBe('pretty');
    expect(logFormatFor({ logFormat: 'json' }, true)).toBe('json');
    expect(logFormatFor({ logFormat: 'pretty' }, false)).toBe('pretty');
  });

  it('shows a request line as time, level, message, method, URL, status and duration', () => {
    const line = JSON.stringify({ level: 30, time: Date.parse('2026-11-24T03:05:02.123Z'), pid: 1, hostname: 'h', reqId: 'req-1', res: { statusCode: 201 }, responseTime: 12.345, msg: 'request completed', req: { method: 'POST', url: '/api/public/complaints' } });
    expect(prettyLine(line)).toBe('03:05:02 INFO  request completed POST /api/public/complaints 201 12.3 ms\n');
  });

  it('keeps other fields as key=value, an error with its stack, and passes non-JSON through', () => {
    const line = JSON.stringify({ level: 50, time: 0, job: 'retention', err: { message: 'boom', stack: 'Error: boom\n    at x' }, msg: 'scheduled job failed' });
    expect(prettyLine(line)).toBe('00:00:00 ERROR scheduled job failed job=retention\n  Error: boom\n    at x\n');
    expect(prettyLine('not json')).toBe('not json\n');
  });
});
