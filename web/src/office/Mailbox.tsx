import { useState } from 'react';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { HeldMail } from './HeldMail';
import { O } from './messages';
import type { ApiGet } from './types';
import { Pager, Problem, When } from './ui';

type Mailbox = ApiGet<'/api/admin/mailbox'>;

const PAGE_SIZE = 20;

const M = {
  intro: {
    id: 'Tanpa server SMTP, surat keluar disimpan sebagai berkas di server, bukan dikirim. Hanya untuk pengembangan dan uji coba.',
    en: 'Without an SMTP server, outgoing mail is kept as files on the server instead of being sent. For development and trials only.',
  },
  smtp: { id: 'Surat dikirim lewat SMTP; kotak surat ini kosong.', en: 'Mail goes out through SMTP; this mailbox stays empty.' },
  to: { id: 'Kepada', en: 'To' },
  empty: { id: 'Belum ada surat.', en: 'No mail yet.' },
  noMatch: { id: 'Tidak ada surat yang cocok.', en: 'No mail matches.' },
  search: { id: 'Cari (judul, penerima, atau isi)', en: 'Search (subject, recipient or text)' },
  count: { id: '{n} surat', en: '{n} messages', enOne: '1 message' },
} as const satisfies Record<string, Bilingual>;

/** What each mail is, in the office's words (src/notifications/templates.ts kinds). */
const KINDS: Readonly<Record<string, Bilingual>> = {
  receipt: { id: 'Tanda terima', en: 'Receipt' },
  clarification_request: { id: 'Permintaan klarifikasi', en: 'Request for clarification' },
  answer_published: { id: 'Jawaban diterbitkan', en: 'Answer published' },
  closed: { id: 'Pengaduan selesai', en: 'Complaint closed' },
  survey_invitation: { id: 'Undangan survei kepuasan', en: 'Satisfaction survey invitation' },
  new_complaint: { id: 'Pengaduan baru', en: 'New complaint' },
  staff_digest: { id: 'Ringkasan harian', en: 'Daily digest' },
  disposition_received: { id: 'Disposisi diterima', en: 'Disposition received' },
  deadline_approaching: { id: 'Batas waktu mendekat', en: 'Deadline approaching' },
  deadline_missed: { id: 'Batas waktu terlewati', en: 'Deadline missed' },
};

/** The development mailbox (GET /api/admin/mailbox): what the office would have emailed, searchable, a page at a time. */
export function Mailbox() {
  const { t, lang } = useLanguage();
  const { data, error, reload } = useApiGet<Mailbox>('/api/admin/mailbox?limit=1000');
  const [open, setOpen] = useState<string>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const needle = q.trim().toLowerCase();
  const found = (data?.messages ?? []).filter((m) => !needle || `${m.subject}\n${m.to}\n${m.text}`.toLowerCase().includes(needle));
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = found.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <>
      <h1 tabIndex={-1}>{t(O.navMailbox)}</h1>
      <HeldMail kinds={KINDS} />
      <Problem error={error} onRetry={() => void reload()} />
      {data && (
        <>
          <p className="hint">{data.mode === 'smtp' ? t(M.smtp) : t(M.intro)}</p>
          {data.messages.length === 0 ? (
            <p className="empty">{t(M.empty)}</p>
          ) : (
            <>
              <div className="search-row" role="search">
                <label htmlFor="mail-q">{t(M.search)}</label>
                <input
                  id="mail-q"
                  type="search"
                  value={q}
                  onChange={(e) => {
                    setQ(e.target.value);
                    setPage(1);
                  }}
                />
                <span className="muted" role="status" data-testid="mail-count">
                  {t(M.count, { n: formatNumber(found.length, lang) })}
                </span>
              </div>
              {shown.length === 0 ? (
                <p className="empty">{t(M.noMatch)}</p>
              ) : (
                <ul className="cards" data-testid="mail-list">
                  {shown.map((m) => (
                    <li key={m.file} className="card">
                      <button type="button" className="btn btn-link" aria-expanded={open === m.file} onClick={() => setOpen(open === m.file ? undefined : m.file)}>
                        {m.subject}
                      </button>
                      <div className="small muted">
                        {t(M.to)}: {m.to} · {t(KINDS[m.kind] ?? { id: m.kind, en: m.kind })} · <When iso={m.writtenAt} />
                      </div>
                      {open === m.file && <pre className="prewrap mail-text">{m.text}</pre>}
                    </li>
                  ))}
                </ul>
              )}
              <Pager page={current} pages={pages} go={setPage} />
            </>
          )}
        </>
      )}
    </>
  );
}
