import { formatDateTime, formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { bucketLabel } from '../shared/labels';
import { useStatistics, type Bucket, type TrendMonth } from './statistics-data';

const M = {
  title: { id: 'Statistik pengaduan', en: 'Complaint statistics' },
  titleYear: { id: 'Statistik pengaduan {year}', en: 'Complaint statistics {year}' },
  intro: {
    id: 'Rekap pengaduan tahun berjalan, tanpa identitas siapa pun dan tanpa pengaduan yang dirahasiakan.',
    en: 'This year’s recap of complaints, without anyone’s identity and without confidential complaints.',
  },
  generated: { id: 'Diperbarui {date}', en: 'Updated {date}' },
  unavailable: { id: 'Statistik belum tersedia. Silakan kembali lagi nanti.', en: 'Statistics are not available yet. Please come back later.' },
  summary: { id: 'Ringkasan', en: 'Summary' },
  received: { id: 'Pengaduan diterima', en: 'Complaints received' },
  answered: { id: 'Pengaduan dijawab', en: 'Complaints answered' },
  open: { id: 'Masih ditangani', en: 'Still being handled' },
  firstResponse: { id: 'Ditanggapi dalam 1 hari kerja', en: 'Responded to within 1 working day' },
  onTime: { id: 'Dijawab tepat waktu', en: 'Answered on time' },
  median: { id: 'Median waktu jawab', en: 'Median time to answer' },
  workingDays: { id: '{n} hari kerja', en: '{n} working days', enOne: '1 working day' },
  notEnough: { id: 'belum cukup responden ({n} dari minimal {min})', en: 'not enough respondents yet ({n} of at least {min})' },
  trend: { id: 'Tren 12 bulan terakhir', en: 'The last 12 months' },
  month: { id: 'Bulan', en: 'Month' },
  trendReceived: { id: 'Diterima', en: 'Received' },
  trendFinished: { id: 'Selesai', en: 'Finished' },
  reopened: { id: 'Dibuka kembali setelah dijawab', en: 'Reopened after the answer' },
  satisfaction: { id: 'Indeks kepuasan masyarakat (25–100)', en: 'Satisfaction index (25–100)' },
  respondents: { id: 'Responden survei', en: 'Survey respondents' },
  byState: { id: 'Menurut status', en: 'By state' },
  byPermit: { id: 'Menurut jenis izin', en: 'By permit type' },
  count: { id: 'Jumlah', en: 'Count' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
} as const satisfies Record<string, Bilingual>;

/** Received and finished per month: the numbers in a table, with bars beside them for the eye only. */
function Trend({ months }: { months: TrendMonth[] }) {
  const { t, lang } = useLanguage();
  if (!months.length) return null;
  const top = Math.max(1, ...months.flatMap((m) => [m.received, m.finished]));
  const monthName = (ym: string) =>
    new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${ym}-15T00:00:00Z`));
  const width = (n: number) => `${(n / top) * 100}%`;
  return (
    <table className="trend" data-testid="trend">
      <caption>{t(M.trend)}</caption>
      <thead>
        <tr>
          <th scope="col">{t(M.month)}</th>
          <th scope="col" className="num">
            {t(M.trendReceived)}
          </th>
          <th scope="col" className="num">
            {t(M.trendFinished)}
          </th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <th scope="row">{monthName(m.month)}</th>
            <td className="num">
              {formatNumber(m.received, lang)}
              <span className="bar" aria-hidden="true" style={{ width: width(m.received) }} />
            </td>
            <td className="num">
              {formatNumber(m.finished, lang)}
              <span className="bar bar-finished" aria-hidden="true" style={{ width: width(m.finished) }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string; rows: { key: string; label: string; count: string }[] }) {
  const { t } = useLanguage();
  if (!rows.length) return null;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            {t(M.count)}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>{row.label}</td>
            <td className="num">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Statistics() {
  const { t, lang } = useLanguage();
  const state = useStatistics();
  if (state.status !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>{t(M.title)}</h1>
        <p role="status">{state.status === 'loading' ? t(COMMON.loading) : t(M.unavailable)}</p>
      </>
    );
  }
  const { year, generatedAt, current: c, trend } = state.stats;
  const pct = (n: number) => formatNumber(n, lang, { style: 'percent', maximumFractionDigits: 1 });
  const int = (n: number) => formatNumber(n, lang);
  const dec = (n: number) => formatNumber(n, lang, { maximumFractionDigits: 2 });
  // Working days to one decimal: "2,5 hari kerja".
  const days = (n: number) => t(M.workingDays, { n: formatNumber(n, lang, { maximumFractionDigits: 1 }) });
  const minRespondents = c.satisfaction.minRespondents ?? 0;
  const enoughRespondents = c.satisfaction.respondents >= minRespondents;
  const candidates: [Bilingual, number | null, (n: number) => string][] = [
    [M.received, c.total, int],
    [M.answered, c.answer.answered, int],
    [M.open, c.backlog.open, int],
    [M.firstResponse, c.firstResponse.shareMet, pct],
    [M.onTime, c.answer.shareMet, pct],
    [M.median, c.answer.medianWorkingDays, days],
    [M.reopened, c.reopen.rate, pct],
    enoughRespondents
      ? [M.satisfaction, c.satisfaction.ikm, dec]
      : [M.satisfaction, c.satisfaction.respondents, (n) => t(M.notEnough, { n: int(n), min: int(minRespondents) })],
    [M.respondents, c.satisfaction.respondents, int],
  ];
  const rows = candidates.flatMap(([label, value, format]) => (value === null ? [] : [{ label, text: format(value), note: label === M.satisfaction && !enoughRespondents }]));
  const nonEmpty = (buckets: Bucket[]) => buckets.filter((b) => b.count > 0);
  return (
    <>
      <h1 tabIndex={-1}>{t(M.titleYear, { year })}</h1>
      <p>{t(M.intro)}</p>
      <p className="muted">{t(M.generated, { date: formatDateTime(generatedAt, lang) })}</p>
      <h2>{t(M.summary)}</h2>
      <dl className="stat-grid">
        {rows.map(({ label, text, note }) => (
          <div key={label.id}>
            <dt>{t(label)}</dt>
            <dd className={note ? 'stat-note' : undefined}>{text}</dd>
          </div>
        ))}
      </dl>
      {trend && <Trend months={trend} />}
      <Table
        caption={t(M.byState)}
        head={t(COMMON.state)}
        rows={nonEmpty(c.byState).map((b) => ({ key: b.key, label: bucketLabel('state', b, t, lang), count: int(b.count) }))}
      />
      <Table caption={t(M.byPermit)} head={t(M.permitType)} rows={nonEmpty(c.byPermitType).map((b) => ({ key: b.key, label: bucketLabel('other', b, t, lang), count: int(b.count) }))} />
    </>
  );
}
