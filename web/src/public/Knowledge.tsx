import { useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { formatDate, useLanguage, type Bilingual } from '../shared/i18n';
import { ARTICLE_SECTIONS } from '../shared/knowledge-labels';
import { COMMON } from '../shared/messages';
import { knowledgePath, pick, settleSuggestion, suggestionFor, type Bi } from './knowledge-api';
import { Link, PATHS } from './router';

export const KNOWLEDGE_TITLE: Bilingual = { id: 'Informasi perizinan', en: 'Permit information' };

const M = {
  intro: {
    id: 'Persyaratan, alur, waktu, biaya dan dasar hukum tiap jenis izin, serta jawaban atas pertanyaan yang sering diajukan. Mungkin pertanyaan Anda sudah terjawab di sini.',
    en: 'Requirements, steps, time, cost and legal basis of each permit type, and answers to frequently asked questions. Your question may already be answered here.',
  },
  byPermit: { id: 'Menurut jenis izin', en: 'By permit type' },
  none: { id: 'Belum ada informasi yang diterbitkan.', en: 'No information published yet.' },
  faqs: { id: 'Pertanyaan yang sering diajukan', en: 'Frequently asked questions' },
  generalFaqs: { id: 'Pertanyaan umum', en: 'General questions' },
  updated: { id: 'Diperbarui {date}', en: 'Updated {date}' },
  back: { id: 'Semua informasi perizinan', en: 'All permit information' },
  notFound: { id: 'Informasi untuk jenis izin ini belum tersedia.', en: 'There is no information on this permit type yet.' },
  stillComplain: { id: 'Masalah Anda belum terjawab? Buat pengaduan.', en: 'Problem not answered? File a complaint.' },
  settled: { id: 'Ini menjawab pertanyaan saya — tidak jadi mengadu', en: 'This answered my question — no complaint needed' },
  thanks: { id: 'Terima kasih. Senang pertanyaan Anda terjawab.', en: 'Thank you. We are glad your question was answered.' },
  failed: { id: 'Informasi tidak dapat dimuat. Periksa koneksi lalu muat ulang.', en: 'The information could not be loaded. Check the connection and reload.' },
} as const satisfies Record<string, Bilingual>;


interface Faq {
  id: number;
  question: Bi;
  answer: Bi;
}
interface Article {
  id: number;
  title: Bi;
  summary: Bi;
  requirements: Bi;
  steps: Bi;
  duration: Bi;
  cost: Bi;
  legalBasis: Bi;
  updatedAt: string;
}

type Load<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'missing' } | { status: 'failed' };

function useLoad<T>(url: string): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    api<T>('GET', url).then(
      (data) => current && setState({ status: 'ready', data }),
      (e: unknown) => current && setState({ status: e instanceof ApiError && e.status === 404 ? 'missing' : 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [url]);
  return state;
}

/** Opens and shows the question a link's `#tanya-…` names, once the page has it. */
function useOpenLinkedQuestion(ready: boolean): void {
  useEffect(() => {
    if (!ready || !window.location.hash.startsWith('#tanya-')) return;
    const target = document.getElementById(window.location.hash.slice(1));
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
      target.scrollIntoView();
    }
  }, [ready]);
}

function Faqs({ items }: { items: readonly Faq[] }) {
  const { lang } = useLanguage();
  return (
    <div className="kb-faqs">
      {items.map((f) => (
        <details key={f.id} id={`tanya-${f.id}`}>
          <summary>{pick(f.question, lang)}</summary>
          <p className="kb-text">{pick(f.answer, lang)}</p>
        </details>
      ))}
    </div>
  );
}

/** "This answered my question", shown only when a suggestion on the complaint form led here. */
function SettledButton({ ids }: { ids: readonly number[] }) {
  const { t } = useLanguage();
  const [shown] = useState(() => suggestionFor(ids));
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <p className="notice notice-success" role="status">
        {t(M.thanks)}
      </p>
    );
  }
  if (!shown) return null;
  return (
    <button type="button" className="btn btn-secondary" onClick={() => void settleSuggestion(shown.token, shown.entryId).then(() => setDone(true), () => setDone(true))}>
      {t(M.settled)}
    </button>
  );
}

export function KnowledgeIndex() {
  const { t, lang } = useLanguage();
  const state = useLoad<{ articles: { code: string; name: string; category: string; title: Bi; summary: Bi }[]; faqs: Faq[] }>('/api/public/knowledge');
  useOpenLinkedQuestion(state.status === 'ready');
  return (
    <>
      <h1 tabIndex={-1}>{t(KNOWLEDGE_TITLE)}</h1>
      <p>{t(M.intro)}</p>
      {state.status === 'loading' && <p role="status">{t(COMMON.loading)}</p>}
      {(state.status === 'failed' || state.status === 'missing') && <p className="notice">{t(M.failed)}</p>}
      {state.status === 'ready' && (
        <>
          <h2>{t(M.byPermit)}</h2>
          {state.data.articles.length === 0 && <p>{t(M.none)}</p>}
          <ul className="kb-index">
            {state.data.articles.map((a) => (
              <li key={a.code}>
                <Link href={knowledgePath(a.code)}>{pick(a.title, lang)}</Link>
                <span className="hint"> · {a.category}</span>
                {pick(a.summary, lang) && <p>{pick(a.summary, lang)}</p>}
              </li>
            ))}
          </ul>
          {state.data.faqs.length > 0 && (
            <>
              <h2>{t(M.generalFaqs)}</h2>
              <Faqs items={state.data.faqs} />
              <SettledButton ids={state.data.faqs.map((f) => f.id)} />
            </>
          )}
        </>
      )}
    </>
  );
}

export function KnowledgeArticle({ code }: { code: string }) {
  const { t, lang } = useLanguage();
  const state = useLoad<{ permitType: { code: string; name: string; category: string }; article: Article | null; faqs: Faq[] }>(`/api/public/knowledge/${encodeURIComponent(code)}`);
  useOpenLinkedQuestion(state.status === 'ready');
  useEffect(() => {
    if (state.status === 'ready') document.title = `${state.data.article ? pick(state.data.article.title, lang) : state.data.permitType.name} — ${t(KNOWLEDGE_TITLE)}`;
  }, [state, lang, t]);
  const back = (
    <p>
      <Link href={PATHS.knowledge}>{t(M.back)}</Link>
    </p>
  );
  if (state.status !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>{t(KNOWLEDGE_TITLE)}</h1>
        {state.status === 'loading' ? <p role="status">{t(COMMON.loading)}</p> : <p className="notice">{t(state.status === 'missing' ? M.notFound : M.failed)}</p>}
        {back}
      </>
    );
  }
  const { article, faqs, permitType } = state.data;
  return (
    <article className="kb-article">
      <h1 tabIndex={-1}>{article ? pick(article.title, lang) : permitType.name}</h1>
      <p className="hint">
        {permitType.name} · {permitType.category}
        {article && <> · {t(M.updated, { date: formatDate(article.updatedAt, lang) })}</>}
      </p>
      {article && (
        <>
          {pick(article.summary, lang) && <p className="kb-summary">{pick(article.summary, lang)}</p>}
          {ARTICLE_SECTIONS.map(([key, title]) => (
            <section key={key} aria-labelledby={`kb-${key}`}>
              <h2 id={`kb-${key}`}>{t(title)}</h2>
              <p className="kb-text">{pick(article[key], lang)}</p>
            </section>
          ))}
        </>
      )}
      {faqs.length > 0 && (
        <section aria-labelledby="kb-faqs">
          <h2 id="kb-faqs">{t(M.faqs)}</h2>
          <Faqs items={faqs} />
        </section>
      )}
      <SettledButton ids={[...(article ? [article.id] : []), ...faqs.map((f) => f.id)]} />
      <p>
        <Link href={PATHS.report}>{t(M.stillComplain)}</Link>
      </p>
      {back}
    </article>
  );
}
