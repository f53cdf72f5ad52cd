import { sql } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { OfficeSettingsStore } from '../../src/settings/office-settings.js';
import type { Client, TestApp } from './test-app.js';

/** A second app instance over the same PostgreSQL database (its own pool and LISTEN connection), on its own port. */
export async function startPeerInstance(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  if (t.db.dialect !== 'postgres') throw new Error('a peer instance needs PostgreSQL');
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.db.kysely);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${rows[0]?.name ?? ''}`;
  const db = openDatabase({ dialect: 'postgres', url: url.toString(), poolSize: 3 });
  const { app } = await buildApp({ db, config: t.ctx.config, now: t.clock.now, settings: new OfficeSettingsStore(db.kysely, t.clock.now) }, { logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a text/event-stream with fetch, frame by frame; every wait is bounded. */
export class EventStream {
  private buffer = '';
  private done = false;
  private readonly decoder = new TextDecoder();
  /** Comment lines seen (`: connected`, `: ping`). */
  readonly comments: string[] = [];
  /** Events read while waiting for a comment, handed out by `next` first. */
  private readonly early: SseMessage[] = [];

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
    private readonly controller: AbortController,
  ) {}

  static async open(baseUrl: string, client: Client, headers: Record<string, string> = {}): Promise<EventStream> {
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}/api/staff/events`, {
      headers: { accept: 'text/event-stream', ...(client.sessionCookie ? { cookie: client.sessionCookie } : {}), ...headers },
      signal: controller.signal,
    });
    const stream = new EventStream(res.status, res.headers, res.ok ? res.body?.getReader() : undefined, controller);
    if (res.ok) await stream.waitForComment('connected');
    return stream;
  }

  private async read(deadline: number): Promise<boolean> {
    if (this.done || !this.reader) return false;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('timed out waiting on the event stream');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out waiting on the event stream')), left);
    });
    try {
      const { value, done } = await Promise.race([this.reader.read(), timeout]);
      if (done) {
        this.done = true;
        return false;
      }
      this.buffer += this.decoder.decode(value, { stream: true });
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The next complete frame, or undefined once the stream ended. */
  private async frame(deadline: number): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return frame;
      }
      if (!(await this.read(deadline))) return undefined;
    }
  }

  async waitForComment(text: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    if (this.comments.includes(text)) return;
    for (;;) {
      const frame = await this.frame(deadline);
      if (frame === undefined) throw new Error(`stream ended before ": ${text}"`);
      const message = this.parse(frame);
      if (message) this.early.push(message);
      else if (this.comments.includes(text)) return;
    }
  }

  private parse(frame: string): SseMessage | undefined {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    return data.length ? { id, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> } : undefined;
  }

  /** The next event that matches, skipping others; fails after `ms`. */
  async next(match: (m: SseMessage) => boolean = () => true, ms = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + ms;
    while (this.early.length) {
      const message = this.early.shift() as SseMessage;
      if (match(message)) return message;
    }
    for (;;) {
      const frame = await this.frame(deadline);
      if (frame === undefined) throw new Error('the event stream ended');
      const message = this.parse(frame);
      if (message && match(message)) return message;
    }
  }

  /** Resolves true once the server ends the stream; fails after `ms`. */
  async ended(ms = 10_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while ((await this.frame(deadline)) !== undefined) {
      // drain
    }
    return true;
  }

  close(): void {
    this.controller.abort();
  }
}
