import { useEffect, useRef, useState } from 'react';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { TEAM } from './messages';
import { Link, PATHS } from './router';
import { markRead, refreshTeam, useTeam, type Notice } from './team-data';
import { When } from './ui';

/** The header's bell: the unread count, and the list once opened; opening a notice marks it read. */
export function Bell() {
  const { t } = useLanguage();
  const { unread, generation } = useTeam();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notice[]>();
  const [next, setNext] = useState<number | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    api<{ items: Notice[]; nextCursor: number | null }>('GET', '/api/staff/notifications').then(
      (page) => {
        if (cancelled) return;
        setItems(page.items);
        setNext(page.nextCursor);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [open, generation]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => panel.current && !panel.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const toggle = () => {
    if (!open) void refreshTeam();
    setOpen(!open);
  };
  const older = async () => {
    if (next === null) return;
    const page = await api<{ items: Notice[]; nextCursor: number | null }>('GET', `/api/staff/notifications?cursor=${next}`);
    setItems([...(items ?? []), ...page.items]);
    setNext(page.nextCursor);
  };
  const text = (n: Notice) => t(TEAM.notices[n.kind], { actor: n.actor ?? t(TEAM.system), tn: n.trackingNumber ?? '' });
  const count = unread ?? 0;

  return (
    <div className="bell" ref={panel}>
      <button type="button" className="btn btn-secondary bell-button" aria-expanded={open} aria-controls="bell-list" onClick={toggle} data-testid="bell">
        {/* Drawn, not the emoji: a computer without an emoji font showed an empty box. */}
        <svg className="bell-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        <span className="visually-hidden">{t(TEAM.bellUnread, { n: count })}</span>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="bell-count">
            {count}
          </span>
        )}
      </button>
      {open && (
        <div id="bell-list" className="bell-list panel" role="region" aria-label={t(TEAM.bell)}>
          <div className="bell-head">
            <strong>{t(TEAM.bell)}</strong>
            <button type="button" className="btn btn-link" onClick={() => void markRead({ all: true })} disabled={count === 0}>
              {t(TEAM.markAllRead)}
            </button>
          </div>
          {items && items.length === 0 && <p className="muted">{t(TEAM.noNotices)}</p>}
          <ul>
            {items?.map((n) => (
              <li key={n.id} className={n.readAt ? 'notice-read' : 'notice-unread'} data-kind={n.kind}>
                {n.trackingNumber ? (
                  <Link
                    href={PATHS.complaint(n.trackingNumber)}
                    onClick={() => {
                      setOpen(false);
                      if (!n.readAt) void markRead({ ids: [n.id] });
                    }}
                  >
                    {text(n)}
                  </Link>
                ) : (
                  text(n)
                )}
                {n.subject && <div className="small muted">{n.subject}</div>}
                <div className="small muted">
                  <When iso={n.createdAt} />
                </div>
              </li>
            ))}
          </ul>
          {next !== null && (
            <button type="button" className="btn btn-link" onClick={() => void older()}>
              {t(TEAM.olderNotices)}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
