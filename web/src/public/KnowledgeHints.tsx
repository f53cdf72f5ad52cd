import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { knowledgeHref, pick, rememberSuggestion, settleSuggestion, type Bi } from './knowledge-api';
import { Link } from './router';

const M = {
  title: { id: 'Mungkin ini menjawab pertanyaan Anda', en: 'This may answer your question' },
  intro: { id: 'Informasi resmi tentang izin yang Anda pilih dan kata yang Anda ketik:', en: 'Official information on the permit you chose and the words you typed:' },
  general: { id: 'Pertanyaan umum', en: 'General question' },
  settled: { id: 'Ini menjawab pertanyaan saya — tidak jadi mengadu', en: 'This answered my question — no complaint needed' },
  thanks: {
    id: 'Terima kasih. Senang pertanyaan Anda terjawab. Bila masih ada masalah, Anda tetap dapat mengirim pengaduan.',
    en: 'Thank you. We are glad your question was answered. If a problem remains, you can still send a complaint.',
  },
} as const satisfies Record<string, Bilingual>;

interface Suggestion {
  id: number;
  kind: 'article' | 'faq';
  permitTypeCode: string | null;
  title: Bi;
  snippet: Bi;
}

/** Asks after a pause in typing; words this short say nothing yet. */
const PAUSE_MS = 700;
const MIN_CHARS = 8;

/** While the reporter types: published articles and questions that may settle the matter before it is filed. */
export function KnowledgeHints({ permitTypeId, text }: { permitTypeId: string; text: string }) {
  const { t, lang } = useLanguage();
  const [found, setFound] = useState<{ token: string | null; items: Suggestion[] }>({ token: null, items: [] });
  const [settled, setSettled] = useState(false);

  useEffect(() => {
    const typed = text.trim();
    if (typed.length < MIN_CHARS) {
      setFound({ token: null, items: [] });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api<{ token: string | null; items: Suggestion[] }>('POST', '/api/public/knowledge/suggestions', {
        json: { permitTypeId: permitTypeId ? Number(permitTypeId) : null, text: typed.slice(0, 5400) },
        signal: controller.signal,
      })
        .then((body) => {
          setFound(body);
          if (body.token) rememberSuggestion(body.token, body.items.map((i) => i.id));
        })
        // A hint is a courtesy: no answer (offline, too many) leaves the form as it was.
        .catch(() => undefined);
    }, PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [permitTypeId, text]);

  if (settled) {
    return (
      <div className="notice notice-success" role="status">
        <p>{t(M.thanks)}</p>
      </div>
    );
  }
  if (found.items.length === 0) return null;
  const token = found.token;
  return (
    <section className="kb-hints" aria-labelledby="kb-hints-title" aria-live="polite">
      <h2 id="kb-hints-title">{t(M.title)}</h2>
      <p className="hint">{t(M.intro)}</p>
      <ul>
        {found.items.map((item) => (
          <li key={item.id}>
            <Link href={knowledgeHref(item.permitTypeCode, item.kind === 'faq' ? item.id : undefined)}>{pick(item.title, lang)}</Link>
            {!item.permitTypeCode && <span className="hint"> · {t(M.general)}</span>}
            <p>{pick(item.snippet, lang)}</p>
            {token && (
              <button type="button" className="btn btn-link" onClick={() => void settleSuggestion(token, item.id).then(() => setSettled(true), () => setSettled(true))}>
                {t(M.settled)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
