import { useState, type FormEvent } from 'react';
import { formatFigure } from '../../../src/reports/figure-format';
import { jakartaToday, useLanguage, type Bilingual } from '../shared/i18n';
import { bucketLabel, periodName, type BucketGroup } from '../shared/labels';
import { useApiGet } from './data';
import { DownloadLink } from './Download';
import { CHANNEL_NAMES, O, PLACE } from './messages';
import { CHANNELS, type Channel } from './types';
import { Link, navigate, PATHS, useLocation } from './router';
import { RecapByPerson } from './RecapByPerson';
import type { ApiGet } from './types';
import { Problem } from './ui';

/** The recap as the server's OpenAPI document declares it. */
type RecapData = ApiGet<'/api/staff/recap'>;
type Bucket = RecapData['current']['byState'][number];

type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

const R = {
  kind: { id: 'Jenis periode', en: 'Period type' },
  channel: { id: 'Saluran', en: 'Channel' },
  allChannels: { id: 'Semua saluran', en: 'All channels' },
  kindMonth: { id: 'Bulan', en: 'Month' },
  kindQuarter: { id: 'Triwulan', en: 'Quarter' },
  kindYear: { id: 'Tahun', en: 'Year' },
  kindRange: { id: 'Rentang tanggal', en: 'Date range' },
  month: { id: 'Bulan', en: 'Month' },
  year: { id: 'Tahun', en: 'Year' },
  quarter: { id: 'Triwulan ke', en: 'Quarter' },
  from: { id: 'Dari tanggal', en: 'From' },
  to: { id: 'Sampai tanggal', en: 'To' },
  total: { id: 'Pengaduan masuk', en: 'Complaints received' },
  previousShort: { id: 'sebelumnya', en: 'previous' },
  previous: { id: 'Periode pembanding: {label}', en: 'Compared with: {label}' },
  firstResponseMet: { id: 'Tanggapan pertama tepat waktu (1 hari kerja)', en: 'First response on time (1 working day)' },
  answerMet: { id: 'Jawaban tepat waktu', en: 'Answered on time' },
  median: { id: 'Median hari kerja sampai dijawab', en: 'Median working days to answer' },
  p90: { id: 'Persentil ke-90 hari kerja sampai dijawab', en: '90th percentile of working days to answer' },
  open: { id: 'Masih ditangani', en: 'Still open' },
  overdueNow: { id: 'Lewat batas sekarang', en: 'Overdue now' },
  reopenRate: { id: 'Dibuka kembali', en: 'Reopened' },
  ikm: { id: 'Indeks kepuasan (IKM)', en: 'Satisfaction index (IKM)' },
  byState: { id: 'Menurut status', en: 'By state' },
  byChannel: { id: 'Menurut saluran', en: 'By channel' },
  byPermitType: { id: 'Menurut jenis izin', en: 'By permit type' },
  byDivision: { id: 'Menurut bidang', en: 'By division' },
  byClass: { id: 'Menurut klasifikasi', en: 'By class' },
  byMonth: { id: 'Menurut bulan', en: 'By month' },
  byAge: { id: 'Yang masih ditangani, menurut umur', en: 'Still open, by age' },
  topics: { id: 'Tema terbanyak', en: 'Most frequent themes' },
  deadlines: { id: 'Ketepatan waktu', en: 'Timeliness' },
  firstResponse: { id: 'Tanggapan pertama', en: 'First response' },
  answer: { id: 'Jawaban', en: 'Answer' },
  met: { id: 'Tepat waktu', en: 'On time' },
  late: { id: 'Terlambat', en: 'Late' },
  overdueNone: { id: 'Belum ditanggapi, lewat batas', en: 'No response, past due' },
  overdueUnanswered: { id: 'Belum dijawab, lewat batas', en: 'Unanswered, past due' },
  pending: { id: 'Belum ditanggapi, masih dalam batas', en: 'No response yet, within the day' },
  satisfaction: { id: 'Survei kepuasan (PermenPANRB 14/2017)', en: 'Satisfaction survey (PermenPANRB 14/2017)' },
  respondents: { id: '{n} responden', en: '{n} respondents', enOne: '1 respondent' },
  element: { id: 'Unsur', en: 'Element' },
  nrr: { id: 'NRR', en: 'Mean score' },
  index: { id: 'Indeks', en: 'Index' },
  grade: { id: 'Mutu', en: 'Grade' },
  empty: { id: 'Tidak ada data.', en: 'No data.' },
} as const satisfies Record<string, Bilingual>;

/** A recap bucket's inbox query as a queue address (the queue reads the same filter names). */
function queueHref(query: string): string {
  return `${PATHS.queue}?queue=all&${query}`;
}

function Bars({ title, buckets, group = 'other' }: { title: Bilingual; buckets: Bucket[]; group?: BucketGroup }) {
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
                <th scope="row">{b.query ? <Link href={queueHref(b.query)}>{bucketLabel(group, b, t, lang)}</Link> : bucketLabel(group, b, t, lang)}</th>
                <td className="bar-cell">
                  <span className="bar" style={{ width: `${(b.count / max) * 100}%` }} />
                </td>
                <td className="num">{formatFigure(b.count, 'count', lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The recap query of the address: a named period (`period=2026-11`, `2026-Q2`, `2026`) or `from`/`to`. */
function periodQuery(search: URLSearchParams, thisMonth: string): string {
  const from = search.get('from');
  const to = search.get('to');
  const channel = channelOf(search);
  const ofChannel: Record<string, string> = channel ? { channel } : {};
  if (from && to) return new URLSearchParams({ from, to, ...ofChannel }).toString();
  return new URLSearchParams({ period: search.get('period') ?? thisMonth, ...ofChannel }).toString();
}

/** The one channel the recap is of (SP4N-LAPOR!'s own recap), or '' for every complaint. */
function channelOf(search: URLSearchParams): Channel | '' {
  const channel = search.get('channel') ?? '';
  return (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : '';
}

function kindOf(search: URLSearchParams): PeriodKind {
  if (search.get('from')) return 'range';
  const period = search.get('period') ?? '';
  if (/^\d{4}$/.test(period)) return 'year';
  if (/^\d{4}-Q[1-4]$/i.test(period)) return 'quarter';
  return 'month';
}

/** The recap (rekapan, SOP step 7) of a month, quarter, year or range beside the period before, with its exports. */
export function Recap() {
  const { t, lang } = useLanguage();
  const { search } = useLocation();
  const today = jakartaToday();
  const thisMonth = today.slice(0, 7);
  const query = periodQuery(search, thisMonth);
  const named = search.get('period') ?? thisMonth;
  const [kind, setKind] = useState<PeriodKind>(kindOf(search));
  const [month, setMonth] = useState(/^\d{4}-\d{2}$/.test(named) ? named : thisMonth);
  const [year, setYear] = useState(named.slice(0, 4));
  const [quarter, setQuarter] = useState(/Q([1-4])$/i.exec(named)?.[1] ?? String(Math.floor((Number(thisMonth.slice(5, 7)) - 1) / 3) + 1));
  const [from, setFrom] = useState(search.get('from') ?? `${thisMonth}-01`);
  const [to, setTo] = useState(search.get('to') ?? today);
  const [channel, setChannel] = useState<Channel | ''>(channelOf(search));
  const { data, error, reload } = useApiGet<RecapData>(`/api/staff/recap?${query}`);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next =
      kind === 'range' ? new URLSearchParams({ from, to }) : new URLSearchParams({ period: kind === 'month' ? month : kind === 'year' ? year : `${year}-Q${quarter}` });
    if (channel) next.set('channel', channel);
    navigate(`${PATHS.recap}?${next.toString()}`);
  };
  // The same rounding as the recap PDF (src/reports/figure-format.ts).
  const num = (v: number | null) => formatFigure(v, 'count', lang);
  const days = (v: number | null) => formatFigure(v, 'days', lang);
  const index = (v: number | null) => formatFigure(v, 'index', lang);
  const pct = (v: number | null) => formatFigure(v, 'share', lang);
  const c = data?.current;
  const p = data?.previous;
  const linked = (n: number, q: string | null) => (q ? <Link href={queueHref(q)}>{num(n)}</Link> : num(n));
  const figure = (value: string, linkQuery: string | null, label: Bilingual, before: string) => (
    <li>
      <strong>{linkQuery ? <Link href={queueHref(linkQuery)}>{value}</Link> : value}</strong> {t(label)}{' '}
      <span className="muted small">
        ({t(R.previousShort)}: {before})
      </span>
    </li>
  );
  const kinds: [PeriodKind, Bilingual][] = [
    ['month', R.kindMonth],
    ['quarter', R.kindQuarter],
    ['year', R.kindYear],
    ['range', R.kindRange],
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t(O.recapTitle)}</h1>
      <form className="search-row" onSubmit={apply} aria-label={t(O.period)}>
        <label htmlFor="recap-kind">{t(R.kind)}</label>
        <select id="recap-kind" value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)}>
          {kinds.map(([k, label]) => (
            <option key={k} value={k}>
              {t(label)}
            </option>
          ))}
        </select>
        {kind === 'month' && (
          <>
            <label htmlFor="recap-month">{t(R.month)}</label>
            <input id="recap-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
          </>
        )}
        {(kind === 'quarter' || kind === 'year') && (
          <>
            <label htmlFor="recap-year">{t(R.year)}</label>
            <input id="recap-year" type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(e.target.value)} required />
          </>
        )}
        {kind === 'quarter' && (
          <>
            <label htmlFor="recap-quarter">{t(R.quarter)}</label>
            <select id="recap-quarter" value={quarter} onChange={(e) => setQuarter(e.target.value)}>
              {['1', '2', '3', '4'].map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </>
        )}
        {kind === 'range' && (
          <>
            <label htmlFor="recap-from">{t(R.from)}</label>
            <input id="recap-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            <label htmlFor="recap-to">{t(R.to)}</label>
            <input id="recap-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
          </>
        )}
        <label htmlFor="recap-channel">{t(R.channel)}</label>
        <select id="recap-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel | '')}>
          <option value="">{t(R.allChannels)}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(CHANNEL_NAMES[c])}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary">
          {t(O.show)}
        </button>
        <DownloadLink href={`/api/staff/recap.xlsx?${query}`} label={O.downloadXlsx} fallbackName="rekap.xlsx" />
        <DownloadLink href={`/api/staff/recap.pdf?${query}`} label={O.downloadPdf} fallbackName="rekap.pdf" />
      </form>
      <Problem error={error} onRetry={() => void reload()} />
      {c && p && (
        <>
          <p className="muted">
            {periodName(c.period, lang)} · {t(R.previous, { label: periodName(p.period, lang) })}
          </p>
          <ul className="figures">
            {figure(num(c.total), c.totalQuery, R.total, num(p.total))}
            {figure(pct(c.firstResponse.shareMet), null, R.firstResponseMet, pct(p.firstResponse.shareMet))}
            {figure(pct(c.answer.shareMet), null, R.answerMet, pct(p.answer.shareMet))}
            {figure(days(c.answer.medianWorkingDays), null, R.median, days(p.answer.medianWorkingDays))}
            {figure(days(c.answer.p90WorkingDays), null, R.p90, days(p.answer.p90WorkingDays))}
            {figure(num(c.backlog.open), c.backlog.openQuery, R.open, num(p.backlog.open))}
            {figure(num(c.answer.overdueNow), c.answer.overdueQuery, R.overdueNow, num(p.answer.overdueNow))}
            {figure(pct(c.reopen.rate), null, R.reopenRate, pct(p.reopen.rate))}
            {figure(c.satisfaction.ikm === null ? '—' : `${index(c.satisfaction.ikm)}${c.satisfaction.grade ? ` (${c.satisfaction.grade})` : ''}`, null, R.ikm, index(p.satisfaction.ikm))}
          </ul>
          <div className="recap-grid">
            <Bars title={R.byState} buckets={c.byState} group="state" />
            <Bars title={R.byChannel} buckets={c.byChannel} group="channel" />
            <Bars title={R.byDivision} buckets={c.byDivision} />
            <Bars title={R.byPermitType} buckets={c.byPermitType.slice(0, 10)} />
            <Bars title={R.byClass} buckets={c.byClass} />
            <Bars title={R.topics} buckets={c.topics} />
            <Bars title={R.byMonth} buckets={c.byMonth} group="month" />
            <Bars title={R.byAge} buckets={c.backlog.byAge} group="age" />
            <section className="panel recap-chart">
              <h2>{t(R.deadlines)}</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col" />
                    <th scope="col">{t(R.firstResponse)}</th>
                    <th scope="col">{t(R.answer)}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t(R.met)}</th>
                    <td className="num">{linked(c.firstResponse.met, c.firstResponse.queries.met)}</td>
                    <td className="num">{linked(c.answer.met, c.answer.queries.met)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t(R.late)}</th>
                    <td className="num">{linked(c.firstResponse.late, c.firstResponse.queries.late)}</td>
                    <td className="num">{linked(c.answer.late, c.answer.queries.late)}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      {t(R.overdueNone)} / {t(R.overdueUnanswered)}
                    </th>
                    <td className="num">{linked(c.firstResponse.overdueWithoutResponse, c.firstResponse.queries.overdue)}</td>
                    <td className="num">{linked(c.answer.overdueUnanswered, c.answer.queries.overdue)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t(R.pending)}</th>
                    <td className="num">{linked(c.firstResponse.pending, c.firstResponse.queries.pending)}</td>
                    <td className="num">—</td>
                  </tr>
                </tbody>
              </table>
            </section>
            <section className="panel recap-chart">
              <h2>{t(R.satisfaction)}</h2>
              <p className="muted small">
                {c.satisfaction.respondentsQuery ? (
                  <Link href={queueHref(c.satisfaction.respondentsQuery)}>{t(R.respondents, { n: num(c.satisfaction.respondents) })}</Link>
                ) : (
                  t(R.respondents, { n: num(c.satisfaction.respondents) })
                )}
              </p>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t(R.element)}</th>
                    <th scope="col">{t(R.nrr)}</th>
                    <th scope="col">{t(R.index)}</th>
                    <th scope="col">{t(R.grade)}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.satisfaction.elements.map((e) => (
                    <tr key={e.element}>
                      <th scope="row">
                        U{e.element} {e.name}
                      </th>
                      <td className="num">{index(e.nrr)}</td>
                      <td className="num">{index(e.index)}</td>
                      <td>{e.grade ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="panel recap-chart" data-testid="recap-lapor">
              <h2>{t(PLACE.laporRecap)}</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col" />
                    <th scope="col">{t(PLACE.laporSide)}</th>
                    <th scope="col">{t(PLACE.otherSide)}</th>
                  </tr>
                </thead>
                <tbody>
                  {(
                    [
                      [PLACE.received, 'total'],
                      [PLACE.firstResponseOnTime, 'firstResponseMet'],
                      [PLACE.firstResponseLate, 'firstResponseLate'],
                      [PLACE.answered, 'answered'],
                      [PLACE.answerOnTime, 'answerMet'],
                      [PLACE.answerLate, 'answerLate'],
                    ] as const
                  ).map(([label, key]) => (
                    <tr key={key}>
                      <th scope="row">{t(label)}</th>
                      <td className="num">{key === 'total' ? linked(c.lapor.lapor.total, c.lapor.lapor.query) : num(c.lapor.lapor[key])}</td>
                      <td className="num">{num(c.lapor.other[key])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            {c.byPerson && <RecapByPerson people={c.byPerson} />}
          </div>
        </>
      )}
    </>
  );
}
