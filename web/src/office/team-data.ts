import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { api } from '../shared/api';
import { usePolling } from './data';
import { useLiveEvents } from './live';
import type { StateName } from '../shared/messages';

/**
 * The unread count and "my work", shared by the header, the bell and the page. `refreshTeam()`
 * re-reads both: call it after an action, when the bell opens, or when the live channel says a
 * notification came. Without the live channel the count is polled every 30 s.
 */

export type MyWorkSectionKey = 'assigned' | 'approvals' | 'to_dispose' | 'returned' | 'replied' | 'division' | 'dispositions';

export interface MyWorkItem {
  trackingNumber: string;
  subject: string;
  state: StateName;
  version: number;
  dueAt: string | null;
  overdue: boolean;
  workingDaysLeft: number | null;
  note: string | null;
  dispositionId: number | null;
}

export interface MyWork {
  sections: { key: MyWorkSectionKey; count: number; items: MyWorkItem[] }[];
  total: number;
}

export type NoticeKind =
  | 'assigned'
  | 'unassigned'
  | 'disposition_received'
  | 'draft_returned'
  | 'approval_awaited'
  | 'reporter_replied'
  | 'follow_up_done'
  | 'answer_approved'
  | 'deadline_approaching'
  | 'deadline_missed';

export interface Notice {
  id: number;
  kind: NoticeKind;
  trackingNumber: string | null;
  subject: string | null;
  actor: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
}

interface TeamState {
  unread: number | undefined;
  myWork: MyWork | undefined;
  /** Bumped on every refresh, so the open bell re-reads its list too. */
  generation: number;
}

let state: TeamState = { unread: undefined, myWork: undefined, generation: 0 };
const listeners = new Set<() => void>();
const set = (next: Partial<TeamState>) => {
  state = { ...state, ...next };
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

let myWorkReads = 0;

async function loadMyWork(): Promise<void> {
  const read = ++myWorkReads;
  try {
    const myWork = await api<MyWork>('GET', '/api/staff/my-work');
    if (read === myWorkReads) set({ myWork });
  } catch {
    // The next refresh tries again; the page shows what it had.
  }
}

/** Reads overlap (the poll, the live channel, the bell): only the newest may set the count. */
let countReads = 0;

/** `myWorkRead`: a read of "my work" already under way (refreshTeam), waited for instead of starting another. */
async function loadCount(myWorkRead?: Promise<void>): Promise<void> {
  const read = ++countReads;
  try {
    const { unread } = await api<{ unread: number }>('GET', '/api/staff/notifications/count');
    if (read !== countReads) return;
    // A new notification is new work: the list changes with the count, not after it.
    if (myWorkRead) await myWorkRead;
    else if (state.unread !== undefined && unread !== state.unread) await loadMyWork();
    if (read !== countReads) return;
    set({ unread });
  } catch {
    // as above
  }
}

/** Re-read the count, "my work" and the open bell's list. */
export async function refreshTeam(): Promise<void> {
  set({ generation: state.generation + 1 });
  const myWorkRead = loadMyWork();
  await loadCount(myWorkRead);
}

/** Marks notifications read and updates the count at once. */
export async function markRead(body: { ids: number[] } | { all: true }): Promise<void> {
  const read = ++countReads;
  const { unread } = await api<{ unread: number }>('POST', '/api/staff/notifications/read', { json: body });
  if (read === countReads) set({ unread });
  set({ generation: state.generation + 1 });
}

export function useTeam(): TeamState {
  return useSyncExternalStore(subscribe, () => state);
}

/** Mount once (the header): first read, then the 30-second fallback poll of the count. */
export function useTeamPolling(): void {
  useEffect(() => {
    state = { unread: undefined, myWork: undefined, generation: 0 };
    void refreshTeam();
  }, []);
  const tick = useCallback(() => void loadCount(), []);
  usePolling(tick, 30_000);
  // A notification for me changes the count; a change to any complaint may move "my work" only.
  useLiveEvents((message) => {
    if (message.type === 'notification' || message.type === 'resync') schedule('all');
    else if (message.type === 'complaint') schedule('my-work');
  });
}

let refreshTimer: number | undefined;
let pending: 'all' | 'my-work' | undefined;
/** Several events in a burst (a bulk action) make one read; a full refresh covers "my work" too. */
function schedule(what: 'all' | 'my-work'): void {
  pending = pending === 'all' ? 'all' : what;
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => {
    const read = pending;
    pending = undefined;
    void (read === 'all' ? refreshTeam() : loadMyWork());
  }, 250);
}
