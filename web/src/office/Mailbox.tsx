import { useState } from 'react';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { O } from './messages';
import { Problem, When } from './ui';

interface MailboxEntry {
  file: string;
  outboxId: number;
  kind: string;
  to: string;
  language: string;
  subject: string;
  text: string;
  writtenAt: string;
}

const M = {
  intro: {
    id: 'Tanpa server SMTP, surat keluar ditulis sebagai berkas .eml di folder ini. Hanya untuk pengembangan dan uji coba.',
    en: 'Without an SMTP server, outgoing mail is written as .eml files in this folder. For development and trials only.',
  },
  smtp: { id: 'Surat dikirim lewat SMTP; kotak surat ini kosong.', en: 'Mail goes out through SMTP; this mailbox stays empty.' },
  to: { id: 'Kepada', en: 'To' },
  empty: { id: 'Belum ada surat.', en: 'No mail yet.' },
} as const satisfies Record<string, Bilingual>;

/** The development mailbox (GET /api/admin/mailbox): what the office would have emailed. */
export function Mailbox() {
  const { t } = useLanguage();
  const { data, error, reload } = useApiGet<{ mode: 'smtp' | 'file'; directory: string; messages: MailboxEntry[] }>('/api/admin/mailbox?limit=100');
  const [open, setOpen] = useState<string>();
  return (
    <>
      <h1 tabIndex={-1}>{t(O.navMailbox)}</h1>
      <Problem error={error} onRetry={() => void reload()} />
      {data && (
        <>
          <p className="hint">
            {data.mode === 'smtp' ? t(M.smtp) : t(M.intro)} <code>{data.directory}</code>
          </p>
          {data.messages.length === 0 ? (
            <p className="empty">{t(M.empty)}</p>
          ) : (
            <ul className="cards">
              {data.messages.map((m) => (
                <li key={m.file} className="card">
                  <button type="button" className="btn btn-link" aria-expanded={open === m.file} onClick={() => setOpen(open === m.file ? undefined : m.file)}>
                    {m.subject}
                  </button>
                  <div className="small muted">
                    {t(M.to)}: {m.to} · {m.kind} · <When iso={m.writtenAt} />
                  </div>
                  {open === m.file && <pre className="prewrap mail-text">{m.text}</pre>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
