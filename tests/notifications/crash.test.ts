import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { enqueueMessages } from '../../src/notifications/outbox.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const MESSAGES = 40;

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a worker killed mid-batch', () => {
  let sink: SmtpSink | undefined;
  let ctx: AppContext | undefined;
  const children: ChildProcess[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-crash-'));

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ctx?.db.close();
    await sink?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every message at least once, and repeats none beyond the idempotency key', { timeout: 120_000 }, async () => {
    // A slow server: each message waits before it is accepted, so a kill lands mid-batch.
    sink = await startSmtpSink({ delayMs: 150 });
    const env = {
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      OUTBOX_BATCH_SIZE: '10',
      OUTBOX_POLL_MS: '100',
      OUTBOX_LEASE_SECONDS: '2',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
    };
    ctx = createContext(loadConfig(env));
    await migrateToLatest(ctx.db);
    const db = ctx.db.kysely;
    await enqueueMessages(
      db,
      Array.from({ length: MESSAGES }, (_, i) => ({
        key: `crash-${i}`,
        complaintId: null,
        recipient: { type: 'reporter' as const, email: `pelapor${i}@contoh.id` },
        language: 'id' as const,
        data: { kind: 'survey_invitation' as const, trackingNumber: `ADU-2026-${String(i).padStart(6, '0')}` },
      })),
      new Date().toISOString(),
    );

    const startWorker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.resume();
      child.stderr?.resume();
      children.push(child);
      return child;
    };

    const first = startWorker();
    await waitFor(() => (sink?.received.length ?? 0) >= 7, 60_000, 'the first deliveries');
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = await db.selectFrom('outbox_messages').select(['idempotency_key', 'status', 'locked_by', 'attempted_at']).execute();
    const sentAtKill = atKill.filter((r) => r.status === 'sent').length;
    const leasedAtKill = atKill.filter((r) => r.status === 'pending' && r.locked_by !== null).length;
    const rawAtKill = sink.received.length;
    // Killed mid-batch: some sent, some still held by the dead worker's lease.
    expect(sentAtKill).toBeLessThan(MESSAGES);
    expect(leasedAtKill).toBeGreaterThan(0);
    // Every message the server got without the worker recording it as sent carries its attempting mark,
    // written before the hand-over: the only ones that may go out twice.
    const arrived = new Set(sink.received.map((m) => m.idempotencyKey));
    const unrecorded = atKill.filter((r) => r.status !== 'sent' && arrived.has(r.idempotency_key));
    expect(unrecorded.every((r) => r.attempted_at !== null)).toBe(true);
    const marked = atKill.filter((r) => r.status === 'pending' && r.attempted_at !== null);
    expect(marked.length).toBeLessThanOrEqual(1);

    const second = startWorker();
    await waitFor(
      async () => (await db.selectFrom('outbox_messages').select('id').where('status', '=', 'sent').execute()).length === MESSAGES,
      90_000,
      'every message sent',
    );
    second.kill('SIGTERM');
    await once(second, 'exit');
    // Once sent, no attempting mark is left behind.
    expect(await db.selectFrom('outbox_messages').select('id').where('attempted_at', 'is not', null).execute()).toEqual([]);

    const unique = sink.unique();
    expect(unique.map((m) => m.idempotencyKey).sort()).toEqual(Array.from({ length: MESSAGES }, (_, i) => `crash-${i}`).sort());
    const perKey = new Map<string, number>();
    for (const m of sink.received) perKey.set(m.idempotencyKey, (perKey.get(m.idempotencyKey) ?? 0) + 1);
    const repeated = [...perKey.values()].filter((n) => n > 1);
    // Only the message in flight at the kill can arrive twice, with the same Message-ID.
    expect(repeated.every((n) => n === 2)).toBe(true);
    expect(repeated.length).toBeLessThanOrEqual(1);
    for (const key of perKey.keys()) {
      const ids = new Set(sink.received.filter((m) => m.idempotencyKey === key).map((m) => m.messageId));
      expect(ids.size).toBe(1);
    }
    console.log(`crash test: ${rawAtKill} raw deliveries before kill -9 (${sentAtKill} marked sent, ${leasedAtKill} leased); ${sink.received.length} raw deliveries in all for ${unique.length} messages (${repeated.length} repeated)`);
  });
});
