import { useState, type FormEvent } from 'react';
import { StateBadge } from '../shared/components';
import { formatNumber, jakartaToday, useLanguage } from '../shared/i18n';
import { useApiGet } from './data';
import { DownloadLink } from './Download';
import { CHANNEL_NAMES, O, PLACE, TEAM } from './messages';
import { Link, navigate, PATHS, useLocation } from './router';
import type { ApiGet } from './types';
import { Pager, Problem, When } from './ui';
import { I } from './import-messages';


const PAGE_SIZE = 100;

/** The complaint register (buku pengaduan) of a period, with its exports. */
export function RegisterBook() {
  const { t, lang } = useLanguage();
  const { search } = useLocation();
  const today = jakartaToday();
  const from = search.get('from') ?? `${today.slice(0, 7)}-01`;
  const to = search.get('to') ?? today;
  const page = Math.max(1, Number(search.get('page')) || 1);
  const lapor = search.get('lapor') ?? '';
  const laporId = search.get('laporId') ?? '';
  const [draft, setDraft] = useState({ from, to, lapor, laporId });
  // The period and its LAPOR! narrowing, the same for the page and its exports.
  const filter = new URLSearchParams({ from, to, ...(lapor ? { lapor } : {}), ...(laporId ? { laporId } : {}) });
  const query = new URLSearchParams({ ...Object.fromEntries(filter), page: String(page), pageSize: String(PAGE_SIZE) });
  const { data, error, loading, reload } = useApiGet<ApiGet<'/api/staff/register'>>(`/api/staff/register?${query.toString()}`);
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));
  const go = (next: { from: string; to: string; lapor: string; laporId: string; page?: number }) => {
    const params = new URLSearchParams({ from: next.from, to: next.to, ...(next.lapor ? { lapor: next.lapor } : {}), ...(next.laporId.trim() ? { laporId: next.laporId.trim() } : {}) });
    if (next.page && next.page > 1) params.set('page', String(next.page));
    navigate(`${PATHS.register}?${params.toString()}`);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    go(draft);
  };
  const period = filter.toString();
  const mark = (met: boolean | null) => (met === null ? '' : met ? ` (${t(O.met)})` : ` (${t(O.missed)})`);

  return (
    <>
      <h1 tabIndex={-1}>{t(O.registerTitle)}</h1>
      <form className="search-row" onSubmit={apply} aria-label={t(O.period)}>
        <label htmlFor="r-from">{t(O.from)}</label>
        <input id="r-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} required />
        <label htmlFor="r-to">{t(O.to)}</label>
        <input id="r-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} required />
        <label htmlFor="r-lapor">{t(PLACE.laporFilter)}</label>
        <select id="r-lapor" value={draft.lapor} onChange={(e) => setDraft({ ...draft, lapor: e.target.value })}>
          <option value="">{t(PLACE.laporAll)}</option>
          <option value="only">{t(PLACE.laporOnly)}</option>
          <option value="exclude">{t(PLACE.laporExclude)}</option>
        </select>
        <label htmlFor="r-lapor-id">{t(PLACE.laporSearch)}</label>
        <input id="r-lapor-id" type="search" inputMode="numeric" value={draft.laporId} onChange={(e) => setDraft({ ...draft, laporId: e.target.value })} />
        <button type="submit" className="btn btn-primary">
          {t(O.show)}
        </button>
        <DownloadLink href={`/api/staff/register.xlsx?${period}`} label={O.downloadXlsx} fallbackName={`buku-pengaduan-${from}-${to}.xlsx`} />
        <DownloadLink href={`/api/staff/register.pdf?${period}`} label={O.downloadPdf} fallbackName={`buku-pengaduan-${from}-${to}.pdf`} />
      </form>
      <Problem error={error} onRetry={() => void reload()} />
      <p className="muted">{data ? t(O.results, { n: formatNumber(data.total, lang) }) : ''}</p>
      {data && data.items.length === 0 ? (
        <p className="empty">{t(O.noResults)}</p>
      ) : (
        <div className="table-wrap">
          <table className="table register-table" aria-busy={loading || undefined}>
            <thead>
              <tr>
                <th scope="col">{t(O.number)}</th>
                <th scope="col">{t(O.trackingNumber)}</th>
                <th scope="col">{t(O.received)}</th>
                <th scope="col">{t(O.channel)}</th>
                <th scope="col">{t(O.reporter)}</th>
                <th scope="col">{t(O.subject)}</th>
                <th scope="col">{t(PLACE.locationColumn)}</th>
                <th scope="col">{t(O.divisions)}</th>
                <th scope="col">{t(O.firstResponse)}</th>
                <th scope="col">{t(O.answer)}</th>
                <th scope="col">{t({ id: 'Status', en: 'State' })}</th>
                <th scope="col">{t(TEAM.ownerColumn)}</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.map((r) => (
                <tr key={r.trackingNumber}>
                  <td>{r.number}</td>
                  <td>
                    <Link href={PATHS.complaint(r.trackingNumber)} className="mono">
                      {r.trackingNumber}
                    </Link>
                    {r.originalNumber && <div className="muted">{t(I.originalShort, { n: r.originalNumber })}</div>}
                  </td>
                  <td>
                    <When iso={r.receivedAt} />
                  </td>
                  <td>
                    {t(CHANNEL_NAMES[r.channel])}
                    {r.laporTrackingId && <div className="muted small mono">#{r.laporTrackingId}</div>}
                  </td>
                  <td>{r.reporter}</td>
                  <td>
                    {r.subject}
                    {r.permitType && <div className="muted small">{r.permitType}</div>}
                  </td>
                  <td>{r.location ? (r.location.address ?? `${r.location.lat?.toFixed(5) ?? ''}, ${r.location.lng?.toFixed(5) ?? ''}`) : '—'}</td>
                  <td>{r.divisions.join(', ') || '—'}</td>
                  <td>
                    {r.firstRespondedAt ? <When iso={r.firstRespondedAt} /> : '—'}
                    {mark(r.firstResponseMet)}
                  </td>
                  <td>
                    {r.answeredAt ? <When iso={r.answeredAt} /> : r.answerDueAt ? <span className="muted">{t(O.due)} <When iso={r.answerDueAt} time={false} /></span> : '—'}
                    {mark(r.answerMet)}
                  </td>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                  <td>{r.owner ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} go={(next) => go({ from, to, lapor, laporId, page: next })} />
    </>
  );
}
