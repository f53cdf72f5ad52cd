import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, STAFF_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;

interface Answer {
  status: number;
  body: Json;
}

/**
 * Login throttling (decision 0007) against the real server. Requests leave from chosen loopback
 * addresses (all of 127.0.0.0/8 is this machine), so the server sees distinct clients in
 * `request.ip` without trusting any proxy header.
 */
describe.each(DIALECTS)('login throttling on %s', (dialect) => {
  let t: TestApp;
  const port = () => Number(new URL(t.url).port);

  function loginFrom(address: string, email: string, password: string): Promise<Answer> {
    const payload = JSON.stringify({ email, password });
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: port(), path: '/api/auth/login', method: 'POST', localAddress: address, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** What the audit log says about failed logins from an address, by reason. */
  async function failedLogins(address: string): Promise<Record<string, number>> {
    const rows = await t.db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'login.failed').where('ip', '=', address).execute();
    const byReason: Record<string, number> = {};
    for (const r of rows) {
      const reason = String((JSON.parse(r.after ?? '{}') as Json).reason);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    return byReason;
  }

  const statusCounts = (answers: Answer[]) => answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

  beforeAll(async () => {
    t = await startTestApp(dialect);
    for (const name of ['serbu', 'ledak', 'kenal', 'sasaran', 'catat']) await addStaff(t, `${name}@test.local`, 'staff');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks at most the limit of 150 concurrent wrong passwords for one account', async () => {
    const answers = await Promise.all(Array.from({ length: 150 }, () => loginFrom('127.0.0.11', 'serbu@test.local', 'tebakan-salah-123')));
    // Exactly LOGIN_MAX_FAILURES (5) were verified; every other one was refused before hashing.
    expect(statusCounts(answers)).toEqual({ 401: 5, 429: 145 });
    expect((await failedLogins('127.0.0.11')).wrong_password).toBe(5);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(['account_locked', 'rate_limited']).toContain((a.body.error as Json).code);
      expect((a.body.error as Json).retryAfterSeconds).toBe(15 * 60);
    }
    // And the right password from that address waits for the window too.
    expect((await loginFrom('127.0.0.11', 'serbu@test.local', STAFF_PASSWORD)).status).toBe(429);
  });

  it('does not let a right password inside a burst reset the count for the attacker’s address', async () => {
    const burst = [...Array.from({ length: 40 }, () => loginFrom('127.0.0.12', 'ledak@test.local', 'tebakan-salah-123')), loginFrom('127.0.0.12', 'ledak@test.local', STAFF_PASSWORD)];
    const answers = await Promise.all(burst);
    const checked = answers.filter((a) => a.status === 401 || a.status === 200).length;
    expect(checked).toBeLessThanOrEqual(5);
    // Had the success reset the counter, these would be checked again.
    const after = await Promise.all(Array.from({ length: 5 }, () => loginFrom('127.0.0.12', 'ledak@test.local', 'tebakan-salah-123')));
    expect(after.map((a) => a.status)).toEqual([429, 429, 429, 429, 429]);
    expect((await failedLogins('127.0.0.12')).wrong_password ?? 0).toBeLessThanOrEqual(5);

    // The same, one at a time: four typos, the right one, then only one more try before the limit.
    await addStaff(t, 'urut@test.local', 'staff');
    const sequence: number[] = [];
    for (const password of ['salah-satu-123', 'salah-dua-1234', 'salah-tiga-123', 'salah-empat-12', STAFF_PASSWORD, 'salah-lima-123', 'salah-enam-123']) {
      sequence.push((await loginFrom('127.0.0.13', 'urut@test.local', password)).status);
    }
    expect(sequence).toEqual([401, 401, 401, 401, 200, 401, 429]);
  });

  it('lets the real user in from their own address while an attacker hammers the account', async () => {
    // The user logged in from home before; the attack starts later.
    expect((await loginFrom('127.0.0.20', 'sasaran@test.local', STAFF_PASSWORD)).status).toBe(200);
    const attack = Promise.all(Array.from({ length: 60 }, () => loginFrom('127.0.0.21', 'sasaran@test.local', 'tebakan-salah-123')));
    const meanwhile = await loginFrom('127.0.0.22', 'sasaran@test.local', STAFF_PASSWORD);
    expect(meanwhile.status).toBe(200);
    expect(statusCounts(await attack)).toEqual({ 401: 5, 429: 55 });
    // After the attack, from a new address too (one attacker's address is far below the account's limit).
    expect((await loginFrom('127.0.0.23', 'sasaran@test.local', STAFF_PASSWORD)).status).toBe(200);

    // Many addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT = 50): 11 × 5 wrong guesses pass the account's limit.
    for (let i = 0; i < 11; i++) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => loginFrom(`127.0.1.${i + 1}`, 'sasaran@test.local', 'tebakan-salah-123')));
      expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    }
    // A new address is now refused, even with the right password; an address the user logged in from is not.
    const stranger = await loginFrom('127.0.0.24', 'sasaran@test.local', STAFF_PASSWORD);
    expect(stranger.status).toBe(429);
    expect((stranger.body.error as Json).code).toBe('account_locked');
    expect((await loginFrom('127.0.0.20', 'sasaran@test.local', STAFF_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown email exactly as a known one, and limits it the same way', async () => {
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await loginFrom('127.0.0.31', 'kenal@test.local', 'tebakan-salah-123'));
      unknown.push(await loginFrom('127.0.0.32', 'tidak-ada@test.local', 'tebakan-salah-123'));
    }
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknown).toEqual(known);
    // The audit log names the account only when it exists.
    const rows = await t.db.kysely.selectFrom('audit_log').select(['target_id', 'after', 'ip']).where('action', '=', 'login.failed').where('ip', 'in', ['127.0.0.31', '127.0.0.32']).execute();
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => r.ip === '127.0.0.32').every((r) => r.target_id === null && !(r.after ?? '').includes('tidak-ada'))).toBe(true);
    expect(rows.filter((r) => r.ip === '127.0.0.31').every((r) => r.target_id !== null && (r.after ?? '').includes('kenal@test.local'))).toBe(true);
  });

  it('limits one address across emails, known or not', async () => {
    // LOGIN_MAX_FAILURES_PER_ADDRESS = 30: six emails × 5 guesses, then the address must wait.
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 5; j++) expect((await loginFrom('127.0.0.41', `orang${i}@test.local`, 'tebakan-salah-123')).status).toBe(401);
    }
    const next = await loginFrom('127.0.0.41', 'catat@test.local', STAFF_PASSWORD);
    expect(next.status).toBe(429);
    expect((next.body.error as Json).code).toBe('rate_limited');
    t.clock.advance(16 * 60_000);
    expect((await loginFrom('127.0.0.41', 'catat@test.local', STAFF_PASSWORD)).status).toBe(200);
  });

  it('writes every login to the audit log with the address, never the typed password', async () => {
    expect((await loginFrom('127.0.0.51', 'catat@test.local', 'rahasia-yang-salah-99')).status).toBe(401);
    expect((await loginFrom('127.0.0.51', 'catat@test.local', STAFF_PASSWORD)).status).toBe(200);
    const user = await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'catat@test.local').executeTakeFirstOrThrow();
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('ip', '=', '127.0.0.51').orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.target_id, r.actor_user_id])).toEqual([
      ['login.failed', String(user.id), null],
      ['login.succeeded', String(user.id), user.id],
    ]);
    const everything = JSON.stringify(await t.db.kysely.selectFrom('audit_log').selectAll().execute());
    for (const secret of ['rahasia-yang-salah-99', STAFF_PASSWORD, 'tebakan-salah-123']) expect(everything).not.toContain(secret);
  });
});
