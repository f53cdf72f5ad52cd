import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionStillValid } from '../accounts/service.js';
import type { AppContext } from '../context.js';
import type { StaffPrincipal } from '../shared/http.js';
import { liveBus, type LiveEvent } from './bus.js';

/** A comment line this often keeps proxies from closing a quiet stream, and rechecks the session. */
export const HEARTBEAT_MS = 20_000;
/** Events kept for a page that reconnects with Last-Event-ID. */
const REPLAY_SIZE = 500;

interface Stream {
  principal: StaffPrincipal;
  write(text: string): void;
  end(): void;
}

/** What a page may hear: division officers only of complaints disposed to their division; a bell only its owner's. */
export function audienceIncludes(principal: StaffPrincipal, event: LiveEvent): boolean {
  switch (event.type) {
    case 'complaint':
    case 'presence':
      return principal.role !== 'division_officer' || (principal.divisionId !== null && event.divisionIds.includes(principal.divisionId));
    case 'notification':
      return event.userId === principal.userId;
    case 'resync':
      return true;
    case 'session_end':
      return false;
  }
}

/** The event as the page reads it: without the fields kept for filtering. */
function wire(event: LiveEvent): { name: string; data: Record<string, unknown> } {
  switch (event.type) {
    case 'complaint': {
      const { type, divisionIds: _d, ...data } = event;
      return { name: type, data };
    }
    case 'presence':
      return { name: event.type, data: { trackingNumber: event.trackingNumber, viewers: event.viewers } };
    case 'notification':
      return { name: event.type, data: { userId: event.userId } };
    default:
      return { name: event.type, data: {} };
  }
}

/** The open event streams of this process, fed by one subscription to the bus. */
export class LiveStreams {
  private readonly streams = new Set<Stream>();
  /** Ids are this process's boot id and a sequence: another instance's id means "missed, resync". */
  private readonly bootId = crypto.randomBytes(4).toString('hex');
  private seq = 0;
  private readonly recent: { seq: number; event: LiveEvent }[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly ctx: AppContext) {}

  async start(): Promise<void> {
    this.unsubscribe = await liveBus(this.ctx.db).subscribe((event) => this.deliver(event));
  }

  /** Ends every stream (the server is closing; pages reconnect to another instance). */
  close(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private deliver(event: LiveEvent): void {
    if (event.type === 'session_end') {
      for (const stream of this.streams) if (stream.principal.sessionId === event.sessionId) stream.end();
      return;
    }
    const seq = ++this.seq;
    this.recent.push({ seq, event });
    if (this.recent.length > REPLAY_SIZE) this.recent.shift();
    for (const stream of this.streams) this.send(stream, seq, event);
  }

  private send(stream: Stream, seq: number, event: LiveEvent): void {
    if (!audienceIncludes(stream.principal, event)) return;
    const { name, data } = wire(event);
    stream.write(`id: ${this.bootId}.${seq}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Takes over the reply and keeps it open as a text/event-stream until the page leaves or the session ends. */
  open(request: FastifyRequest, reply: FastifyReply, principal: StaffPrincipal): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const heartbeat = setInterval(() => {
      stream.write(': ping\n\n');
      void sessionStillValid(this.ctx, principal.sessionId).then(
        (valid) => valid || stream.end(),
        () => undefined,
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const stream: Stream = {
      principal,
      write: (text) => {
        if (!res.writableEnded) res.write(text);
      },
      end: () => {
        clearInterval(heartbeat);
        this.streams.delete(stream);
        if (!res.writableEnded) res.end();
      },
    };
    request.raw.on('close', () => stream.end());
    // Reconnect after 3 s; then replay what this instance sent since the page's last event, or ask it to re-read.
    stream.write('retry: 3000\n\n');
    const lastId = request.headers['last-event-id'];
    if (typeof lastId === 'string' && lastId) {
      const [boot, seqText] = lastId.split('.');
      const since = Number(seqText);
      const oldest = this.recent[0]?.seq ?? this.seq + 1;
      if (boot === this.bootId && Number.isInteger(since) && since >= oldest - 1) {
        for (const item of this.recent) if (item.seq > since) this.send(stream, item.seq, item.event);
      } else this.send(stream, this.seq, { type: 'resync' });
    }
    this.streams.add(stream);
    stream.write(': connected\n\n');
  }
}
