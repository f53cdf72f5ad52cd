import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, problemMessage, type SummaryItem } from '../shared/components';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { REQUEST_KIND_NAMES, REQUEST_STATE_BADGES, REQUEST_STATE_NAMES, type PersonalDataRequest } from '../shared/personal-data';
import { useApiGet } from './data';
import { DownloadLink } from './Download';
import { Link, PATHS } from './router';
import { useMe, useSession } from './session';
import { INTAKE_ROLES } from './types';
import { Notice, Problem, When } from './ui';

export const PERSONAL_DATA_TITLE: Bilingual = { id: 'Permintaan data pribadi', en: 'Personal-data requests' };

const P = {
  intro: {
    id: 'Permintaan pelapor atas data pribadinya (UU 27/2022): salinan, perbaikan atau penghapusan. Jawab sebelum batas waktu; setiap langkah tercatat di riwayat pengaduan dan log audit.',
    en: 'Reporters’ requests about their personal data (Law 27/2022): a copy, a correction or an erasure. Answer before the deadline; every step is kept in the complaint’s history and the audit log.',
  },
  pending: { id: 'Menunggu jawaban', en: 'Waiting for an answer' },
  all: { id: 'Semua', en: 'All' },
  empty: { id: 'Tidak ada permintaan.', en: 'No requests.' },
  results: { id: '{n} permintaan', en: '{n} requests' },
  requested: { id: 'Diminta', en: 'Asked' },
  due: { id: 'Batas jawaban', en: 'Answer due' },
  overdue: { id: 'terlambat', en: 'overdue' },
  details: { id: 'Keterangan pelapor', en: 'The reporter’s words' },
  reporter: { id: 'Data pelapor saat ini', en: 'The reporter’s data now' },
  erased: { id: 'sudah dihapus', en: 'erased' },
  answer: { id: 'Jawaban', en: 'Answer' },
  reason: { id: 'Alasan / catatan untuk pelapor', en: 'Reason / note to the reporter' },
  reasonHint: { id: 'Dilihat pelapor di halaman lacak. Wajib untuk perbaikan, penghapusan dan penolakan.', en: 'The reporter reads it on the tracking page. Required to correct, erase or refuse.' },
  exportCopy: { id: 'Unduh salinan data (JSON)', en: 'Download the data copy (JSON)' },
  deliver: { id: 'Serahkan salinan ke pelapor', en: 'Deliver the copy to the reporter' },
  correct: { id: 'Simpan perbaikan', en: 'Save the correction' },
  erase: { id: 'Hapus data pribadi', en: 'Erase the personal data' },
  refuse: { id: 'Tolak dengan alasan', en: 'Refuse with a reason' },
  cannotErase: { id: 'Pengaduan masih berjalan: datanya masih diperlukan. Tolak dengan alasan, atau tunggu sampai pengaduan selesai.', en: 'The complaint is still open and its data is needed. Refuse with a reason, or wait until it is finished.' },
  confirmErase: { id: 'Hapus data pribadi pelapor ini? Tidak dapat dibatalkan.', en: 'Erase this reporter’s personal data? This cannot be undone.' },
  done: { id: 'Permintaan dijawab.', en: 'Request answered.' },
  name: { id: 'Nama', en: 'Name' },
  email: { id: 'Email', en: 'Email' },
  phone: { id: 'Telepon/WhatsApp', en: 'Phone/WhatsApp' },
  address: { id: 'Alamat', en: 'Address' },
  handledBy: { id: 'Dijawab oleh {name}', en: 'Answered by {name}' },
} as const satisfies Record<string, Bilingual>;

interface ReporterData {
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  erased: boolean;
}
interface StaffRequest extends PersonalDataRequest {
  trackingNumber: string;
  complaintState: string;
  details: string | null;
  overdue: boolean;
  handledBy: string | null;
  reporter: ReporterData | null;
  canErase: boolean;
}

const FIELDS = ['name', 'email', 'phone', 'address'] as const;
type FieldName = (typeof FIELDS)[number];

/** One request's answer: the outcomes that fit its kind, each with the reason the reporter will read. */
function Answer({ request, onDone }: { request: StaffRequest; onDone: () => void }) {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<Record<FieldName, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, request.reporter?.[f] ?? ''])) as Record<FieldName, string>);
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `pd-${request.id}`;

  async function answer(body: Record<string, unknown>) {
    setBusy(true);
    setErrors([]);
    setMessage(undefined);
    try {
      await api('POST', `/api/staff/personal-data-requests/${request.id}/answer`, { json: body });
      onDone();
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.fields.length) setErrors(e.fields.map((f) => ({ path: f.path, message: `${f.path ? `${f.path}: ` : ''}${f.message}` })));
      setMessage(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }
  const submit = (event: FormEvent) => event.preventDefault();
  const changed = () => Object.fromEntries(FIELDS.filter((f) => fields[f] !== (request.reporter?.[f] ?? '')).map((f) => [f, fields[f].trim() === '' ? null : fields[f].trim()]));

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <ErrorSummary items={errors} message={message} />
      {request.kind === 'copy' && (
        <p>
          <DownloadLink href={`/api/staff/personal-data-requests/${request.id}/copy.json`} label={P.exportCopy} fallbackName={`data-pribadi-${request.trackingNumber}.json`} />
        </p>
      )}
      {request.kind === 'correction' && request.reporter && !request.reporter.erased && (
        <fieldset>
          <legend>{t(P.reporter)}</legend>
          {FIELDS.map((f) => (
            <div className="field" key={f}>
              <label htmlFor={`${id}-${f}`}>{t(P[f])}</label>
              <input id={`${id}-${f}`} value={fields[f]} onChange={(e) => setFields({ ...fields, [f]: e.target.value })} />
            </div>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t(P.reason)}</label>
        <div id={`${id}-reason-hint`} className="hint">
          {t(P.reasonHint)}
        </div>
        <textarea id={`${id}-reason`} aria-describedby={`${id}-reason-hint`} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {request.kind === 'erasure' && !request.canErase && <Notice tone="warning">{t(P.cannotErase)}</Notice>}
      <div className="form-buttons">
        {request.kind === 'copy' && (
          <Button busy={busy} onClick={() => void answer({ outcome: 'copy_delivered', ...(reason.trim() ? { reason } : {}) })}>
            {t(P.deliver)}
          </Button>
        )}
        {request.kind === 'correction' && (
          <Button busy={busy} onClick={() => void answer({ outcome: 'corrected', reason, reporter: changed() })}>
            {t(P.correct)}
          </Button>
        )}
        {request.kind === 'erasure' && (
          <Button busy={busy} disabled={!request.canErase} onClick={() => window.confirm(t(P.confirmErase)) && void answer({ outcome: 'erased', reason })}>
            {t(P.erase)}
          </Button>
        )}
        <Button variant="secondary" busy={busy} onClick={() => void answer({ outcome: 'refused', reason })}>
          {t(P.refuse)}
        </Button>
      </div>
    </form>
  );
}

/** The intake desk's queue of personal-data requests, most urgent first; admins may look. */
export function PersonalDataQueue() {
  const { t, lang } = useLanguage();
  const me = useMe();
  const [state, setState] = useState<'pending' | 'all'>('pending');
  const [done, setDone] = useState(false);
  const { data, error, loading, reload } = useApiGet<{ items: StaffRequest[]; total: number }>(`/api/staff/personal-data-requests?state=${state}&pageSize=200`);
  const intake = INTAKE_ROLES.includes(me.role);

  return (
    <>
      <h1 tabIndex={-1}>{t(PERSONAL_DATA_TITLE)}</h1>
      <p className="muted">{t(P.intro)}</p>
      <nav className="queue-tabs" aria-label={t(PERSONAL_DATA_TITLE)}>
        <ul>
          {(['pending', 'all'] as const).map((s) => (
            <li key={s}>
              <button type="button" className="btn btn-link" aria-current={s === state ? 'page' : undefined} onClick={() => setState(s)}>
                {t(P[s])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {done && <Notice tone="success">{t(P.done)}</Notice>}
      <Problem error={error} onRetry={() => void reload()} />
      <p className="muted">{data ? t(P.results, { n: formatNumber(data.total, lang) }) : ''}</p>
      {data && data.items.length === 0 && <p className="empty">{t(P.empty)}</p>}
      <ol className="pd-requests" aria-busy={loading || undefined}>
        {data?.items.map((r) => (
          <li key={r.id} className="panel" data-testid={`pd-${r.id}`}>
            <h2 id={`pd-${r.id}-title`}>
              {t(REQUEST_KIND_NAMES[r.kind])} —{' '}
              <Link href={PATHS.complaint(r.trackingNumber)} className="mono">
                {r.trackingNumber}
              </Link>{' '}
              <span className={`badge ${REQUEST_STATE_BADGES[r.state]}`}>{t(REQUEST_STATE_NAMES[r.state])}</span>
            </h2>
            <dl className="facts">
              <div>
                <dt>{t(P.requested)}</dt>
                <dd>
                  <When iso={r.requestedAt} />
                </dd>
              </div>
              {r.state === 'pending' && (
                <div>
                  <dt>{t(P.due)}</dt>
                  <dd className={r.overdue ? 'deadline-overdue' : undefined}>
                    <When iso={r.dueAt} /> {r.overdue && <strong>({t(P.overdue)})</strong>}
                  </dd>
                </div>
              )}
              {r.details && (
                <div>
                  <dt>{t(P.details)}</dt>
                  <dd className="prewrap">{r.details}</dd>
                </div>
              )}
              {r.reporter && (
                <div>
                  <dt>{t(P.reporter)}</dt>
                  <dd>{r.reporter.erased ? t(P.erased) : FIELDS.map((f) => r.reporter?.[f]).filter(Boolean).join(' · ') || '—'}</dd>
                </div>
              )}
              {r.answer && (
                <div>
                  <dt>{t(P.answer)}</dt>
                  <dd className="prewrap">
                    {r.answer}
                    {r.handledBy && <div className="muted small">{t(P.handledBy, { name: r.handledBy })}</div>}
                  </dd>
                </div>
              )}
            </dl>
            {intake && r.state === 'pending' && (
              <Answer
                request={r}
                onDone={() => {
                  setDone(true);
                  void reload();
                }}
              />
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
