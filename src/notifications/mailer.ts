/**
 * Hands a rendered message to SMTP (nodemailer), or, with no SMTP configured, writes it as an
 * .eml file under DATA_DIR/outbox for the development mailbox. The outbox id names the file, so
 * sending a message twice (after a crash) overwrites rather than duplicates it.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config.js';
import { REPORTER_TEMPLATES, type TemplateKind } from './templates.js';

export interface OutgoingMail {
  outboxId: number;
  idempotencyKey: string;
  kind: string;
  to: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
  /** Secrets in the mail (a receipt's access code): delivered by SMTP, never kept readable in a file. */
  secrets?: readonly string[];
}

export interface Mailer {
  readonly mode: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A failure the SMTP server calls permanent (5xx): retrying will not help. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The Message-ID every attempt of one outbox message carries, so a receiver can drop repeats. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@aduan.outbox>`;
}

/** Mail to a reporter answers to the inbound mailbox when one is read, so a reply lands on the complaint; staff mail never does. */
function replyToFor(config: MailConfig, mail: OutgoingMail): { replyTo: string } | Record<string, never> {
  return config.replyTo && REPORTER_TEMPLATES.includes(mail.kind as TemplateKind) ? { replyTo: config.replyTo } : {};
}

function messageOptions(config: MailConfig, mail: OutgoingMail) {
  return {
    from: config.from,
    ...replyToFor(config, mail),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdFor(mail.idempotencyKey),
    date: new Date(mail.createdAt),
    headers: {
      'X-Aduan-Idempotency-Key': mail.idempotencyKey,
      'X-Aduan-Template': mail.kind,
      'Content-Language': mail.language,
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** What the development mailbox lists for each .eml file (a sidecar JSON beside it). */
export interface MailboxEntry {
  file: string;
  outboxId: number;
  kind: string;
  to: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  writtenAt: string;
}

export const HIDDEN_SECRET = '[disembunyikan / hidden]';

/**
 * The mail as the development mailbox keeps it: each secret replaced. The .eml file is the delivery
 * when no SMTP server is set, so an access code written there would be readable by whoever reads the
 * data folder or the admin mailbox; the reporter got the code on screen when filing.
 */
export function withoutSecrets(mail: OutgoingMail): OutgoingMail {
  const secrets = (mail.secrets ?? []).filter((s) => s.length > 0);
  if (secrets.length === 0) return mail;
  const hide = (text: string) => secrets.reduce((t, secret) => t.split(secret).join(HIDDEN_SECRET), text);
  return { ...mail, subject: hide(mail.subject), text: hide(mail.text), html: hide(mail.html), secrets: [] };
}

export function mailboxFileBase(outboxId: number, kind: string): string {
  return `${String(outboxId).padStart(8, '0')}-${kind.replace(/[^a-z_]/g, '')}`;
}

function writeAtomically(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

export function createMailer(config: MailConfig, now: () => Date = () => new Date()): Mailer {
  if (config.smtp) {
    const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
    const transport: Transporter =
      'url' in config.smtp
        ? nodemailer.createTransport({ url: config.smtp.url, ...timeouts })
        : nodemailer.createTransport({
            host: config.smtp.host,
            port: config.smtp.port,
            secure: config.smtp.secure,
            ...(config.smtp.user ? { auth: { user: config.smtp.user, pass: config.smtp.pass ?? '' } } : {}),
            ...timeouts,
          });
    return {
      mode: 'smtp',
      async send(mail) {
        await transport.sendMail(messageOptions(config, mail));
      },
      close: () => transport.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    mode: 'file',
    async send(sent) {
      const mail = withoutSecrets(sent);
      fs.mkdirSync(config.outboxDir, { recursive: true });
      const info = (await stream.sendMail(messageOptions(config, mail))) as { message: Buffer };
      const base = path.join(config.outboxDir, mailboxFileBase(mail.outboxId, mail.kind));
      const entry: MailboxEntry = {
        file: `${path.basename(base)}.eml`,
        outboxId: mail.outboxId,
        kind: mail.kind,
        to: mail.to,
        language: mail.language,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        writtenAt: now().toISOString(),
      };
      writeAtomically(`${base}.eml`, info.message);
      writeAtomically(`${base}.json`, JSON.stringify(entry));
    },
    close: () => stream.close(),
  };
}

/** The development mailbox: newest first. */
export function listMailbox(outboxDir: string, limit = 200): MailboxEntry[] {
  if (!fs.existsSync(outboxDir)) return [];
  const names = fs
    .readdirSync(outboxDir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, limit);
  const entries: MailboxEntry[] = [];
  for (const name of names) {
    try {
      entries.push(JSON.parse(fs.readFileSync(path.join(outboxDir, name), 'utf8')) as MailboxEntry);
    } catch {
      // A file half-written by a crashed process before the rename cannot exist; anything else unreadable is skipped.
    }
  }
  return entries;
}

/** Removes the mailbox files of the given outbox messages (retention); returns how many went. */
export function deleteMailboxFiles(outboxDir: string, messages: { id: number; kind: string }[]): number {
  let removed = 0;
  for (const m of messages) {
    for (const ext of ['.eml', '.json']) {
      const file = path.join(outboxDir, `${mailboxFileBase(m.id, m.kind)}${ext}`);
      if (fs.existsSync(file)) {
        fs.rmSync(file);
        removed++;
      }
    }
  }
  return removed;
}
