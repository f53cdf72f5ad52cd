import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage, type SummaryItem } from '../shared/components';
import { formatDateTime, useLanguage, type Bilingual } from '../shared/i18n';
import { ARTICLE_SECTIONS } from '../shared/knowledge-labels';
import { useCatalogues } from './data';
import { Notice, Problem } from './ui';

/**
 * The admin's knowledge base (src/knowledge): articles per permit type and questions, drafts and
 * published, each save a revision with its history and a restore; how often a suggestion of each
 * settled a reporter's question.
 */
export const K = {
  title: { id: 'Informasi perizinan', en: 'Permit information' },
  intro: {
    id: 'Satu artikel per jenis izin dan pertanyaan yang sering diajukan. Yang diterbitkan tampil di portal, disarankan pada formulir pengaduan, dan dapat disisipkan ke jawaban.',
    en: 'One article per permit type and frequently asked questions. Published ones show on the portal, are suggested on the complaint form, and can be inserted into answers.',
  },
  newArticle: { id: 'Artikel baru', en: 'New article' },
  newFaq: { id: 'Pertanyaan baru', en: 'New question' },
  article: { id: 'Artikel', en: 'Article' },
  faq: { id: 'Tanya-jawab', en: 'Q&A' },
  general: { id: 'Umum (semua jenis izin)', en: 'General (every permit type)' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
  kind: { id: 'Jenis', en: 'Kind' },
  entryTitle: { id: 'Judul / pertanyaan', en: 'Title / question' },
  state: { id: 'Status', en: 'State' },
  published: { id: 'Terbit', en: 'Published' },
  draft: { id: 'Draf', en: 'Draft' },
  publish: { id: 'Terbitkan (tampil di portal)', en: 'Publish (show on the portal)' },
  version: { id: 'Versi', en: 'Version' },
  settled: { id: 'Menjawab penanya', en: 'Settled a question' },
  settledHint: { id: 'Berapa kali pelapor menekan "tidak jadi mengadu" pada saran ini (sekali per saran).', en: 'How often a reporter pressed "no complaint needed" on this suggestion (once per suggestion).' },
  edit: { id: 'Ubah', en: 'Edit' },
  history: { id: 'Riwayat', en: 'History' },
  save: { id: 'Simpan', en: 'Save' },
  close: { id: 'Tutup', en: 'Close' },
  saved: { id: 'Tersimpan sebagai versi {version}.', en: 'Saved as version {version}.' },
  unchanged: { id: 'Tidak ada perubahan.', en: 'Nothing changed.' },
  empty: { id: 'Belum ada artikel atau pertanyaan.', en: 'No articles or questions yet.' },
  inIndonesian: { id: '{field} (Indonesia)', en: '{field} (Indonesian)' },
  inEnglish: { id: '{field} (Inggris)', en: '{field} (English)' },
  titleField: { id: 'Judul', en: 'Title' },
  summary: { id: 'Ringkasan', en: 'Summary' },
  question: { id: 'Pertanyaan', en: 'Question' },
  answer: { id: 'Jawaban', en: 'Answer' },
  savedBy: { id: 'oleh {name}', en: 'by {name}' },
  changed: { id: 'Diubah: {fields}', en: 'Changed: {fields}' },
  created: { id: 'dibuat', en: 'created' },
  restoredFrom: { id: 'dipulihkan dari versi {version}', en: 'restored from version {version}' },
  view: { id: 'Lihat isi', en: 'View text' },
  restore: { id: 'Pulihkan versi ini', en: 'Restore this version' },
  restored: { id: 'Versi {from} dipulihkan sebagai versi {version}.', en: 'Version {from} restored as version {version}.' },
  current: { id: 'versi sekarang', en: 'current version' },
} as const satisfies Record<string, Bilingual>;

type Kind = 'article' | 'faq';
interface Bi {
  id: string;
  en: string;
}
interface ListItem {
  id: number;
  kind: Kind;
  permitType: { id: number; code: string; name: string } | null;
  title: string;
  published: boolean;
  version: number;
  settledCount: number;
  updatedAt: string;
}
interface Entry {
  id: number;
  kind: Kind;
  permitTypeId: number | null;
  published: boolean;
  version: number;
  content: Record<string, Bi>;
}
interface Revision {
  version: number;
  savedAt: string;
  savedBy: string | null;
  changed: string[];
  published: boolean;
  restoredFrom: number | null;
}

const FIELDS: Record<Kind, readonly string[]> = {
  article: ['title', 'summary', ...ARTICLE_SECTIONS.map(([key]) => key)],
  faq: ['question', 'answer'],
};
const SECTION_LABELS: Readonly<Record<string, Bilingual>> = Object.fromEntries(ARTICLE_SECTIONS);
/** The one-line fields; the rest are text areas. */
const SHORT = new Set<string>(['title', 'question']);
const label = (field: string): Bilingual => (field === 'title' ? K.titleField : (SECTION_LABELS[field] ?? (field in K ? K[field as keyof typeof K] : { id: field, en: field })));

function blank(kind: Kind): Entry {
  return { id: 0, kind, permitTypeId: null, published: false, version: 0, content: Object.fromEntries(FIELDS[kind].map((f) => [f, { id: '', en: '' }])) };
}

function Editor({ start, onSaved, onClose }: { start: Entry; onSaved: (message: string) => void; onClose: () => void }) {
  const { t } = useLanguage();
  const catalogues = useCatalogues();
  const [entry, setEntry] = useState(start);
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from a row further down: bring the form into view and start reading at its title.
  useEffect(() => heading.current?.focus(), []);
  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
  const setText = (field: string, lang: 'id' | 'en', value: string) =>
    setEntry((e) => ({ ...e, content: { ...e.content, [field]: { ...(e.content[field] ?? { id: '', en: '' }), [lang]: value } } }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setMessage(undefined);
    const body = { kind: entry.kind, permitTypeId: entry.permitTypeId, published: entry.published, content: entry.content };
    try {
      const result = entry.id
        ? await api<{ version: number; changed: string[] }>('PUT', `/api/admin/knowledge/${entry.id}`, { json: { ...body, version: entry.version } })
        : { ...(await api<{ version: number }>('POST', '/api/admin/knowledge', { json: body })), changed: ['created'] };
      onSaved(result.changed.length === 0 ? t(K.unchanged) : t(K.saved, { version: result.version }));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(e.fields);
      else setMessage(problemMessage(e, t));
      setBusy(false);
    }
  }

  return (
    <form className="kb-editor" onSubmit={(e) => void save(e)} noValidate aria-labelledby="kb-editor-title">
      <h2 id="kb-editor-title" tabIndex={-1} ref={heading}>{entry.id ? `${t(K.edit)}: ${entry.content.title?.id || entry.content.question?.id || ''}` : t(entry.kind === 'article' ? K.newArticle : K.newFaq)}</h2>
      <ErrorSummary items={errors} message={message} />
      <Field path="permitTypeId" label={t(K.permitType)} error={errorOf('permitTypeId')} required={entry.kind === 'article'}>
        {(props) => (
          <select {...props} value={entry.permitTypeId ?? ''} onChange={(e) => setEntry({ ...entry, permitTypeId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{entry.kind === 'faq' ? t(K.general) : '—'}</option>
            {(catalogues?.permitTypes ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {FIELDS[entry.kind].map((field) =>
        (['id', 'en'] as const).map((lang) => {
          const path = `content.${field}.${lang}`;
          const value = entry.content[field]?.[lang] ?? '';
          const text = t(lang === 'id' ? K.inIndonesian : K.inEnglish, { field: t(label(field)) });
          return (
            <Field key={path} path={path} label={text} error={errorOf(path)} required={lang === 'id' && field !== 'summary'}>
              {(props) =>
                SHORT.has(field) ? (
                  <input {...props} type="text" value={value} onChange={(e) => setText(field, lang, e.target.value)} />
                ) : (
                  <textarea {...props} rows={field === 'summary' ? 2 : 4} value={value} onChange={(e) => setText(field, lang, e.target.value)} />
                )
              }
            </Field>
          );
        }),
      )}
      <div className="check">
        <input id="kb-published" type="checkbox" checked={entry.published} onChange={(e) => setEntry({ ...entry, published: e.target.checked })} />
        <label htmlFor="kb-published">{t(K.publish)}</label>
      </div>
      <div className="form-buttons">
        <Button type="submit" busy={busy}>
          {t(K.save)}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t(K.close)}
        </Button>
      </div>
    </form>
  );
}

function History({ item, onRestored }: { item: ListItem; onRestored: (message: string) => void }) {
  const { t, lang } = useLanguage();
  const [revisions, setRevisions] = useState<Revision[]>();
  const [shown, setShown] = useState<{ version: number; content: Record<string, Bi> }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<{ items: Revision[] }>('GET', `/api/admin/knowledge/${item.id}/revisions`).then((r) => setRevisions(r.items), setError);
  }, [item.id, item.version]);
  const view = (version: number) => api<Entry>('GET', `/api/admin/knowledge/${item.id}?revision=${version}`).then((e) => setShown({ version, content: e.content }), setError);
  const restore = (version: number) =>
    api<{ version: number }>('POST', `/api/admin/knowledge/${item.id}/restore`, { json: { revision: version, version: item.version } }).then((r) => onRestored(t(K.restored, { from: version, version: r.version })), setError);
  return (
    <section className="kb-history" aria-labelledby="kb-history-title">
      <h2 id="kb-history-title">
        {t(K.history)}: {item.title}
      </h2>
      <Problem error={error} />
      <ol reversed>
        {(revisions ?? []).map((r) => (
          <li key={r.version}>
            <strong>
              {t(K.version)} {r.version}
            </strong>{' '}
            · {formatDateTime(r.savedAt, lang)} {r.savedBy && t(K.savedBy, { name: r.savedBy })} · {r.published ? t(K.published) : t(K.draft)}
            <br />
            {r.restoredFrom !== null && <>{t(K.restoredFrom, { version: r.restoredFrom })} · </>}
            {r.changed[0] === 'created' ? t(K.created) : t(K.changed, { fields: r.changed.join(', ') })}{' '}
            <Button variant="link" onClick={() => void view(r.version)}>
              {t(K.view)}
            </Button>
            {r.version === item.version ? (
              <span className="muted">({t(K.current)})</span>
            ) : (
              <Button variant="link" onClick={() => void restore(r.version)}>
                {t(K.restore)}
              </Button>
            )}
          </li>
        ))}
      </ol>
      {shown && (
        <div className="kb-revision" aria-live="polite">
          <h3>
            {t(K.version)} {shown.version}
          </h3>
          <dl>
            {Object.entries(shown.content).map(([field, text]) => (
              <div key={field}>
                <dt>{t(label(field))}</dt>
                <dd className="kb-text">{text.id}</dd>
                {text.en && <dd className="kb-text muted">{text.en}</dd>}
              </div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}

export function KnowledgeBase() {
  const { t, lang } = useLanguage();
  const [items, setItems] = useState<ListItem[]>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<Entry>();
  const [history, setHistory] = useState<number>();
  const [notice, setNotice] = useState<string>();
  const reload = useCallback(() => api<{ items: ListItem[] }>('GET', '/api/admin/knowledge').then((r) => setItems(r.items), setError), []);
  useEffect(() => void reload(), [reload]);
  const done = (message: string) => {
    setNotice(message);
    setEditing(undefined);
    void reload();
  };
  const open = (id: number) => api<Entry>('GET', `/api/admin/knowledge/${id}`).then((e) => {
    setHistory(undefined);
    setEditing(e);
  }, setError);
  const historyItem = items?.find((i) => i.id === history);
  return (
    <>
      <p>{t(K.intro)}</p>
      {notice && <Notice tone="success">{notice}</Notice>}
      <Problem error={error} />
      <div className="form-buttons">
        <Button variant="secondary" onClick={() => setEditing(blank('article'))}>
          {t(K.newArticle)}
        </Button>
        <Button variant="secondary" onClick={() => setEditing(blank('faq'))}>
          {t(K.newFaq)}
        </Button>
      </div>
      {editing && <Editor key={`${editing.id}-${editing.version}-${editing.kind}`} start={editing} onSaved={done} onClose={() => setEditing(undefined)} />}
      {items && items.length === 0 && <p>{t(K.empty)}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="kb-table">
            <thead>
              <tr>
                <th scope="col">{t(K.permitType)}</th>
                <th scope="col">{t(K.kind)}</th>
                <th scope="col">{t(K.entryTitle)}</th>
                <th scope="col">{t(K.state)}</th>
                <th scope="col">{t(K.version)}</th>
                <th scope="col" title={t(K.settledHint)}>
                  {t(K.settled)}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t(K.edit)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.permitType?.code ?? t(K.general)}</td>
                  <td>{t(i.kind === 'article' ? K.article : K.faq)}</td>
                  <td>{i.title}</td>
                  <td>{i.published ? t(K.published) : t(K.draft)}</td>
                  <td title={formatDateTime(i.updatedAt, lang)}>{i.version}</td>
                  <td data-settled={i.settledCount}>{i.settledCount}</td>
                  <td>
                    <Button variant="link" onClick={() => void open(i.id)}>
                      {t(K.edit)}
                    </Button>
                    <Button variant="link" onClick={() => setHistory(i.id)}>
                      {t(K.history)}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {historyItem && <History item={historyItem} onRestored={done} />}
    </>
  );
}
