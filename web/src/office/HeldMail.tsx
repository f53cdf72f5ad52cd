import { useState } from 'react';
import { api } from '../shared/api';
import { Button, problemMessage } from '../shared/components';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { HELD_MAIL as H } from './messages';
import type { ApiGet } from './types';
import { Notice, Pager, Problem, When } from './ui';

type HeldPage = ApiGet<'/api/admin/outbox/held'>;

const PAGE_SIZE = 50;

/**
 * Mail a restore held (GET /api/admin/outbox/held), shown only while some is held: the admin
 * checks it, then sends or cancels all of it after a confirmation step.
 */
export function HeldMail({ kinds }: { kinds: Readonly<Record<string, Bilingual>> }) {
  const { t, lang } = useLanguage();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useApiGet<HeldPage>(`/api/admin/outbox/held?page=${page}&pageSize=${PAGE_SIZE}`);
  const [asking, setAsking] = useState<'release' | 'cancel'>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (verb: 'release' | 'cancel') => {
    setBusy(true);
    setProblem(null);
    try {
      const { messages } = await api<{ messages: number }>('POST', `/api/admin/outbox/held/${verb}`, { json: { all: true } });
      setDone(t(verb === 'release' ? H.released : H.cancelled, { n: formatNumber(messages, lang) }));
      setAsking(undefined);
      setPage(1);
      await reload();
    } catch (failure) {
      setProblem(problemMessage(failure, t));
    } finally {
      setBusy(false);
    }
  };
  const status = done && <Notice tone="success">{done}</Notice>;
  if (error) return <Problem error={error} onRetry={() => void reload()} />;
  if (!data || data.total === 0) return status || null;
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const n = formatNumber(data.total, lang);
  return (
    <section className="held-mail" aria-labelledby="held-mail-title" data-testid="held-mail">
      <h2 id="held-mail-title">{t(H.title)}</h2>
      <p className="hint">{t(H.intro)}</p>
      <p className="muted">{t(H.count, { n })}</p>
      <ul className="cards" data-testid="held-list">
        {data.items.map((m) => (
          <li key={m.id} className="card">
            <strong>{m.trackingNumber ?? t(kinds[m.kind] ?? { id: m.kind, en: m.kind })}</strong>
            <div className="small muted">
              {t(kinds[m.kind] ?? { id: m.kind, en: m.kind })} · {t(H.to)}: {m.recipient ?? t(H.noRecipient)} · <When iso={m.createdAt} />
            </div>
          </li>
        ))}
      </ul>
      <Pager page={page} pages={pages} go={setPage} />
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {asking ? (
        <div role="group" aria-label={t(asking === 'release' ? H.releaseAll : H.cancelAll)}>
          <p>{t(asking === 'release' ? H.confirmRelease : H.confirmCancel, { n })}</p>
          <Button busy={busy} onClick={() => void act(asking)}>
            {t(asking === 'release' ? H.yesRelease : H.yesCancel)}
          </Button>{' '}
          <Button variant="link" onClick={() => setAsking(undefined)}>
            {t(H.back)}
          </Button>
        </div>
      ) : (
        <p>
          <Button onClick={() => setAsking('release')}>{t(H.releaseAll)}</Button>{' '}
          <Button variant="secondary" onClick={() => setAsking('cancel')}>
            {t(H.cancelAll)}
          </Button>
        </p>
      )}
    </section>
  );
}
