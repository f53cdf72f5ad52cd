import { useEffect, useRef, useState } from 'react';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { EVENT_NAMES } from '../shared/messages';
import { LIVE } from './messages';

/** A committed change to a complaint, as GET /api/staff/events tells it. */
export interface ComplaintChange {
  trackingNumber: string;
  version: number;
  state: string;
  action: string;
  actorName: string | null;
  actorType: 'staff' | 'reporter' | 'system';
  at: string;
}
export interface Viewer {
  userId: number;
  name: string;
}
export type LiveMessage =
  | { type: 'complaint'; data: ComplaintChange }
  | { type: 'presence'; data: { trackingNumber: string; viewers: Viewer[] } }
  | { type: 'notification'; data: { userId: number } }
  /** Events may have been missed: re-read what the page shows. */
  | { type: 'resync' };

const listeners = new Set<(message: LiveMessage) => void>();
let source: EventSource | undefined;
let closeTimer: number | undefined;

function dispatch(message: LiveMessage): void {
  for (const listener of listeners) listener(message);
}

/** One EventSource for the whole back office; the browser reconnects it (with Last-Event-ID) by itself. */
function connect(): void {
  window.clearTimeout(closeTimer);
  if (source && source.readyState !== EventSource.CLOSED) return;
  const next = new EventSource('/api/staff/events');
  source = next;
  let opened = false;
  next.addEventListener('open', () => {
    // After a reconnect what happened meanwhile may be missing from this instance's replay: re-read.
    if (opened) dispatch({ type: 'resync' });
    opened = true;
  });
  for (const type of ['complaint', 'presence', 'notification'] as const) {
    next.addEventListener(type, (event) => dispatch({ type, data: JSON.parse((event as MessageEvent<string>).data) } as LiveMessage));
  }
  next.addEventListener('resync', () => dispatch({ type: 'resync' }));
}

/**
 * Calls `onMessage` with every live event while mounted: other engineers' parts (e.g. the
 * notification bell on `notification`) listen the same way.
 */
export function useLiveEvents(onMessage: (message: LiveMessage) => void): void {
  const saved = useRef(onMessage);
  saved.current = onMessage;
  useEffect(() => {
    const listener = (message: LiveMessage) => saved.current(message);
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
      // Moving from the queue to a complaint unmounts one listener just before the next mounts: keep the stream.
      closeTimer = window.setTimeout(() => {
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      }, 5_000);
    };
  }, []);
}

const CLOCK = {
  id: new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Jakarta' }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Jakarta' }),
};

/** "Rina Kusuma", the action's name and "13.04": who did what, when (Jakarta time), for the sentences in LIVE. */
export function useDescribeChange(): (change: { actorName: string | null; actorType?: string; action: string; at: string }) => Record<string, string> {
  const { t, lang } = useLanguage();
  return (change) => ({
    name: change.actorName ?? t(change.actorType === 'system' ? LIVE.theSystem : LIVE.theReporter),
    action: t(EVENT_NAMES[change.action] ?? { id: change.action, en: change.action }),
    time: CLOCK[lang].format(new Date(change.at)),
  });
}

/** Who else has this complaint open: announced every 20 s while the page is open, and pushed as it changes. */
export function usePresence(trackingNumber: string, myId: number): Viewer[] {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const url = `/api/staff/complaints/${encodeURIComponent(trackingNumber)}/presence`;
  useEffect(() => {
    let cancelled = false;
    const announce = () =>
      api<{ viewers: Viewer[] }>('POST', url)
        .then((r) => !cancelled && setViewers(r.viewers))
        .catch(() => undefined);
    void announce();
    const timer = window.setInterval(() => void announce(), 20_000);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      void api('DELETE', url).catch(() => undefined);
    };
  }, [url]);
  useLiveEvents((message) => {
    if (message.type === 'presence' && message.data.trackingNumber === trackingNumber) setViewers(message.data.viewers);
  });
  return viewers.filter((v) => v.userId !== myId);
}
