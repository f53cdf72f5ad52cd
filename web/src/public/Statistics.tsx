import { formatDateTime, formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { bucketLabel } from '../shared/labels';
import { useStatistics, type Bucket } from './statistics-data';

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
  median: { id: 'Median waktu jawab (hari kerja)', en: 'Median time to answer (working days)' },
  reopened: { id: 'Dibuka kembali setelah dijawab', en: 'Reopened after the answer' },
  satisfaction: { id: 'Indeks kepuasan masyarakat (25–100)', en: 'Satisfaction index (25–100)' },
  respondents: { id: 'Responden survei', en: 'Survey respondents' },
  byState: { id: 'Menurut status', en: 'By state' },
  byPermit: { id: 'Menurut jenis izin', en: 'By permit type' },
  count: { id: 'Jumlah', en: 'Count' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
} as const satisfies Record<string, Bilingual>;

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
  const { year, generatedAt, current: c } = state.stats;
  const pct = (n: number) => formatNumber(n, lang, { style: 'percent', maximumFractionDigits: 1 });
  const int = (n: number) => formatNumber(n, lang);
  const dec = (n: number) => formatNumber(n, lang, { maximumFractionDigits: 2 });
  const candidates: [Bilingual, number | null, (n: number) => string][] = [
    [M.received, c.total, int],
    [M.answered, c.answer.answered, int],
    [M.open, c.backlog.open, int],
    [M.firstResponse, c.firstResponse.shareMet, pct],
    [M.onTime, c.answer.shareMet, pct],
    [M.median, c.answer.medianWorkingDays, dec],
    [M.reopened, c.reopen.rate, pct],
    [M.satisfaction, c.satisfaction.ikm, dec],
    [M.respondents, c.satisfaction.respondents, int],
  ];
  const rows = candidates.flatMap(([label, value, format]) => (value === null ? [] : [{ label, text: format(value) }]));
  const nonEmpty = (buckets: Bucket[]) => buckets.filter((b) => b.count > 0);
  return (
    <>
      <h1 tabIndex={-1}>{t(M.titleYear, { year })}</h1>
      <p>{t(M.intro)}</p>
      <p className="muted">{t(M.generated, { date: formatDateTime(generatedAt, lang) })}</p>
      <h2>{t(M.summary)}</h2>
      <dl className="stat-grid">
        {rows.map(({ label, text }) => (
          <div key={label.id}>
            <dt>{t(label)}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <Table
        caption={t(M.byState)}
        head={t(COMMON.state)}
        rows={nonEmpty(c.byState).map((b) => ({ key: b.key, label: bucketLabel('state', b, t, lang), count: int(b.count) }))}
      />
      <Table caption={t(M.byPermit)} head={t(M.permitType)} rows={nonEmpty(c.byPermitType).map((b) => ({ key: b.key, label: bucketLabel('other', b, t, lang), count: int(b.count) }))} />
    </>
  );
}
