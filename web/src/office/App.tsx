import { useEffect, useRef, useState, type ReactNode } from 'react';
import { LanguageSwitch } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { Account } from './Account';
import { A } from './account-messages';
import { Admin } from './Admin';
import { Bell } from './Bell';
import { ComplaintPage } from './ComplaintPage';
import { ResetPassword } from './ResetPassword';
import { Login } from './Login';
import { Mailbox } from './Mailbox';
import { O, ROLE_NAMES, TEAM } from './messages';
import { MyWork } from './MyWork';
import { PERSONAL_DATA_TITLE, PersonalDataQueue } from './PersonalDataQueue';
import { NewComplaint } from './NewComplaint';
import { Queue } from './Queue';
import { Recap } from './Recap';
import { RegisterBook } from './RegisterBook';
import { Link, OFFICE, PATHS, useLocation } from './router';
import { useMe, useSession } from './session';
import { useTeam, useTeamPolling } from './team-data';
import { INTAKE_ROLES, type Role } from './types';
import { HelpDialog, useShortcuts } from './ui';

interface Page {
  title: Bilingual;
  roles?: readonly Role[];
  render: (rest: string) => ReactNode;
}

const REGISTER_ROLES: readonly Role[] = ['staff', 'section_head', 'division_head', 'admin'];

/** The first path segment after /office picks the page. */
function pageFor(path: string): { key: string; rest: string } {
  const rest = path.startsWith(OFFICE) ? path.slice(OFFICE.length).replace(/^\//, '') : path;
  const [key = '', ...more] = rest.split('/');
  return { key, rest: more.join('/') };
}

const PAGES: Record<string, Page> = {
  '': { title: TEAM.myWorkTitle, render: () => <MyWork /> },
  antrean: { title: O.queueTitle, render: () => <Queue /> },
  pengaduan: { title: O.details, render: (rest) => <ComplaintPage trackingNumber={decodeURIComponent(rest).toUpperCase()} /> },
  catat: { title: O.navNew, roles: INTAKE_ROLES, render: () => <NewComplaint /> },
  buku: { title: O.registerTitle, roles: REGISTER_ROLES, render: () => <RegisterBook /> },
  rekap: { title: O.recapTitle, roles: REGISTER_ROLES, render: () => <Recap /> },
  admin: { title: O.adminTitle, roles: ['admin'], render: (rest) => <Admin section={rest || 'users'} /> },
  'kotak-surat': { title: O.navMailbox, roles: ['admin'], render: () => <Mailbox /> },
  akun: { title: A.account, render: () => <Account /> },
  'data-pribadi': { title: PERSONAL_DATA_TITLE, roles: [...INTAKE_ROLES, 'admin'], render: () => <PersonalDataQueue /> },
};

function Shell() {
  const { t } = useLanguage();
  const me = useMe();
  const { logout } = useSession();
  const { path } = useLocation();
  const [help, setHelp] = useState(false);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { key, rest } = pageFor(path);
  const page = PAGES[key];
  const allowed = page && (!page.roles || page.roles.includes(me.role));

  useEffect(() => {
    document.title = `${t(page?.title ?? O.notFound)} — ${t(O.appName)}`;
  }, [page, t]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);
  useShortcuts({ '?': () => setHelp(true) });
  useTeamPolling();
  const { myWork } = useTeam();

  const nav: [string, Bilingual, string][] = [
    [PATHS.myWork, TEAM.navMyWork, ''],
    [PATHS.queue, O.navQueues, 'antrean'],
  ];
  if (INTAKE_ROLES.includes(me.role)) nav.push([PATHS.newComplaint, O.navNew, 'catat']);
  if (REGISTER_ROLES.includes(me.role)) nav.push([PATHS.register, O.navRegister, 'buku'], [PATHS.recap, O.navRecap, 'rekap']);
  if (me.role === 'admin') nav.push([PATHS.admin(), O.navAdmin, 'admin'], [PATHS.mailbox, O.navMailbox, 'kotak-surat']);
  if (INTAKE_ROLES.includes(me.role) || me.role === 'admin') nav.push([`${OFFICE}/data-pribadi`, PERSONAL_DATA_TITLE, 'data-pribadi']);

  return (
    <>
      <a className="skip-link" href="#main">
        {t(O.skip)}
      </a>
      <header className="office-header">
        <div className="office-brand">
          <strong>{t(O.appName)}</strong>
          <span className="muted">{t(COMMON.office)}</span>
        </div>
        <nav aria-label={t(O.navLabel)} className="office-nav">
          <ul>
            {nav.map(([href, label, k]) => (
              <li key={href}>
                <Link href={href} aria-current={k === key || (k === 'antrean' && key === 'pengaduan') ? 'page' : undefined}>
                  {t(label)}
                  {k === '' && myWork !== undefined && myWork.total > 0 && (
                    <span className="nav-count" data-testid="my-work-count">
                      {myWork.total}
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="office-user">
          <span className="muted" data-testid="whoami">
            {t(O.loggedInAs, { name: me.name, role: t(ROLE_NAMES[me.role]) })}
          </span>
          <Link href={PATHS.account} className="btn btn-link" aria-current={key === 'akun' ? 'page' : undefined}>
            {t(A.account)}
          </Link>
          <Bell />
          <button type="button" className="btn btn-link" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            {t(O.help)}
          </button>
          <LanguageSwitch />
          <button type="button" className="btn btn-secondary" onClick={() => void logout()}>
            {t(O.logout)}
          </button>
        </div>
      </header>
      <main id="main" ref={main} className="office-main">
        {!page ? (
          <h1 tabIndex={-1}>{t(O.notFound)}</h1>
        ) : !allowed ? (
          <>
            <h1 tabIndex={-1}>{t(page.title)}</h1>
            <p>{t(O.forbidden)}</p>
          </>
        ) : (
          page.render(rest)
        )}
      </main>
      <HelpDialog open={help} onClose={() => setHelp(false)} />
    </>
  );
}

export function OfficeApp() {
  const { status } = useSession();
  const { t } = useLanguage();
  const { path } = useLocation();
  // A reset link works logged in or not: it ends every session anyway.
  if (path === PATHS.resetPassword) return <ResetPassword />;
  if (status.kind === 'loading') {
    return (
      <main id="main" className="office-main" aria-busy="true">
        <p>{t(COMMON.loading)}</p>
      </main>
    );
  }
  if (status.kind === 'anonymous') return <Login reason={status.reason} />;
  return <Shell />;
}
