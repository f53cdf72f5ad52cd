import { useEffect } from 'react';
import { StateBadge } from '../shared/components';
import { formatBytes, useLanguage } from '../shared/i18n';
import { COMMON, EVENT_NAMES, MESSAGE_KINDS, STATE_NAMES, isStateName } from '../shared/messages';
import { useState } from 'react';
import { ActionPanel } from './ActionPanel';
import { useApiGet, usePolling } from './data';
import { useDescribeChange, useLiveEvents, usePresence, type ComplaintChange } from './live';
import { ANSWER_STATUS, CHANNEL_NAMES, LIVE, O, PLACE } from './messages';
import { I } from './import-messages';
import { MergeDuplicate } from './MergeDuplicate';
import { OwnerPanel } from './Ownership';
import { PublicationPanel } from './Publication';
import { useMe } from './session';
import { ReleaseControl, releasesToDivision } from './ReleaseControl';
import { Link, navigate, PATHS } from './router';
import { refreshTeam } from './team-data';
import type { StaffComplaint } from './types';
import { DeadlineBadge, Problem, When, useShortcuts } from './ui';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function MetMark({ met }: { met: boolean | null }) {
  const { t } = useLanguage();
  if (met === null) return null;
  return <span className={met ? 'tag tag-ok' : 'tag tag-late'}>{t(met ? O.met : O.missed)}</span>;
}

export function ComplaintPage({ trackingNumber }: { trackingNumber: string }) {
  const { t, lang } = useLanguage();
  const me = useMe();
  const { data: c, error, reload } = useApiGet<StaffComplaint>(`/api/staff/complaints/${encodeURIComponent(trackingNumber)}`);
  // While the user fills in a form the page is not reloaded under them: a change by someone else is announced instead.
  const [editing, setEditing] = useState(false);
  const [change, setChange] = useState<{ change: ComplaintChange; shown: 'notice' | 'updated' }>();
  const describe = useDescribeChange();
  const others = usePresence(trackingNumber, me.id);
  // Returns the fresh complaint: the action panel keeps its notice only while the version it left stands.
  const refresh = async (): Promise<StaffComplaint | undefined> => {
    setChange(undefined);
    return reload();
  };
  useLiveEvents((message) => {
    if (message.type === 'resync' && !editing) void reload();
    if (message.type !== 'complaint' || message.data.trackingNumber !== trackingNumber) return;
    if (c && message.data.version <= c.version) return;
    if (editing) setChange({ change: message.data, shown: 'notice' });
    else void reload().then(() => setChange({ change: message.data, shown: 'updated' }));
  });
  // A slow fallback should the event stream be unavailable (a proxy that buffers it).
  usePolling(() => !editing && void reload(), 60_000);
  useShortcuts({ u: () => navigate(PATHS.queue) });
  // A changed complaint may change "my work" (an action taken here, or by someone else).
  const version = c?.version;
  useEffect(() => {
    if (version !== undefined) void refreshTeam();
  }, [version]);

  if (!c) {
    return (
      <>
        <p>
          <Link href={PATHS.queue}>{t(O.backToQueue)}</Link>
        </p>
        <h1 tabIndex={-1}>{trackingNumber}</h1>
        {error ? <Problem error={error} onRetry={() => void reload()} /> : <p>{t(COMMON.loading)}</p>}
      </>
    );
  }

  const pending = change?.shown === 'notice' && change.change.version > c.version ? change.change : undefined;
  const publicMessages = c.messages.filter((m) => !m.internal);
  const notes = c.messages.filter((m) => m.internal);
  const cameWith = (messageId: number | null) => {
    const kind = c.messages.find((m) => m.id === messageId)?.kind;
    return kind ? t(MESSAGE_KINDS[kind] ?? MESSAGE_KINDS.message ?? O.none).toLowerCase() : t(O.theComplaint);
  };
  const stateName = (s: string | null) => (s && isStateName(s) ? t(STATE_NAMES[s]) : (s ?? ''));

  return (
    <div className="complaint-page">
      <p>
        <Link href={PATHS.queue} aria-keyshortcuts="u">
          {t(O.backToQueue)}
        </Link>
      </p>
      <header className="complaint-head">
        <h1 tabIndex={-1}>
          <span className="mono">{c.trackingNumber}</span> <span className="subject">{c.subject}</span>
        </h1>
        <div className="complaint-flags">
          <StateBadge state={pending && isStateName(pending.state) ? pending.state : c.state} />
          <DeadlineBadge deadline={c.deadline} long state={c.state} />
          {c.anonymous && <span className="tag">{t(O.anonymous)}</span>}
          {c.confidential && <span className="tag tag-confidential">{t(O.confidential)}</span>}
        </div>
      </header>

      {others.length > 0 && (
        <p className="presence" data-testid="presence">
          {t(LIVE.alsoOpenBy, { names: others.map((v) => v.name).join(', ') })}
        </p>
      )}
      <div aria-live="polite" data-testid="live-change">
        {pending ? (
          <div className="notice notice-warning" role="status">
            <p>{t(LIVE.changedWhileTyping, describe(pending))}</p>
            <button type="button" className="btn btn-secondary" onClick={() => void refresh()}>
              {t(LIVE.reloadNow)}
            </button>
          </div>
        ) : change?.shown === 'updated' ? (
          <p className="muted small">{t(LIVE.updatedBy, describe(change.change))}</p>
        ) : null}
      </div>

      <div className="complaint-grid">
        <div className="complaint-main">
          <section className="panel next-step" aria-labelledby="next-step-title" data-testid="next-step">
            <h2 id="next-step-title">{t(LIVE.nextStep)}</h2>
            <p>{c.nextStep ? t(c.nextStep.text) : t(LIVE.finished)}</p>
          </section>
          <ActionPanel complaint={c} reload={refresh} onEditingChange={setEditing} />
          {['answered', 'closed', 'reopened'].includes(c.state) && ['staff', 'section_head', 'division_head'].includes(me.role) && (
            <PublicationPanel trackingNumber={c.trackingNumber} version={c.version} canPublish={['section_head', 'division_head'].includes(me.role)} />
          )}
          <MergeDuplicate complaint={c} reload={refresh} />

          <section className="panel" aria-labelledby="details-title">
            <h2 id="details-title">{t(O.details)}</h2>
            <dl className="details">
              <Row label={t(O.channel)}>{t(CHANNEL_NAMES[c.channel])}</Row>
              {c.laporTrackingId && (
                <Row label={t(PLACE.laporTrackingId)}>
                  <span className="mono" data-testid="lapor-id">
                    #{c.laporTrackingId}
                  </span>
                </Row>
              )}
              <Row label={t(O.received)}>
                <When iso={c.receivedAt} />
              </Row>
              <Row label={t(O.permitType)}>{c.permitType?.name ?? '—'}</Row>
              <Row label={t(O.applicationNumber)}>{c.applicationNumber ?? '—'}</Row>
              {c.originalNumber && <Row label={t(I.originalNumber)}>{c.originalNumber}</Row>}
              <Row label={t(O.incidentDate)}>{c.incidentDate ? <When iso={c.incidentDate} time={false} /> : '—'}</Row>
              <Row label={t(O.complaintClass)}>{c.class ? `${c.class.name} (${t(O.workingDays, { n: c.class.answerDays })})` : '—'}</Row>
              <Row label={t(O.theme)}>{c.theme?.name ?? '—'}</Row>
              <Row label={t(O.language)}>{c.language === 'en' ? 'English' : 'Bahasa Indonesia'}</Row>
              {c.referredTo && <Row label={t(O.referredTo)}>{c.referredTo}</Row>}
              {c.duplicateOf && (
                <Row label={t(O.duplicateOf)}>
                  <Link href={PATHS.complaint(c.duplicateOf)}>{c.duplicateOf}</Link>
                </Row>
              )}
              {c.mergedFrom.length > 0 && (
                <Row label={t(PLACE.mergedFrom)}>
                  <ul className="plain" data-testid="merged-from">
                    {c.mergedFrom.map((m) => (
                      <li key={m.trackingNumber}>
                        <Link href={PATHS.complaint(m.trackingNumber)}>{m.trackingNumber}</Link> — {m.reporter} · <When iso={m.at} />
                      </li>
                    ))}
                  </ul>
                </Row>
              )}
            </dl>
            <h3>{t(O.description)}</h3>
            <p className="prewrap">{c.description}</p>
            {c.location && (
              <>
                <h3>{t(PLACE.location)}</h3>
                <p data-testid="location">
                  {c.location.address && <span className="prewrap">{c.location.address}</span>}
                  {c.location.lat !== null && c.location.lng !== null && (
                    <>
                      {c.location.address && <br />}
                      <span className="mono">
                        {c.location.lat.toFixed(5)}, {c.location.lng.toFixed(5)}
                      </span>{' '}
                      <a href={`https://www.openstreetmap.org/?mlat=${c.location.lat}&mlon=${c.location.lng}#map=18/${c.location.lat}/${c.location.lng}`} target="_blank" rel="noopener noreferrer">
                        {t(PLACE.openMap)}
                      </a>
                    </>
                  )}
                </p>
              </>
            )}
          </section>

          <section className="panel" aria-labelledby="reporter-title" data-testid="reporter">
            <h2 id="reporter-title">{t(O.reporter)}</h2>
            {c.reporter.masked ? (
              <p>
                <strong>{c.anonymous ? t(O.anonymous) : c.reporter.name}</strong> — <span className="muted">{t(O.identityMasked)}</span>
              </p>
            ) : (
              <>
                {c.anonymous && <p className="notice notice-warning">{t(O.anonymousVisible)}</p>}
                <dl className="details">
                  <Row label={t(O.reporterName)}>{c.reporter.name ?? '—'}</Row>
                  <Row label={t(O.reporterEmail)}>{c.reporter.email ?? '—'}</Row>
                  <Row label={t(O.reporterPhone)}>{c.reporter.phone ?? '—'}</Row>
                  <Row label={t(O.reporterAddress)}>{c.reporter.address ?? '—'}</Row>
                </dl>
              </>
            )}
          </section>

          <section className="panel" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{t(O.attachments)}</h2>
            {releasesToDivision(c) && <p className="muted small">{t(O.withheldFromDivision)}</p>}
            {c.attachments.length === 0 ? (
              <p className="muted">{t(O.noAttachments)}</p>
            ) : (
              <ul className="attachments">
                {c.attachments.map((a) => {
                  const url = `/api/staff/complaints/${c.trackingNumber}/attachments/${a.id}`;
                  return (
                    <li key={a.id}>
                      {a.mimeType.startsWith('image/') && <img src={url} alt={a.name} loading="lazy" className="preview" />}
                      <a href={url} target="_blank" rel="noopener">
                        {a.name}
                      </a>{' '}
                      <span className="muted small">
                        {a.mimeType} · {formatBytes(a.sizeBytes, lang)}
                      </span>{' '}
                      <ReleaseControl complaint={c} kind="attachment" item={a} reload={reload} />
                      <div className="muted small" data-testid="attachment-origin">
                        {t(O.cameWith, { what: cameWith(a.messageId) })} · <When iso={a.uploadedAt} />
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          {c.dispositions.length > 0 && (
            <section className="panel" aria-labelledby="dispositions-title">
              <h2 id="dispositions-title">{t(O.dispositions)}</h2>
              <ul className="cards">
                {c.dispositions.map((d) => (
                  <li key={d.id} className="card">
                    <strong>{d.division.name}</strong>{' '}
                    <span className="muted small">{t(O.disposedBy, { name: d.disposedBy })}</span> <When iso={d.disposedAt} />
                    <p className="prewrap">{d.instruction}</p>
                    {d.followUp ? (
                      <div className="follow-up">
                        <p>
                          <strong>{t(O.followUpLabel)}</strong> <MetMark met={d.followUpMet} /> <span className="muted small">{d.followedUpBy}</span>
                        </p>
                        <p className="prewrap">{d.followUp}</p>
                        <p>
                          <strong>{t(O.advocacyLabel)}</strong>
                        </p>
                        <p className="prewrap">{d.advocacy}</p>
                      </div>
                    ) : (
                      <p className="muted">
                        {t(O.followUpPending)} <When iso={d.dueAt} />
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}

          {c.answers.length > 0 && (
            <section className="panel" aria-labelledby="answers-title">
              <h2 id="answers-title">{t(O.answers)}</h2>
              <ul className="cards">
                {[...c.answers].reverse().map((a) => (
                  <li key={a.id} className={`card answer-${a.status}`}>
                    <span className="tag">{t(ANSWER_STATUS[a.status] ?? { id: a.status, en: a.status })}</span> <span className="muted small">{a.draftedBy}</span> <When iso={a.draftedAt} />
                    <p className="prewrap">{a.body}</p>
                    {a.reviewNote && (
                      <p>
                        <strong>{t(O.reviewNote)}:</strong> {a.reviewNote} <span className="muted small">{a.reviewedBy}</span>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="panel" aria-labelledby="messages-title">
            <h2 id="messages-title">{t(O.publicMessages)}</h2>
            {publicMessages.length === 0 ? (
              <p className="muted">{t(O.noMessages)}</p>
            ) : (
              <ul className="messages">
                {publicMessages.map((m) => (
                  <li key={m.id} className={`message message-${m.kind}`}>
                    <div className="small muted">
                      {t(MESSAGE_KINDS[m.kind] ?? MESSAGE_KINDS.message ?? { id: m.kind, en: m.kind })} · {m.author} · <When iso={m.at} />
                    </div>
                    {m.withheld ? <p className="muted">{t(O.withheldMessage)}</p> : <p className="prewrap">{m.body}</p>}
                    {releasesToDivision(c) && m.release?.redactedBody && (
                      <p className="prewrap small" data-testid={`redacted-${m.id}`}>
                        <strong>{t(O.releaseTextLabel)}:</strong> {m.release.redactedBody}
                      </p>
                    )}
                    <ReleaseControl complaint={c} kind="message" item={m} reload={reload} />
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="panel panel-internal" aria-labelledby="notes-title">
            <h2 id="notes-title">{t(O.internalNotes)}</h2>
            {notes.length === 0 ? (
              <p className="muted">{t(O.noMessages)}</p>
            ) : (
              <ul className="messages" data-testid="internal-notes">
                {notes.map((m) => (
                  <li key={m.id} className="message message-note">
                    <div className="small muted">
                      {m.author} · <When iso={m.at} />
                    </div>
                    <p className="prewrap">{m.body}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="complaint-side">
          <OwnerPanel complaint={c} reload={reload} />
          <section className="panel" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{t(O.deadlines)}</h2>
            <dl className="details details-stack" data-testid="deadlines">
              <Row label={t(O.firstResponse)}>
                <When iso={c.deadlines.firstResponseDueAt} /> {c.deadlines.firstRespondedAt && <MetMark met={c.deadlines.firstResponseMet} />}
              </Row>
              <Row label={t(O.answer)}>
                <span data-testid="answer-due">{c.deadlines.answerDueAt ? <When iso={c.deadlines.answerDueAt} /> : '—'}</span>{' '}
                {c.deadlines.answeredAt && <MetMark met={c.deadlines.answerMet} />}
              </Row>
              {c.deadlines.closeDueAt && (
                <Row label={t(O.autoClose)}>
                  <When iso={c.deadlines.closeDueAt} />
                </Row>
              )}
              {c.deadlines.closedAt && (
                <Row label={t(O.closedAt)}>
                  <When iso={c.deadlines.closedAt} />
                </Row>
              )}
            </dl>
          </section>
          {c.survey && (
            <section className="panel" aria-labelledby="survey-title">
              <h2 id="survey-title">{t(O.survey)}</h2>
              <p>{c.survey.scores.join(' · ')}</p>
              {c.survey.comment && <p className="prewrap">{c.survey.comment}</p>}
            </section>
          )}
          <section className="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t(O.timeline)}</h2>
            <ol className="timeline" data-testid="timeline">
              {c.events.map((e, i) => (
                <li key={i} data-event={e.type}>
                  <strong>{t(EVENT_NAMES[e.type] ?? { id: e.type, en: e.type })}</strong>
                  <div className="small muted">
                    <When iso={e.at} /> · {e.actor}
                  </div>
                  {e.toState && e.toState !== e.fromState && (
                    <div className="small">
                      {stateName(e.fromState)} → {stateName(e.toState)}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </div>
  );
}
