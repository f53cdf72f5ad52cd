import { useEffect, useRef, useState, type FormEvent } from 'react';
import { StateBadge } from '../shared/components';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON, STATE_NAMES, type StateName } from '../shared/messages';
import { useApiGet, useCatalogues, usePolling } from './data';
import { useLiveEvents } from './live';
import { CHANNEL_NAMES, LIVE, O, QUEUE_NAMES, TEAM } from './messages';
import { BulkBar, SavedFilters } from './QueueTools';
import { Link, navigate, PATHS, useLocation } from './router';
import { useMe } from './session';
import { ANONYMOUS, CHANNELS, type InboxPage, type QueueCounts, type Role } from './types';
import { DeadlineBadge, Problem, When, useShortcuts } from './ui';

type QueueKey = 'new' | 'waitingOnReporter' | 'disposed' | 'awaitingApproval' | 'overdue' | 'open' | 'all';

const OPEN_STATES: StateName[] = ['received', 'acknowledged', 'clarification', 'disposed', 'followed_up', 'answer_drafted', 'answered', 'on_hold', 'reopened'];

/** What each queue asks the inbox for. */
const QUEUE_QUERY: Record<QueueKey, Record<string, string>> = {
  new: { state: 'received' },
  waitingOnReporter: { state: 'clarification' },
  disposed: { state: 'disposed' },
  awaitingApproval: { state: 'answer_drafted' },
  overdue: { overdue: 'true' },
  open: { state: OPEN_STATES.join(',') },
  all: {},
};

/** The queues each role works from, its own first. */
function queuesFor(role: Role): QueueKey[] {
  switch (role) {
    case 'staff':
      return ['new', 'waitingOnReporter', 'awaitingApproval', 'overdue', 'open', 'all'];
    case 'section_head':
    case 'division_head':
      return ['awaitingApproval', 'new', 'disposed', 'waitingOnReporter', 'overdue', 'open', 'all'];
    case 'division_officer':
      return ['disposed', 'overdue', 'all'];
    case 'admin':
      return ['all', 'new', 'overdue', 'open'];
  }
}

const FILTER_KEYS = ['state', 'divisionId', 'permitTypeId', 'channel', 'classId', 'themeId', 'owner', 'overdue', 'firstResponse', 'answer', 'rated', 'from', 'to', 'q', 'sort'] as const;
/** A slow fallback should the event stream be unavailable; changes arrive live (useLiveEvents). */
const POLL_MS = 60_000;
/** Nearest (and overdue) deadline first in every queue unless the user picks another order. */
const DEFAULT_SORT = 'due_asc';

function queueLabel(key: QueueKey, role: Role): Bilingual {
  return key === 'disposed' && role === 'division_officer' ? QUEUE_NAMES.disposedMine : QUEUE_NAMES[key];
}

export function Queue() {
  const { t, lang } = useLanguage();
  const me = useMe();
  const { search } = useLocation();
  const catalogues = useCatalogues();
  const queues = queuesFor(me.role);
  const queue = (queues.find((q) => q === search.get('queue')) ?? queues[0]) as QueueKey;
  const page = Math.max(1, Number(search.get('page')) || 1);

  const params = new URLSearchParams({ ...QUEUE_QUERY[queue], pageSize: '25', page: String(page) });
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value) params.set(key, value);
  }
  // The order in use is the one the sort control shows (before, the control said "Newest" over a
  // deadline-ordered list, and "Newest" meant "no sort", which put the deadline order back).
  const sort = search.get('sort') ?? DEFAULT_SORT;
  params.set('sort', sort);
  const listing = useApiGet<InboxPage>(`/api/staff/complaints?${params.toString()}`);
  const counts = useApiGet<QueueCounts>('/api/staff/queues');

  // Live queue: re-read the counts and this page; say so when new complaints arrive.
  const [announcement, setAnnouncement] = useState('');
  const lastNew = useRef<number | undefined>(undefined);
  useEffect(() => {
    const n = counts.data?.new;
    if (n === undefined) return;
    if (lastNew.current !== undefined && n > lastNew.current) setAnnouncement(t(O.newArrived, { n: n - lastNew.current }));
    lastNew.current = n;
  }, [counts.data, t]);
  usePolling(() => {
    void counts.reload();
    void listing.reload();
  }, POLL_MS);
  // Someone acted on a complaint: rows change state, leave or join this queue, without a reload.
  const pendingReload = useRef<number | undefined>(undefined);
  useLiveEvents((message) => {
    if (message.type !== 'complaint' && message.type !== 'resync') return;
    window.clearTimeout(pendingReload.current);
    pendingReload.current = window.setTimeout(() => {
      void counts.reload();
      void listing.reload();
    }, 200);
  });
  const [chosen, setChosen] = useState<ReadonlyMap<string, number>>(new Map());
  // The rows on screen are the versions the user decides on: keep the chosen ones' versions with them.
  useEffect(() => {
    setChosen((current) => {
      if (current.size === 0) return current;
      const next = new Map(current);
      for (const item of listing.data?.items ?? []) if (next.has(item.trackingNumber)) next.set(item.trackingNumber, item.version);
      return next;
    });
  }, [listing.data]);
  const toggle = (trackingNumber: string, version: number, on: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      if (on) next.set(trackingNumber, version);
      else next.delete(trackingNumber);
      return next;
    });

  const items = listing.data?.items ?? [];
  const [selected, setSelected] = useState(0);
  useEffect(() => setSelected(0), [queue, page]);
  const rowRefs = useRef<(HTMLAnchorElement | null)[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);
  const move = (delta: number) => {
    if (!items.length) return;
    const next = Math.min(items.length - 1, Math.max(0, selected + delta));
    setSelected(next);
    rowRefs.current[next]?.focus();
  };
  const openSelected = () => {
    const item = items[selected];
    if (item) navigate(PATHS.complaint(item.trackingNumber));
  };
  useShortcuts({ j: () => move(1), k: () => move(-1), o: openSelected, Enter: openSelected, '/': () => searchRef.current?.focus() });

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    next.delete('lang');
    const qs = next.toString();
    navigate(qs ? `${PATHS.queue}?${qs}` : PATHS.queue);
  };

  const [draft, setDraft] = useState(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>);
  const applyFilters = (event: FormEvent) => {
    event.preventDefault();
    // The inbox searches from two characters; one is ignored rather than answered with an error.
    const q = draft.q.trim();
    go({ ...draft, q: q.length >= 2 ? q : undefined });
  };
  const clearFilters = () => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as typeof draft);
    navigate(`${PATHS.queue}?queue=${queue}`);
  };

  const total = listing.data?.total ?? 0;
  // A common word's count stops at the cap: its pages go on past the counted ones.
  const moreThanTotal = listing.data?.totalIsLowerBound ?? false;
  const pages = Math.max(1, Math.ceil(total / 25));
  const permitName = (id: number | null) => (id === null ? '—' : (catalogues?.permitTypes.find((p) => p.id === id)?.name ?? `#${id}`));
  const countOf = (key: QueueKey) => (key === 'all' ? undefined : (counts.data?.[key] ?? undefined));

  return (
    <>
      <h1 tabIndex={-1}>{t(O.queueTitle)}</h1>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <nav aria-label={t(O.queuesLabel)} className="queue-tabs">
        <ul>
          {queues.map((key) => {
            const n = countOf(key);
            return (
              <li key={key}>
                <Link href={`${PATHS.queue}?queue=${key}`} aria-current={key === queue ? 'page' : undefined} className={key === 'overdue' && n ? 'tab-alert' : undefined}>
                  {t(queueLabel(key, me.role))}
                  {n !== undefined && (
                    <span className="count" data-queue-count={key}>
                      {formatNumber(n, lang)}
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <details className="filters" open={FILTER_KEYS.some((k) => k !== 'q' && k !== 'sort' && search.get(k)) || undefined}>
        <summary>{t(O.filters)}</summary>
        <form onSubmit={applyFilters} className="filter-grid" role="search">
          <div className="field">
            <label htmlFor="f-state">{t(COMMON.state)}</label>
            <select id="f-state" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
              <option value="">{t(O.anyState)}</option>
              {(Object.keys(STATE_NAMES) as StateName[]).map((s) => (
                <option key={s} value={s}>
                  {t(STATE_NAMES[s])}
                </option>
              ))}
            </select>
          </div>
          {me.role !== 'division_officer' && (
            <FilterSelect id="f-division" label={t(O.division)} any={t(O.anyDivision)} value={draft.divisionId} onChange={(v) => setDraft({ ...draft, divisionId: v })} options={(catalogues?.divisions ?? []).map((d) => [d.id, d.name])} />
          )}
          <FilterSelect id="f-permit" label={t(O.permitType)} any={t(O.anyPermit)} value={draft.permitTypeId} onChange={(v) => setDraft({ ...draft, permitTypeId: v })} options={(catalogues?.permitTypes ?? []).map((p) => [p.id, p.name])} />
          <FilterSelect id="f-channel" label={t(O.channel)} any={t(O.anyChannel)} value={draft.channel} onChange={(v) => setDraft({ ...draft, channel: v })} options={CHANNELS.map((c) => [c, t(CHANNEL_NAMES[c])])} />
          <FilterSelect id="f-class" label={t(O.complaintClass)} any={t(O.anyClass)} value={draft.classId} onChange={(v) => setDraft({ ...draft, classId: v })} options={(catalogues?.classes ?? []).map((c) => [c.id, lang === 'en' ? c.name_en : c.name_id])} />
          <FilterSelect id="f-theme" label={t(O.theme)} any={t(O.anyTheme)} value={draft.themeId} onChange={(v) => setDraft({ ...draft, themeId: v })} options={(catalogues?.themes ?? []).map((c) => [c.id, lang === 'en' ? c.name_en : c.name_id])} />
          {me.role !== 'division_officer' && (
            <FilterSelect id="f-owner" label={t(TEAM.ownerColumn)} any={t(QUEUE_NAMES.all)} value={draft.owner} onChange={(v) => setDraft({ ...draft, owner: v })} options={[['me', t(TEAM.ownerMe)], ['none', t(TEAM.ownerNone)]]} />
          )}
          <div className="field">
            <label htmlFor="f-from">{t(O.from)}</label>
            <input id="f-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t(O.to)}</label>
            <input id="f-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <div className="filter-buttons">
            <button type="submit" className="btn btn-primary">
              {t(O.filters)}
            </button>
            <button type="button" className="btn btn-secondary" onClick={clearFilters}>
              {t(O.clearFilters)}
            </button>
          </div>
        </form>
      </details>

      <form className="search-row" role="search" onSubmit={applyFilters}>
        <label htmlFor="f-q" className="visually-hidden">
          {t(O.search)}
        </label>
        <input id="f-q" ref={searchRef} type="search" placeholder={t(O.search)} title={t(O.searchHint)} aria-describedby="f-q-hint" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} aria-keyshortcuts="/" />
        <span id="f-q-hint" className="visually-hidden">
          {t(O.searchHint)}
        </span>
        <button type="submit" className="btn btn-primary">
          {t(O.searchButton)}
        </button>
        <label htmlFor="f-sort">{t(O.sort)}</label>
        <select id="f-sort" value={sort} onChange={(e) => go({ sort: e.target.value === DEFAULT_SORT ? undefined : e.target.value })}>
          <option value="due_asc">{t(O.sortDue)}</option>
          <option value="received_desc">{t(O.sortNewest)}</option>
          <option value="received_asc">{t(O.sortOldest)}</option>
        </select>
      </form>

      <SavedFilters search={search} />
      <Problem error={listing.error} onRetry={() => void listing.reload()} />
      <p className="muted" aria-live="polite">
        {listing.data ? t(moreThanTotal ? O.resultsMore : O.results, { n: formatNumber(total, lang) }) : ''} · {t(LIVE.liveOn)}
      </p>
      <BulkBar
        chosen={chosen}
        onClear={() => setChosen(new Map())}
        onDone={() => {
          void listing.reload();
          void counts.reload();
        }}
      />
      {listing.data && items.length === 0 ? (
        <p className="empty">{t(O.noResults)}</p>
      ) : (
        <div className="table-wrap">
          <table className="table queue-table" aria-busy={listing.loading || undefined}>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t(LIVE.selectAll)}
                    checked={items.length > 0 && items.every((i) => chosen.has(i.trackingNumber))}
                    onChange={(e) => setChosen(e.target.checked ? new Map(items.map((i) => [i.trackingNumber, i.version])) : new Map())}
                  />
                </th>
                <th scope="col">{t(O.trackingNumber)}</th>
                <th scope="col">{t(O.subject)}</th>
                <th scope="col">{t(O.reporter)}</th>
                <th scope="col">{t(COMMON.state)}</th>
                <th scope="col">{t(O.received)}</th>
                <th scope="col">{t(O.deadline)}</th>
                <th scope="col">{t(TEAM.ownerColumn)}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => (
                <tr key={item.trackingNumber} className={i === selected ? 'selected' : undefined} data-tracking-number={item.trackingNumber} data-state={item.state}>
                  <td>
                    <input type="checkbox" aria-label={t(LIVE.select, { tn: item.trackingNumber })} checked={chosen.has(item.trackingNumber)} onChange={(e) => toggle(item.trackingNumber, item.version, e.target.checked)} />
                  </td>
                  <td>
                    <Link
                      href={PATHS.complaint(item.trackingNumber)}
                      ref={(el) => {
                        rowRefs.current[i] = el;
                      }}
                      onFocus={() => setSelected(i)}
                      className="mono"
                    >
                      {item.trackingNumber}
                    </Link>
                  </td>
                  <td>
                    {item.subject}
                    <div className="muted small">
                      {t(CHANNEL_NAMES[item.channel])} · {permitName(item.permitTypeId)}
                      {item.confidential && <span className="tag tag-confidential">{t(O.confidential)}</span>}
                    </div>
                  </td>
                  <td>
                    {item.anonymous && <span className="tag">{t(O.anonymous)}</span>} {item.anonymous && item.reporterName === ANONYMOUS ? null : (item.reporterName ?? '—')}
                  </td>
                  <td>
                    <StateBadge state={item.state} />
                  </td>
                  <td>
                    <When iso={item.receivedAt} />
                  </td>
                  <td>
                    <DeadlineBadge deadline={item.deadline} state={item.state} />
                  </td>
                  <td data-testid="owner">{item.owner?.name ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(pages > 1 || moreThanTotal) && (
        <nav aria-label={t(O.pagination)} className="pager">
          <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>
            {t(O.previous)}
          </button>
          <span>{t(moreThanTotal ? O.pageOfMore : O.pageOf, { page: formatNumber(page, lang), pages: formatNumber(pages, lang) })}</span>
          <button type="button" className="btn btn-secondary" disabled={moreThanTotal ? (listing.data?.items.length ?? 0) < 25 : page >= pages} onClick={() => go({ page: String(page + 1) })}>
            {t(O.next)}
          </button>
        </nav>
      )}
    </>
  );
}

/** One filter of the inbox: a labelled select whose empty option means "any". */
function FilterSelect(props: { id: string; label: string; any: string; value: string; onChange: (value: string) => void; options: readonly (readonly [string | number, string])[] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.any}</option>
        {props.options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
