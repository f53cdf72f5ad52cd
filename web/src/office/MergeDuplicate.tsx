import { useState } from 'react';
import { api } from '../shared/api';
import { Button, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { PLACE } from './messages';
import { Link, PATHS } from './router';
import { useMe } from './session';
import type { StaffComplaint } from './types';

const MERGE_ROLES = ['section_head', 'division_head'];

/** The duplicate's page: merged into its original by a head, after a confirmation (decision 0030). */
export function MergeDuplicate({ complaint: c, reload }: { complaint: StaffComplaint; reload(): Promise<unknown> }) {
  const { t } = useLanguage();
  const me = useMe();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  if (c.mergedAt && c.duplicateOf) {
    return (
      <p className="notice" data-testid="merged-into">
        {t(PLACE.mergedInto, { n: c.duplicateOf })} <Link href={PATHS.complaint(c.duplicateOf)}>{c.duplicateOf}</Link>
      </p>
    );
  }
  if (c.state !== 'rejected' || !c.duplicateOf || !MERGE_ROLES.includes(me.role)) return null;
  const merge = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', `/api/staff/complaints/${c.trackingNumber}/merge`, { json: { version: c.version } });
      setAsking(false);
      await reload();
    } catch (e) {
      setProblem(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t(PLACE.merge)}</h2>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {asking ? (
        <div role="group" aria-label={t(PLACE.merge)}>
          <p>{t(PLACE.mergeConfirm, { d: c.trackingNumber, o: c.duplicateOf })}</p>
          <Button busy={busy} onClick={() => void merge()}>
            {t(PLACE.mergeYes)}
          </Button>{' '}
          <Button variant="link" onClick={() => setAsking(false)}>
            {t(PLACE.mergeCancel)}
          </Button>
        </div>
      ) : (
        <Button onClick={() => setAsking(true)}>{t(PLACE.merge)}</Button>
      )}
    </section>
  );
}
