import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage } from '../shared/components';
import { formatDateTime, useLanguage, type Bilingual } from '../shared/i18n';
import { REQUEST_KIND_NAMES, REQUEST_KINDS, REQUEST_STATE_BADGES, REQUEST_STATE_NAMES, saveResponse, type PersonalDataRequest, type RequestKind } from '../shared/personal-data';
import { accessHeaders, complaintUrl, type Access } from './tracking-api';

const M = {
  title: { id: 'Data pribadi Anda', en: 'Your personal data' },
  intro: {
    id: 'Sesuai UU 27/2022 tentang Pelindungan Data Pribadi, Anda berhak meminta salinan, perbaikan, atau penghapusan data pribadi yang kami simpan untuk pengaduan ini. Kami menjawab paling lambat {n} hari.',
    en: 'Under Law 27/2022 on Personal Data Protection you may ask for a copy, a correction or the erasure of the personal data we hold for this complaint. We answer within {n} days.',
  },
  kind: { id: 'Yang Anda minta', en: 'What you ask for' },
  details: { id: 'Keterangan', en: 'Details' },
  detailsHint: { id: 'Untuk perbaikan: tulis data yang benar.', en: 'For a correction: write the right data.' },
  send: { id: 'Kirim permintaan', en: 'Send the request' },
  sent: { id: 'Permintaan terkirim. Kami akan menjawab sebelum batas waktunya.', en: 'Request sent. We will answer before its deadline.' },
  requested: { id: 'Diminta {date}', en: 'Asked on {date}' },
  due: { id: 'dijawab paling lambat {date}', en: 'answered by {date}' },
  answer: { id: 'Jawaban petugas:', en: 'The office’s answer:' },
  download: { id: 'Unduh salinan data (JSON)', en: 'Download the copy (JSON)' },
  yours: { id: 'Permintaan Anda', en: 'Your requests' },
  needDetails: { id: 'Tulis data yang perlu diperbaiki.', en: 'Write what needs correcting.' },
} as const satisfies Record<string, Bilingual>;

interface RequestList {
  items: PersonalDataRequest[];
  responseDays: number;
}

/** The reporter's rights over their data, on the tracking page: ask, follow the answer, download the copy. */
export function PersonalDataRequests({ access }: { access: Access }) {
  const { t, lang } = useLanguage();
  const [list, setList] = useState<RequestList | null>(null);
  const [kind, setKind] = useState<RequestKind>('copy');
  const [details, setDetails] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const url = complaintUrl(access, '/personal-data-requests');

  useEffect(() => {
    let live = true;
    api<RequestList>('GET', url, { headers: accessHeaders(access) })
      .then((l) => live && setList(l))
      .catch((e: unknown) => live && setMessage(problemMessage(e, t)));
    return () => {
      live = false;
    };
  }, [url, access, t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(undefined);
    setStatus(undefined);
    if (kind === 'correction' && !details.trim()) {
      setError(t(M.needDetails));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      setList(await api<RequestList>('POST', url, { json: { kind, ...(details.trim() ? { details } : {}) }, headers: accessHeaders(access) }));
      setDetails('');
      setStatus(t(M.sent));
    } catch (e) {
      if (e instanceof ApiError && e.fields[0]) setError(e.fields[0].message);
      else setMessage(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function download(id: number) {
    setMessage(undefined);
    const response = await fetch(`${url}/${id}/copy.json`, { headers: accessHeaders(access) });
    if (!response.ok) {
      setMessage(problemMessage(new ApiError(response.status, 'download_failed', `HTTP ${response.status}`), t));
      return;
    }
    await saveResponse(response, `data-pribadi-${access.trackingNumber}.json`);
  }

  const pendingKinds = new Set(list?.items.filter((r) => r.state === 'pending').map((r) => r.kind));
  return (
    <section className="panel" aria-labelledby="personal-data-title" data-testid="personal-data">
      <h2 id="personal-data-title">{t(M.title)}</h2>
      <p>{t(M.intro, { n: list?.responseDays ?? 3 })}</p>
      <p role="status" className={status ? 'notice notice-success' : 'visually-hidden'}>
        {status}
      </p>
      {list && list.items.length > 0 && (
        <>
          <h3>{t(M.yours)}</h3>
          <ul className="requests">
            {list.items.map((r) => (
              <li key={r.id} data-testid={`pd-request-${r.id}`}>
                <strong>{t(REQUEST_KIND_NAMES[r.kind])}</strong> <span className={`badge ${REQUEST_STATE_BADGES[r.state]}`}>{t(REQUEST_STATE_NAMES[r.state])}</span>
                <br />
                <span className="muted">
                  {t(M.requested, { date: formatDateTime(r.requestedAt, lang) })}
                  {r.state === 'pending' && <>, {t(M.due, { date: formatDateTime(r.dueAt, lang) })}</>}
                </span>
                {r.answer && (
                  <p className="prewrap">
                    {t(M.answer)} {r.answer}
                  </p>
                )}
                {r.copyAvailable && (
                  <p>
                    <Button variant="secondary" onClick={() => void download(r.id)}>
                      {t(M.download)}
                    </Button>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorSummary items={error ? [{ path: 'details', message: error }] : []} message={message} />
      <form onSubmit={submit} noValidate className="form">
        <fieldset>
          <legend>{t(M.kind)}</legend>
          {REQUEST_KINDS.map((k) => (
            <div key={k} className="check">
              <input id={`pd-kind-${k}`} type="radio" name="pd-kind" value={k} checked={kind === k} disabled={pendingKinds.has(k)} onChange={() => setKind(k)} />
              <label htmlFor={`pd-kind-${k}`}>{t(REQUEST_KIND_NAMES[k])}</label>
            </div>
          ))}
        </fieldset>
        <Field path="details" label={t(M.details)} hint={t(M.detailsHint)} error={error} required={kind === 'correction'}>
          {(props) => <textarea {...props} rows={3} maxLength={2000} value={details} onChange={(e) => setDetails(e.target.value)} />}
        </Field>
        <Button type="submit" busy={busy} disabled={pendingKinds.has(kind)}>
          {t(M.send)}
        </Button>
      </form>
    </section>
  );
}
