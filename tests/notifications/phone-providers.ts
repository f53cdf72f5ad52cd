/**
 * Two small HTTP servers on loopback playing WhatsApp's Graph API and an SMS gateway. Each checks
 * every request's shape (path, bearer token, JSON fields) as the real one would and answers like it:
 * a malformed request gets the provider's 400, so a wrong shape shows up as a dead letter in a test.
 * A test may queue answers (a 400, a 500) for the next requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body: unknown;
}

export interface FakeProvider {
  url: string;
  /** Every well-formed request's JSON body, in order. */
  received: Record<string, unknown>[];
  /** Requests refused for their shape, with why: a test expects none. */
  malformed: string[];
  /** Answers for the next requests, used before the normal one. */
  queue: Answer[];
  close(): Promise<void>;
}

type Check = (path: string, body: Record<string, unknown>) => string | null;

async function startProvider(options: { token: string; check: Check; ok: (body: Record<string, unknown>, n: number) => unknown; malformed: (why: string) => unknown }): Promise<FakeProvider> {
  const provider: Omit<FakeProvider, 'url' | 'close'> = { received: [], malformed: [], queue: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let body: Record<string, unknown> = {};
      let why: string | null = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        why = 'body is not JSON';
      }
      if (req.method !== 'POST') why = `method ${req.method ?? ''}`;
      else if (req.headers.authorization !== `Bearer ${options.token}`) why = 'wrong bearer token';
      else if (!String(req.headers['content-type']).startsWith('application/json')) why = 'not application/json';
      why ??= options.check(req.url ?? '', body);
      if (why) {
        provider.malformed.push(why);
        reply(400, options.malformed(why));
        return;
      }
      provider.received.push(body);
      const queued = provider.queue.shift();
      if (queued) reply(queued.status, queued.body);
      else reply(200, options.ok(body, provider.received.length));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...provider,
    // The arrays are shared with the handler above.
    received: provider.received,
    malformed: provider.malformed,
    queue: provider.queue,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const isDigits = (v: unknown) => typeof v === 'string' && /^[1-9]\d{7,14}$/.test(v);

export const GRAPH = { phoneNumberId: '109876543210987', token: 'EAAG-test-graph-token' };

/** Graph's error body, as Meta sends it. */
export const graphError = (code: number, message: string) => ({ error: { message, type: 'OAuthException', code, error_subcode: 2494010, fbtrace_id: 'AbCdEf' } });

/** WhatsApp Cloud API: POST /v21.0/{phone-number-id}/messages, a `text` or a `template` message. */
export function startGraphApi(): Promise<FakeProvider> {
  return startProvider({
    token: GRAPH.token,
    check: (path, b) => {
      if (path !== `/v21.0/${GRAPH.phoneNumberId}/messages`) return `path ${path}`;
      if (b.messaging_product !== 'whatsapp') return 'messaging_product';
      if (b.recipient_type !== 'individual') return 'recipient_type';
      if (!isDigits(b.to)) return 'to is not international digits';
      if (b.type === 'text') {
        const text = b.text as { body?: unknown } | undefined;
        return typeof text?.body === 'string' && text.body.length > 0 && text.body.length <= 4096 ? null : 'text.body';
      }
      if (b.type === 'template') {
        const t = b.template as { name?: unknown; language?: { code?: unknown }; components?: { type?: unknown; parameters?: { type?: unknown; text?: unknown }[] }[] } | undefined;
        if (typeof t?.name !== 'string' || !/^[a-z0-9_]+$/.test(t.name)) return 'template.name';
        if (t.language?.code !== 'id' && t.language?.code !== 'en') return 'template.language.code';
        const body = t.components?.find((c) => c.type === 'body');
        const ok = body?.parameters?.every((p) => p.type === 'text' && typeof p.text === 'string' && p.text.length > 0 && !/[\n\t]| {5}/.test(p.text));
        return ok ? null : 'template body parameters';
      }
      return `type ${String(b.type)}`;
    },
    ok: (b, n) => ({ messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.TEST${n}` }] }),
    malformed: (why) => graphError(100, `(#100) Invalid parameter: ${why}`),
  });
}

export const SMS = { token: 'sms-gateway-token-1' };

/** The SMS gateway contract of docs/operations.md: POST /send { to, text, reference, sender? } → 2xx { id }. */
export function startSmsGateway(): Promise<FakeProvider> {
  return startProvider({
    token: SMS.token,
    check: (path, b) => {
      if (path !== '/send') return `path ${path}`;
      if (!isDigits(b.to)) return 'to is not international digits';
      if (typeof b.text !== 'string' || b.text.length === 0 || b.text.length > 306) return 'text missing or longer than two segments';
      if (typeof b.reference !== 'string' || b.reference.length === 0) return 'reference';
      if (b.sender !== undefined && b.sender !== 'DPMPTSP') return 'sender';
      return null;
    },
    ok: (_b, n) => ({ id: `sms-${n}` }),
    malformed: (why) => ({ error: why }),
  });
}
