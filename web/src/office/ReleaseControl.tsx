import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, Field, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { O } from './messages';
import type { StaffComplaint } from './types';
import { When } from './ui';

type Item = StaffComplaint['messages'][number] | StaffComplaint['attachments'][number];

/** The intake desk is whoever sees an anonymous reporter unmasked; only they release to the division. */
export function releasesToDivision(c: StaffComplaint): boolean {
  return c.anonymous && !c.reporter.masked;
}

/**
 * "Rilis ke bidang" beside an anonymous reporter's own message or file (decision 0009): the
 * related division sees it only once released. A message may be released as a redacted copy: the
 * form starts with its text for the desk to take the NIK or a name out.
 */
export function ReleaseControl({ complaint, kind, item, reload }: { complaint: StaffComplaint; kind: 'message' | 'attachment'; item: Item; reload: () => unknown }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('body' in item ? item.body : '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!item.fromReporter || !releasesToDivision(complaint)) return null;
  if (item.release) {
    return (
      <span className="tag tag-ok" data-testid={`released-${kind}-${item.id}`}>
        {t(item.release.redactedBody === null ? O.released : O.releasedRedacted)} · {item.release.by} · <When iso={item.release.at} />
      </span>
    );
  }
  const url = `/api/staff/complaints/${encodeURIComponent(complaint.trackingNumber)}/${kind === 'message' ? 'messages' : 'attachments'}/${item.id}/release`;
  const release = async (json: Record<string, string>) => {
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', url, { json });
      setOpen(false);
      await reload();
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const original = 'body' in item ? item.body : '';
    void release(text.trim() === original.trim() ? {} : { redactedBody: text });
  };
  const problemText = problem && (
    <p className="error-text" role="alert">
      {problem}
    </p>
  );
  if (kind === 'attachment') {
    return (
      <>
        <Button variant="secondary" busy={busy} onClick={() => void release({})} data-testid={`release-attachment-${item.id}`}>
          {t(O.releaseToDivision)}
        </Button>
        {problemText}
      </>
    );
  }
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid={`release-message-${item.id}`}>
        {t(O.releaseToDivision)}
      </Button>
    );
  }
  return (
    <form className="release-form" onSubmit={submit}>
      <Field path={`release-${item.id}`} label={t(O.releaseTextLabel)} hint={t(O.releaseTextHint)} required>
        {(props) => <textarea {...props} rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />}
      </Field>
      {problemText}
      <Button type="submit" busy={busy}>
        {t(O.releaseConfirm)}
      </Button>{' '}
      <Button variant="link" onClick={() => setOpen(false)}>
        {t(O.releaseCancel)}
      </Button>
    </form>
  );
}
