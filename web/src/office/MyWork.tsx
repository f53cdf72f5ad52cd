import { StateBadge } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { O, TEAM } from './messages';
import { Link, PATHS } from './router';
import { useTeam, type MyWorkItem } from './team-data';
import { When, workingTimeText } from './ui';

function Due({ item }: { item: MyWorkItem }) {
  const { t, lang } = useLanguage();
  if (!item.dueAt) return <span className="deadline deadline-none">{t(O.paused)}</span>;
  const time = workingTimeText(item.workingDaysLeft ?? 0, t, lang);
  const soon = !item.overdue && (item.workingDaysLeft ?? 0) < 1;
  return (
    <span className={`deadline ${item.overdue ? 'deadline-overdue' : soon ? 'deadline-soon' : 'deadline-ok'}`} data-overdue={item.overdue}>
      {t(item.overdue ? O.overdueBy : O.timeLeft, { time })} · <When iso={item.dueAt} />
    </span>
  );
}

/** "Tugas saya": the first page after login, what waits for this person, nearest deadline first. */
export function MyWork() {
  const { t } = useLanguage();
  const { myWork } = useTeam();
  return (
    <div className="my-work">
      <h1 tabIndex={-1}>{t(TEAM.myWorkTitle)}</h1>
      {!myWork ? (
        <p>{t(COMMON.loading)}</p>
      ) : myWork.total === 0 ? (
        <p className="muted">{t(TEAM.myWorkEmpty)}</p>
      ) : (
        myWork.sections
          .filter((s) => s.count > 0)
          .map((s) => (
            <section key={s.key} className="panel" aria-labelledby={`work-${s.key}`} data-section={s.key}>
              <h2 id={`work-${s.key}`}>
                {t(TEAM.sections[s.key])} <span className="count" data-count={s.key}>{s.count}</span>
              </h2>
              <ul className="cards">
                {s.items.map((item) => (
                  <li key={`${item.trackingNumber}-${item.dispositionId ?? ''}`} className="card" data-tracking-number={item.trackingNumber}>
                    <Link href={PATHS.complaint(item.trackingNumber)}>
                      <span className="mono">{item.trackingNumber}</span> {item.subject}
                    </Link>
                    <div className="small">
                      <StateBadge state={item.state} /> <Due item={item} />
                    </div>
                    {item.note && (
                      <p className="small">
                        <strong>{t(TEAM.reason)}:</strong> {item.note}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
              {s.count > s.items.length && <p className="muted small">{t(TEAM.moreInQueue, { n: s.count - s.items.length })}</p>}
            </section>
          ))
      )}
    </div>
  );
}
