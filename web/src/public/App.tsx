import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { LanguageSwitch } from '../shared/components';
import { ComplaintForm } from './ComplaintForm';
import { Landing } from './Landing';
import { Receipt } from './Receipt';
import { useErrorsShown } from './page-title';
import { Link, PATHS, usePath } from './router';

// The form, the receipt and the landing page come in the first download; the rest only when
// visited, so the first visit to the form stays small on a slow phone connection. The receipt
// is never lazy: it must show even if the connection drops right after sending.
const Track = lazy(() => import('./Track').then((m) => ({ default: m.Track })));
const MyComplaints = lazy(() => import('./MyComplaints').then((m) => ({ default: m.MyComplaints })));
const Statistics = lazy(() => import('./Statistics').then((m) => ({ default: m.Statistics })));
const Privacy = lazy(() => import('./Privacy').then((m) => ({ default: m.Privacy })));
const KnowledgeIndex = lazy(() => import('./Knowledge').then((m) => ({ default: m.KnowledgeIndex })));
const KnowledgeArticle = lazy(() => import('./Knowledge').then((m) => ({ default: m.KnowledgeArticle })));

const M = {
  skip: { id: 'Langsung ke isi', en: 'Skip to content' },
  service: { id: 'Layanan Pengaduan Perizinan', en: 'Permit Complaints Service' },
  navLabel: { id: 'Menu utama', en: 'Main menu' },
  home: { id: 'Beranda', en: 'Home' },
  report: { id: 'Buat pengaduan', en: 'File a complaint' },
  reportShort: { id: 'Lapor', en: 'Report' },
  track: { id: 'Lacak', en: 'Track' },
  mine: { id: 'Pengaduan saya', en: 'My complaints' },
  statistics: { id: 'Statistik', en: 'Statistics' },
  privacy: { id: 'Privasi', en: 'Privacy' },
  knowledge: { id: 'Informasi perizinan', en: 'Permit information' },
  knowledgeShort: { id: 'Info izin', en: 'Permit info' },
  receipt: { id: 'Tanda terima', en: 'Receipt' },
  errorTitle: { id: 'Kesalahan: ', en: 'Error: ' },
  notFound: { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  notFoundText: { id: 'Alamat ini tidak ada. Kembali ke beranda.', en: 'This address does not exist. Go back to the home page.' },
  footer: {
    id: 'Pengaduan ditangani sesuai SOP/DATA/16a. Tanggapan pertama paling lambat 1 hari kerja.',
    en: 'Complaints are handled under procedure SOP/DATA/16a. First response within 1 working day.',
  },
} as const satisfies Record<string, Bilingual>;

const PAGES: Record<string, { title: Bilingual; render: () => React.ReactNode }> = {
  [PATHS.home]: { title: M.service, render: () => <Landing /> },
  [PATHS.report]: { title: M.report, render: () => <ComplaintForm /> },
  [PATHS.receipt]: { title: M.receipt, render: () => <Receipt /> },
  [PATHS.track]: { title: M.track, render: () => <Track /> },
  [PATHS.mine]: { title: M.mine, render: () => <MyComplaints /> },
  [PATHS.statistics]: { title: M.statistics, render: () => <Statistics /> },
  [PATHS.privacy]: { title: M.privacy, render: () => <Privacy /> },
  [PATHS.knowledge]: { title: M.knowledge, render: () => <KnowledgeIndex /> },
};

/** Pages with a key in the path: a permit type's article (its page sets the full title itself). */
function pageWithKey(path: string): { title: Bilingual; render: () => React.ReactNode } | undefined {
  if (!path.startsWith(`${PATHS.knowledge}/`)) return undefined;
  const code = decodeURIComponent(path.slice(PATHS.knowledge.length + 1));
  return { title: M.knowledge, render: () => <KnowledgeArticle code={code} /> };
}

function NotFound() {
  const { t } = useLanguage();
  return (
    <>
      <h1 tabIndex={-1}>{t(M.notFound)}</h1>
      <p>
        <Link href={PATHS.home}>{t(M.notFoundText)}</Link>
      </p>
    </>
  );
}

export function App() {
  const { t } = useLanguage();
  const path = usePath();
  const page = useMemo(() => PAGES[path] ?? pageWithKey(path), [path]);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const errorsShown = useErrorsShown();

  useEffect(() => {
    document.title = `${errorsShown ? t(M.errorTitle) : ''}${t(page?.title ?? M.notFound)} — ${t(COMMON.office)}`;
  }, [page, t, errorsShown]);
  // After a client-side navigation, move focus to the new page's heading as a page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const container = main.current;
    if (!container) return;
    const focusHeading = () => {
      const heading = container.querySelector<HTMLElement>('h1');
      // A fresh Suspense boundary per path, so this is never the previous page's heading.
      if (!heading || heading.offsetParent === null) return false;
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    // A lazily loaded page: focus its heading once it arrives.
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [path]);

  const nav = [
    [PATHS.home, M.home],
    [PATHS.report, M.reportShort],
    [PATHS.track, M.track],
    [PATHS.knowledge, M.knowledgeShort],
    [PATHS.statistics, M.statistics],
  ] as const;
  return (
    <>
      <a className="skip-link" href="#main">
        {t(M.skip)}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link href={PATHS.home} className="brand">
            <span className="brand-office">{t(COMMON.office)}</span>
            <span className="brand-service">{t(M.service)}</span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav aria-label={t(M.navLabel)}>
          <ul>
            {nav.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={path === href ? 'page' : undefined}>
                  {t(label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense key={path} fallback={<p role="status">{t(COMMON.loading)}</p>}>{page ? page.render() : <NotFound />}</Suspense>
      </main>
      <footer className="site-footer">
        <p>{t(M.footer)}</p>
        <p>
          <Link href={PATHS.privacy}>{t(M.privacy)}</Link> · {t(COMMON.officeLong)}
        </p>
      </footer>
    </>
  );
}
