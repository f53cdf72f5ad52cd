/**
 * A real SMTP server on loopback (smtp-server) that keeps what it receives, decoded enough for
 * tests to read: headers, recipients and the text and HTML parts. It can refuse (temporarily or
 * for good) and be slow, to exercise retries, dead letters and crashes.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  headers: Map<string, string>;
  messageId: string;
  idempotencyKey: string;
  subject: string;
  language: string;
  text: string;
  html: string;
  raw: string;
}

export interface SinkBehaviour {
  /** Answer 451 (try again later) to this many messages first. */
  tempFailures?: number;
  /** Answer 550 (refused for good) while true. */
  refuse?: boolean;
  /** Wait this long before accepting each message. */
  delayMs?: number;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Splits a MIME message into its decoded text/plain and text/html parts. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string; html: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const parts = { text: '', html: '' };
  const walk = (h: Map<string, string>, content: string) => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary) {
      for (const chunk of content.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const at = chunk.search(/\r?\n\r?\n/);
        walk(parseHeaders(chunk.slice(0, at)), chunk.slice(at).replace(/^\r?\n\r?\n/, ''));
      }
      return;
    }
    const decoded = decodeBody(content, h.get('content-transfer-encoding'));
    if (type.startsWith('text/html')) parts.html += decoded;
    else if (type.startsWith('text/plain')) parts.text += decoded;
  };
  walk(headers, body);
  return { headers, ...parts };
}

export interface SmtpSink {
  url: string;
  port: number;
  /** Every message received, repeats included, in order of arrival. */
  received: ReceivedMail[];
  behaviour: SinkBehaviour;
  /** One per idempotency key: what a receiver that drops repeats would keep. */
  unique(): ReceivedMail[];
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(behaviour: SinkBehaviour = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const state = { behaviour };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const b = state.behaviour;
        if (b.refuse) {
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        if (b.tempFailures && b.tempFailures > 0) {
          b.tempFailures--;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        // Counted on arrival, before the acknowledgement: a sender killed now will send it again.
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          headers: parsed.headers,
          messageId: parsed.headers.get('message-id') ?? '',
          idempotencyKey: parsed.headers.get('x-aduan-idempotency-key') ?? '',
          subject: parsed.headers.get('subject') ?? '',
          language: parsed.headers.get('content-language') ?? '',
          text: parsed.text,
          html: parsed.html,
          raw,
        });
        if (b.delayMs) setTimeout(() => callback(), b.delayMs);
        else callback();
      });
    },
  });
  server.on('error', () => {
    // A client killed mid-conversation resets its socket; that is what the crash test does.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: SinkBehaviour) {
      state.behaviour = b;
    },
    unique() {
      const seen = new Map<string, ReceivedMail>();
      for (const m of received) if (!seen.has(m.idempotencyKey)) seen.set(m.idempotencyKey, m);
      return [...seen.values()];
    },
    to(address: string) {
      return received.filter((m) => m.to.includes(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
