import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../../src/notifications/worker.js';
import { DIALECTS } from '../support/databases.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtp-sink.js';

type Json = Record<string, unknown>;
type Filed = { trackingNumber: string; accessCode: string };
const SIMILAR = '/api/public/complaints/similar';

describe.each(DIALECTS)('the duplicate hint tells strangers nothing on %s', (dialect) => {
  let sink: SmtpSink;
  let t: TestApp;
  let mailer: Mailer;
  const anyone = () => new Client(t.url);
  const drain = () => drainOutbox(t.ctx, mailer, workerOptionsFrom(t.ctx, { workerId: 'test-worker' }));
  const hintMails = () => t.db.kysely.selectFrom('outbox_messages').select(['recipient_email', 'idempotency_key']).where('kind', '=', 'open_complaints').orderBy('id').execute();
  const file = async (extra: Json) => (await anyone().post<Filed>('/api/public/complaints', { ...VALID_COMPLAINT, ...extra })).body;
  const ask = async (body: Json) => {
    const res = await anyone().post<Json>(SIMILAR, body);
    return { status: res.status, body: res.body, length: res.headers.get('content-length') };
  };
  /** The mail is written after the answer: a last question with a known match shows the earlier ones are done. */
  let sentinels = 0;
  const settle = async () => {
    const email = `sentinel${++sentinels}@contoh.id`;
    await file({ reporter: { name: 'Penanda', email } });
    await ask({ email });
    await expect.poll(async () => (await hintMails()).some((m) => m.recipient_email === email), { timeout: 10_000 }).toBe(true);
  };

  let open: Filed;
  let confidential: Filed;
  let anonymous: Filed;
  let dewi: Filed;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(dialect, { env: { SMTP_URL: sink.url, RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
    mailer = createMailer(t.ctx.config.mail, t.clock.now);
    open = await file({ applicationNumber: 'PBG-2026-0042', reporter: { name: 'Budi', email: 'budi@contoh.id', phone: '0812-3456-7890' } });
    confidential = await file({ confidential: true, applicationNumber: 'SIUP-77', reporter: { name: 'Rahasia', email: 'rahasia@contoh.id', phone: '0813 1111 2222' } });
    anonymous = await file({ anonymous: true, applicationNumber: 'REK-1', reporter: { name: 'Anonim', email: 'anonim@contoh.id', phone: '0814 3333 4444' } });
    dewi = await file({ reporter: { name: 'Dewi', email: 'dewi@contoh.id', phone: '0857 1234 5678' } });
    await drain();
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await sink?.close();
  });

  it('answers the same whatever matched: open, none, confidential or anonymous', async () => {
    const answers = [
      await ask({ email: 'BUDI@contoh.id' }),
      await ask({ phone: '+62 812 3456 7890' }),
      await ask({ applicationNumber: 'pbg-2026-0042' }),
      await ask({ email: 'orang.lain@contoh.id', phone: '0899 0000 1111' }),
      await ask({ applicationNumber: 'PBG-2026-9999' }),
      await ask({ email: 'rahasia@contoh.id' }),
      await ask({ phone: '081311112222' }),
      await ask({ applicationNumber: 'SIUP-77' }),
      await ask({ email: 'anonim@contoh.id' }),
      await ask({ phone: '0814-3333-4444' }),
      await ask({ applicationNumber: 'rek-1' }),
    ];
    expect(answers[0]).toEqual({ status: 200, body: { mailedIfOpen: true }, length: expect.any(String) });
    for (const a of answers) expect(a).toEqual(answers[0]);
    await settle();
    // Only the open, named complaint's reporter was written to, once for the day though asked three ways.
    expect((await hintMails()).filter((m) => !m.recipient_email?.startsWith('sentinel')).map((m) => m.recipient_email)).toEqual(['budi@contoh.id']);
    expect((await hintMails()).every((m) => !m.idempotency_key.includes('@'))).toBe(true);
  });

  it('mails the number only to the address the complaint was filed with, without its access code', async () => {
    const before = sink.received.length;
    expect((await ask({ email: 'penyusup@contoh.id', phone: '+62 857-1234-5678' })).body).toEqual({ mailedIfOpen: true });
    await settle();
    await drain();
    const mails = sink.received.slice(before);
    const toDewi = mails.filter((m) => m.to.includes('dewi@contoh.id'));
    expect(toDewi).toHaveLength(1);
    expect(mails.some((m) => m.to.includes('penyusup@contoh.id'))).toBe(false);
    expect(toDewi[0]?.subject).toBe(`Pengaduan Anda yang masih diproses: ${dewi.trackingNumber}`);
    expect(toDewi[0]?.text).toContain(dewi.trackingNumber);
    expect(toDewi[0]?.text).not.toContain(dewi.accessCode);
    expect(toDewi[0]?.text).not.toContain(open.trackingNumber);
    expect(toDewi[0]?.html).not.toContain(dewi.accessCode);
    // Budi's mail from the first test went out in this drain too, to him alone.
    const toBudi = mails.filter((m) => m.to.includes('budi@contoh.id'));
    expect(toBudi.map((m) => m.to)).toEqual([['budi@contoh.id']]);
    expect(toBudi[0]?.text).toContain(open.trackingNumber);
    expect(toBudi[0]?.text).not.toContain(open.accessCode);
    for (const secret of [confidential, anonymous]) expect(mails.some((m) => m.text.includes(secret.trackingNumber))).toBe(false);
  });

  it('writes again the next day, not before', async () => {
    const count = async () => (await hintMails()).filter((m) => m.recipient_email === 'budi@contoh.id').length;
    await ask({ email: 'budi@contoh.id' });
    await settle();
    expect(await count()).toBe(1);
    t.clock.advance(24 * 3_600_000);
    await ask({ email: 'budi@contoh.id' });
    await settle();
    expect(await count()).toBe(2);
  });
});
