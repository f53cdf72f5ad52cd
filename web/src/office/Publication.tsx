import { useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, Field, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { PUBLISH } from './messages';
import { useSession } from './session';
import { Notice } from './ui';

/** The public text of a complaint (src/publications/schema.ts PublicTextSchema). */
export interface PublicText {
  title: string;
  description: string;
  answer: string;
}

/** GET /api/staff/complaints/:tn/publication (src/publications/schema.ts StaffPublicationSchema). */
export interface StaffPublication {
  publishable: boolean;
  reason: { id: string; en: string } | null;
  published: boolean;
  publishedAt: string | null;
  withdrawnAt: string | null;
  text: PublicText | null;
  meToo: number;
  url: string | null;
}

/** The office's view of the complaint's publication; refetched when the complaint's version moves. */
export function useStaffPublication(trackingNumber: string, version: number): [StaffPublication | undefined, (p: StaffPublication) => void] {
  const [publication, setPublication] = useState<StaffPublication>();
  const { handleError } = useSession();
  useEffect(() => {
    let live = true;
    api<StaffPublication>('GET', `/api/staff/complaints/${trackingNumber}/publication`)
      .then((p) => live && setPublication(p))
      .catch((e: unknown) => handleError(e));
    return () => {
      live = false;
    };
  }, [trackingNumber, version, handleError]);
  return [publication, setPublication];
}

/** The three public fields, prefilled with the automatic redaction; errors by field (publish.title …). */
export function PublicTextFields({ value, onChange, errorOf }: { value: PublicText; onChange: (v: PublicText) => void; errorOf: (path: string) => string | undefined }) {
  const { t } = useLanguage();
  return (
    <>
      <p className="muted">{t(PUBLISH.hint)}</p>
      <Field path="publish.title" label={t(PUBLISH.title)} required error={errorOf('publish.title')}>
        {(p) => <input {...p} type="text" maxLength={200} value={value.title} onChange={(e) => onChange({ ...value, title: e.target.value })} />}
      </Field>
      <Field path="publish.description" label={t(PUBLISH.description)} required error={errorOf('publish.description')}>
        {(p) => <textarea {...p} rows={4} value={value.description} onChange={(e) => onChange({ ...value, description: e.target.value })} />}
      </Field>
      <Field path="publish.answer" label={t(PUBLISH.answer)} required error={errorOf('publish.answer')}>
        {(p) => <textarea {...p} rows={6} value={value.answer} onChange={(e) => onChange({ ...value, answer: e.target.value })} />}
      </Field>
    </>
  );
}

/** After the answer: whether it is out, its "me too" count, and for approvers editing, publishing later or unpublishing. */
export function PublicationPanel({ trackingNumber, version, canPublish }: { trackingNumber: string; version: number; canPublish: boolean }) {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const [publication, setPublication] = useStaffPublication(trackingNumber, version);
  const [text, setText] = useState<PublicText>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; tone: 'success' | 'warning' }>();
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  if (!publication || !publication.publishable) return null;
  const current = text ?? publication.text;

  const send = async (method: 'PUT' | 'DELETE') => {
    setBusy(true);
    setErrors([]);
    try {
      const fresh = await api<StaffPublication>(method, `/api/staff/complaints/${trackingNumber}/publication`, method === 'PUT' ? { json: current } : {});
      setPublication(fresh);
      setText(undefined);
      setNotice({ text: t(PUBLISH.done), tone: 'success' });
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.fields.length) setErrors(e.fields.map((f) => ({ path: f.path.startsWith('publish.') ? f.path : `publish.${f.path}`, message: f.message })));
      setNotice({ text: problemMessage(e, t), tone: 'warning' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel publication-panel" aria-labelledby="publication-title">
      <h2 id="publication-title">{t(PUBLISH.heading)}</h2>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <p>
        {t(publication.published ? PUBLISH.published : PUBLISH.notPublished)} · {t(PUBLISH.meToo, { n: publication.meToo })}
        {publication.url && (
          <>
            {' · '}
            <a href={publication.url} target="_blank" rel="noopener">
              {t(PUBLISH.open)}
            </a>
          </>
        )}
      </p>
      {canPublish && current && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send('PUT');
          }}
          noValidate
        >
          <PublicTextFields value={current} onChange={setText} errorOf={(path) => errors.find((e) => e.path === path)?.message} />
          <div className="form-buttons">
            <Button type="submit" busy={busy}>
              {t(PUBLISH.save)}
            </Button>
            {publication.published && (
              <Button variant="secondary" onClick={() => void send('DELETE')}>
                {t(PUBLISH.unpublish)}
              </Button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** On approving: publish too? Offered only when it may be (never for a confidential complaint), prefilled with the redaction. */
export function ApprovePublishChoice({
  trackingNumber,
  version,
  value,
  onChange,
  errorOf,
}: {
  trackingNumber: string;
  version: number;
  value: PublicText | null;
  onChange: (v: PublicText | null) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const { t } = useLanguage();
  const [publication] = useStaffPublication(trackingNumber, version);
  const [edited, setEdited] = useState<PublicText>();
  if (!publication?.publishable || !publication.text) return null;
  const proposal = publication.text;
  return (
    <>
      <div className="field checkbox">
        <input id="f-publish" type="checkbox" checked={value !== null} onChange={(e) => onChange(e.target.checked ? (edited ?? proposal) : null)} />
        <label htmlFor="f-publish">{t(PUBLISH.choose)}</label>
      </div>
      {value && (
        <PublicTextFields
          value={value}
          onChange={(v) => {
            setEdited(v);
            onChange(v);
          }}
          errorOf={errorOf}
        />
      )}
    </>
  );
}
