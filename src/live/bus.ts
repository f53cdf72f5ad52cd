import { sql, type Transaction } from 'kysely';
import type { Db, Listener } from '../db/database.js';
import type { Database } from '../db/schema.js';

/**
 * What happened, told to every open back-office page: the publish side of the live pages.
 * Events carry no personal data: tracking numbers, states, staff names, ids. `divisionIds` (the
 * divisions a complaint is disposed to) is for the server's filtering and is not sent to pages.
 */
export type LiveEvent =
  | {
      type: 'complaint';
      trackingNumber: string;
      version: number;
      state: string;
      /** The workflow action or `submitted`/`registered`. */
      action: string;
      /** The staff member who acted; null for the reporter or the system. */
      actorName: string | null;
      actorType: 'staff' | 'reporter' | 'system';
      at: string;
      divisionIds: number[];
    }
  /** Something for one user's bell: they re-read their notifications. */
  | { type: 'notification'; userId: number }
  /** Who has a complaint page open now. */
  | { type: 'presence'; trackingNumber: string; divisionIds: number[]; viewers: { userId: number; name: string }[] }
  /** A session ended (logout): its open streams close. */
  | { type: 'session_end'; sessionId: string }
  /** Events may have been missed (the LISTEN connection was lost): pages re-read what they show. */
  | { type: 'resync' };

export type LiveListener = (event: LiveEvent) => void;

const CHANNEL = 'aduan_live';

type Trx = Transaction<Database>;

/**
 * One per database handle. On PostgreSQL every instance hears every event through LISTEN/NOTIFY
 * (NOTIFY inside the action's transaction is delivered exactly when it commits, and never if it
 * rolls back); on SQLite there is one process and events go straight to its listeners, after the
 * commit (`liveTransaction`).
 */
export class LiveBus {
  private readonly listeners = new Set<LiveListener>();
  private listener: Listener | undefined;

  constructor(private readonly db: Db) {}

  /** Hear every event; on PostgreSQL the first subscriber opens the LISTEN connection. */
  async subscribe(listener: LiveListener): Promise<() => void> {
    this.listeners.add(listener);
    if (this.db.listen && !this.listener) {
      this.listener = this.db.listen(CHANNEL, {
        onMessage: (payload) => this.dispatch(JSON.parse(payload) as LiveEvent),
        onReconnect: () => this.dispatch({ type: 'resync' }),
      });
    }
    await this.listener?.ready;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.close();
    };
  }

  /** Tell every instance now (outside a transaction, or after it committed). */
  async publish(event: LiveEvent): Promise<void> {
    if (this.db.dialect === 'postgres') await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(this.db.kysely);
    else this.dispatch(event);
  }

  /** A transaction whose `publishInTransaction` events go out once it commits. */
  async transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    let events: LiveEvent[] = [];
    const result = await this.db.kysely.transaction().execute(async (trx) => {
      events = [];
      openTransactions.set(trx, { bus: this, events });
      return work(trx);
    });
    if (this.db.dialect === 'sqlite') for (const event of events) this.dispatch(event);
    return result;
  }

  /** @internal for publishInTransaction */
  async stage(trx: Trx, events: LiveEvent[], event: LiveEvent): Promise<void> {
    // NOTIFY in the transaction is delivered when it commits; SQLite's events wait in `events`.
    if (this.db.dialect === 'postgres') await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(trx);
    else events.push(event);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close();
  }

  private dispatch(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken stream must not keep the event from the others.
      }
    }
  }
}

const buses = new WeakMap<Db, LiveBus>();
/** Transactions opened by `liveTransaction`, with their bus and the events waiting for the commit. */
const openTransactions = new WeakMap<Trx, { bus: LiveBus; events: LiveEvent[] }>();

/** The bus of this database handle (one per process and database). */
export function liveBus(db: Db): LiveBus {
  let bus = buses.get(db);
  if (!bus) {
    bus = new LiveBus(db);
    buses.set(db, bus);
  }
  return bus;
}

/** Publish an event to every open page of every instance: the API for other modules (e.g. the notification bell). */
export function publish(ctx: { db: Db }, event: LiveEvent): Promise<void> {
  return liveBus(ctx.db).publish(event);
}

/** Run `work` in one transaction; events it publishes with `publishInTransaction` go out after the commit. */
export function liveTransaction<T>(ctx: { db: Db }, work: (trx: Trx) => Promise<T>): Promise<T> {
  return liveBus(ctx.db).transaction(work);
}

/**
 * Publish `event` when `trx` commits if `trx` came from `liveTransaction`; otherwise nothing (for writers
 * such as the notification bell, whose pages also poll).
 */
export async function publishIfLive(db: Trx | Db['kysely'], event: LiveEvent): Promise<boolean> {
  const entry = openTransactions.get(db as Trx);
  if (!entry) return false;
  await entry.bus.stage(db as Trx, entry.events, event);
  return true;
}

/** Publish `event` when `trx` commits (never if it rolls back); `trx` must come from `liveTransaction`. */
export async function publishInTransaction(trx: Trx, event: LiveEvent): Promise<void> {
  const entry = openTransactions.get(trx);
  if (!entry) throw new Error('publishInTransaction outside liveTransaction');
  await entry.bus.stage(trx, entry.events, event);
}
