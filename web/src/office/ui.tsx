import { useEffect, useRef, type ReactNode } from 'react';
import { problemMessage } from '../shared/components';
import { formatDate, formatDateTime, useLanguage } from '../shared/i18n';
import { DEADLINE_KINDS } from '../shared/messages';
import { workingTimeText } from '../shared/working-time';
import { O, SHORTCUTS } from './messages';
import type { Deadline } from './types';

/** States whose handling is over (src/workflow/state-machine.ts FINAL_STATES): no clock runs, none is paused. */
const FINISHED: readonly string[] = ['closed', 'rejected', 'referred'];

// The portal reads working time the same way (web/src/shared/working-time.ts).
export { workingTimeText };

/** Working time left, red when overdue; the due date in the tooltip and for screen readers. A finished complaint has no clock. */
export function DeadlineBadge({ deadline, long, state }: { deadline: Deadline | null; long?: boolean; state?: string }) {
  const { t, lang } = useLanguage();
  if (!deadline && state && FINISHED.includes(state)) return long ? null : <span className="deadline deadline-none">{t(O.none)}</span>;
  if (!deadline) return <span className="deadline deadline-none">{t(O.paused)}</span>;
  const time = workingTimeText(deadline.workingDaysLeft, t, lang);
  const soon = !deadline.overdue && deadline.workingDaysLeft < 1;
  const text = deadline.overdue ? t(O.overdueBy, { time }) : t(O.timeLeft, { time });
  const due = `${t(DEADLINE_KINDS[deadline.kind] ?? O.deadline)}: ${formatDateTime(deadline.dueAt, lang)}`;
  return (
    <span className={`deadline ${deadline.overdue ? 'deadline-overdue' : soon ? 'deadline-soon' : 'deadline-ok'}`} title={due} data-overdue={deadline.overdue}>
      {text}
      {long ? <span className="deadline-due"> · {due}</span> : <span className="visually-hidden"> ({due})</span>}
    </span>
  );
}

export function When({ iso, time = true }: { iso: string | null; time?: boolean }) {
  const { lang } = useLanguage();
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{time ? formatDateTime(iso, lang) : formatDate(iso, lang)}</time>;
}

export function Problem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useLanguage();
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{problemMessage(error, t)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t(O.retry)}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

/** The keyboard-shortcut help, a native modal dialog (focus trap and Esc for free). */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">{t(O.help)}</h2>
      <table className="table shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{t(s.what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-primary" onClick={onClose}>
        {t(O.close)}
      </button>
    </dialog>
  );
}

/** True when a key press belongs to a text field, not to the page's shortcuts. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  // Enter on a link or button is that control's own activation, not a page shortcut.
  if (event.key === 'Enter' && (tag === 'A' || tag === 'BUTTON' || tag === 'SUMMARY')) return true;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable || event.ctrlKey || event.metaKey || event.altKey;
}

/** Listens for single-key shortcuts while mounted. */
export function useShortcuts(map: Readonly<Record<string, () => void>>): void {
  const saved = useRef(map);
  saved.current = map;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || document.querySelector('dialog[open]')) return;
      const run = saved.current[event.key];
      if (run) {
        event.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Previous / "page x of y" / next under a list that is read a page at a time; nothing for one page. */
export function Pager({ page, pages, go }: { page: number; pages: number; go: (page: number) => void }) {
  const { t } = useLanguage();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t(O.pagination)}>
      <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
        {t(O.previous)}
      </button>
      <span>{t(O.pageOf, { page, pages })}</span>
      <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => go(page + 1)}>
        {t(O.next)}
      </button>
    </nav>
  );
}
