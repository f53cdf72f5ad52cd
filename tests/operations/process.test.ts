/**
 * The real server process: it refuses a database a newer version migrated, and SIGTERM lets the
 * request in flight and the mail being sent finish before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';
import { VALID_COMPLAINT } from '../support/test-app.js';

interface Server {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: '0', SEED_DEMO: 'false', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout, stderr, exited };
}

describe('the server process', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  let sink: SmtpSink | undefined;
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-process-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sink?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start on a database migrated by a newer version, in one line', async () => {
    const dir = dataDir();
    const db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'aduan.sqlite') });
    await migrateToLatest(db);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', ${new Date().toISOString()})`.execute(db.kysely);
    await db.close();
    const server = startServer({ DATA_DIR: dir });
    children.push(server.child);
    expect(await server.exited).toBe(1);
    const lines = server.stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/newer version of Aduan .*9999_from_a_newer_version/);
  });

  it('on SIGTERM finishes the request in flight and the mail being sent, then exits 0', { timeout: 60_000 }, async () => {
    const dir = dataDir();
    // A slow mail server: each message waits 1.5 s for its acknowledgement.
    sink = await startSmtpSink({ delayMs: 1500 });
    const server = startServer({ DATA_DIR: dir, SMTP_URL: sink.url, OUTBOX_POLL_MS: '100' });
    children.push(server.child);
    await expect.poll(() => /running at (http:\/\/\S+)/.exec(server.stdout.join(''))?.[1], { timeout: 30_000 }).toBeDefined();
    const base = /running at (http:\/\/\S+)/.exec(server.stdout.join(''))![1]!.replace('localhost', '127.0.0.1');

    const post = (body: string) => fetch(`${base}/api/public/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(JSON.stringify({ ...VALID_COMPLAINT, reporter: { name: 'Pelapor Satu', email: 'satu@contoh.id' } }))).status).toBe(201);
    // The receipt reaches the mail server, which holds back its answer.
    await expect.poll(() => sink!.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

    // A second submission whose body is still on its way.
    const body = JSON.stringify({ ...VALID_COMPLAINT, reporter: { name: 'Pelapor Dua', email: 'dua@contoh.id' } });
    const url = new URL(`${base}/api/public/complaints`);
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answered = once(request, 'response').then(async ([res]) => {
      const response = res as http.IncomingMessage;
      let text = '';
      for await (const chunk of response) text += String(chunk);
      return { status: response.statusCode, text };
    });
    request.write(body.slice(0, 40));
    await expect.poll(() => server.stdout.join('').includes('"url":"/api/public/complaints"') && server.stdout.join('').split('incoming request').length > 2, { timeout: 10_000 }).toBe(true);

    server.child.kill('SIGTERM');
    await expect.poll(() => server.stdout.join('').includes('stopping: finishing the requests in flight'), { timeout: 10_000 }).toBe(true);
    request.end(body.slice(40));
    const reply = await answered;
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.text)).toMatchObject({ trackingNumber: expect.stringMatching(/^ADU-/) });
    expect(await server.exited).toBe(0);

    const db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'aduan.sqlite') });
    try {
      const complaints = await db.kysely.selectFrom('complaints').select('tracking_number').execute();
      expect(complaints).toHaveLength(2);
      // The receipt that was with the mail server when the signal came is recorded as sent, with no mark left.
      const receipt = await db.kysely
        .selectFrom('outbox_messages')
        .select(['status', 'attempted_at', 'locked_by'])
        .where('idempotency_key', '=', sink.received[0]!.idempotencyKey)
        .executeTakeFirstOrThrow();
      expect(receipt).toEqual({ status: 'sent', attempted_at: null, locked_by: null });
    } finally {
      await db.close();
    }
  });
});
