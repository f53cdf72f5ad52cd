import { useState, type FormEvent } from 'react';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { O } from './messages';
import { Link, navigate, PATHS, useLocation } from './router';
import { Problem } from './ui';

interface Bucket {
  key: string;
  label: string;
  count: number;
  share: number | null;
  query: string | null;
}
interface Figures {
  period: { from: string; to: string; label: string };
  total: number;
  byState: Bucket[];
  byChannel: Bucket[];
  byPermitType: Bucket[];
  byDivision: Bucket[];
  byMonth: Bucket[];
  topics: Bucket[];
  firstResponse: { met: number; late: number; overdueWithoutResponse: number; shareMet: number | null };
  answer: { answered: number; shareMet: number | null; medianWorkingDays: number | null; overdueNow: number; overdueQuery: string | null };
  backlog: { open: number; openQuery: string | null };
  reopen: { rate: number | null };
  satisfaction: { respondents: number; ikm: number | null; grade: string | null };
}
interface RecapData {
  generatedAt: string;
  current: Figures;
  previous: Figures;
}

const R = {
  month: { id: 'Bulan', en: 'Month' },
  total: { id: 'Pengaduan masuk', en: 'Complaints received' },
  previous: { id: 'periode sebelumnya: {n}', en: 'previous period: {n}' },
  firstResponseMet: { id: 'Tanggapan pertama tepat waktu', en: 'First response on time' },
  answerMet: { id: 'Jawaban tepat waktu', en: 'Answered on time' },
  median: { id: 'Median hari kerja sampai dijawab', en: 'Median working days to answer' },
  open: { id: 'Masih ditangani', en: 'Still open' },
  overdueNow: { id: 'Lewat batas sekarang', en: 'Overdue now' },
  reopenRate: { id: 'Dibuka kembali', en: 'Reopened' },
  ikm: { id: 'Indeks kepuasan (IKM)', en: 'Satisfaction index (IKM)' },
  byState: { id: 'Menurut status', en: 'By state' },
  byChannel: { id: 'Menurut saluran', en: 'By channel' },
  byPermitType: { id: 'Menurut jenis izin', en: 'By permit type' },
  byDivision: { id: 'Menurut bidang', en: 'By division' },
  byMonth: { id: 'Menurut bulan', en: 'By month' },
  topics: { id: 'Tema terbanyak', en: 'Most frequent themes' },
  empty: { id: 'Tidak ada data.', en: 'No data.' },
} as const satisfies Record<string, Bilingual>;

/** A recap bucket's inbox query as a queue address (the queue reads the same filter names). */
function queueHref(query: string): string {
  return `${PATHS.queue}?queue=all&${query}`;
}

function Bars({ title, buckets }: { title: Bilingual; buckets: Bucket[] }) {
  const { t, lang } = useLanguage();
  const max = Math.max(1, ...buckets.map((b) => b.count));
  return (
    <section className="panel recap-chart">
      <h2>{t(title)}</h2>
      {buckets.length === 0 ? (
        <p className="muted">{t(R.empty)}</p>
      ) : (
        <table className="table bars">
          <tbody>
            {buckets.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.query ? <Link href={queueHref(b.query)}>{b.label}</Link> : b.label}</th>
                <td className="bar-cell">
                  <span className="bar" style={{ width: `${(b.count / max) * 100}%` }} />
                </td>
                <td className="num">{formatNumber(b.count, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The recap (rekapan, SOP step 7) of a month beside the one before, with its exports. */
export function Recap() {
  const { t, lang } = useLanguage();
  const { search } = useLocation();
  const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date()).slice(0, 7);
  const period = search.get('period') ?? thisMonth;
  const [draft, setDraft] = useState(period);
  const { data, error, reload } = useApiGet<RecapData>(`/api/staff/recap?period=${encodeURIComponent(period)}`);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(`${PATHS.recap}?period=${draft}`);
  };
  const pct = (v: number | null) => (v === null ? '—' : formatNumber(v, lang, { style: 'percent', maximumFractionDigits: 1 }));
  const c = data?.current;
  return (
    <>
      <h1 tabIndex={-1}>{t(O.recapTitle)}</h1>
      <form className="search-row" onSubmit={apply} aria-label={t(O.period)}>
        <label htmlFor="recap-month">{t(R.month)}</label>
        <input id="recap-month" type="month" value={draft} onChange={(e) => setDraft(e.target.value)} required />
        <button type="submit" className="btn btn-primary">
          {t(O.show)}
        </button>
        <a className="btn btn-secondary" href={`/api/staff/recap.xlsx?period=${period}`}>
          {t(O.downloadXlsx)}
        </a>
        <a className="btn btn-secondary" href={`/api/staff/recap.pdf?period=${period}`}>
          {t(O.downloadPdf)}
        </a>
      </form>
      <Problem error={error} onRetry={() => void reload()} />
      {c && data && (
        <>
          <p className="muted">{c.period.label}</p>
          <ul className="figures">
            <li>
              <strong>{formatNumber(c.total, lang)}</strong> {t(R.total)} <span className="muted small">({t(R.previous, { n: formatNumber(data.previous.total, lang) })})</span>
            </li>
            <li>
              <strong>{pct(c.firstResponse.shareMet)}</strong> {t(R.firstResponseMet)}
            </li>
            <li>
              <strong>{pct(c.answer.shareMet)}</strong> {t(R.answerMet)}
            </li>
            <li>
              <strong>{c.answer.medianWorkingDays === null ? '—' : formatNumber(c.answer.medianWorkingDays, lang, { maximumFractionDigits: 1 })}</strong> {t(R.median)}
            </li>
            <li>
              <strong>{c.backlog.openQuery ? <Link href={queueHref(c.backlog.openQuery)}>{formatNumber(c.backlog.open, lang)}</Link> : formatNumber(c.backlog.open, lang)}</strong> {t(R.open)}
            </li>
            <li>
              <strong>{c.answer.overdueQuery ? <Link href={queueHref(c.answer.overdueQuery)}>{formatNumber(c.answer.overdueNow, lang)}</Link> : formatNumber(c.answer.overdueNow, lang)}</strong> {t(R.overdueNow)}
            </li>
            <li>
              <strong>{pct(c.reopen.rate)}</strong> {t(R.reopenRate)}
            </li>
            <li>
              <strong>{c.satisfaction.ikm === null ? '—' : `${formatNumber(c.satisfaction.ikm, lang, { maximumFractionDigits: 2 })}${c.satisfaction.grade ? ` (${c.satisfaction.grade})` : ''}`}</strong> {t(R.ikm)}
            </li>
          </ul>
          <div className="recap-grid">
            <Bars title={R.byState} buckets={c.byState} />
            <Bars title={R.byChannel} buckets={c.byChannel} />
            <Bars title={R.byDivision} buckets={c.byDivision} />
            <Bars title={R.byPermitType} buckets={c.byPermitType.slice(0, 10)} />
            <Bars title={R.topics} buckets={c.topics} />
            <Bars title={R.byMonth} buckets={c.byMonth} />
          </div>
        </>
      )}
    </>
  );
}
