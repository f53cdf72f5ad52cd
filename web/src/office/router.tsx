import { useEffect, useState, type ComponentProps, type MouseEvent } from 'react';
import { useLanguage } from '../shared/i18n';

/**
 * Routing by path with the history API, like the portal's (web/src/public/router.tsx) but kept
 * in this bundle so neither front end imports the other. The server answers /office/* with
 * office.html, so deep links and reloads work. The language rides along as `?lang=en`.
 */
export const OFFICE = '/office';
export const PATHS = {
  queue: `${OFFICE}`,
  login: `${OFFICE}/masuk`,
  complaint: (tn: string) => `${OFFICE}/pengaduan/${tn}`,
  newComplaint: `${OFFICE}/catat`,
  register: `${OFFICE}/buku`,
  recap: `${OFFICE}/rekap`,
  mailbox: `${OFFICE}/kotak-surat`,
  admin: (section = 'users') => `${OFFICE}/admin/${section}`,
} as const;

const listeners = new Set<() => void>();

function withCurrentLanguage(target: string): string {
  const lang = new URLSearchParams(window.location.search).get('lang');
  if (!lang || target.includes('lang=')) return target;
  return `${target}${target.includes('?') ? '&' : '?'}lang=${lang}`;
}

export function navigate(target: string, options: { replace?: boolean } = {}): void {
  const url = withCurrentLanguage(target);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

/** The current path and query; re-renders on every navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const read = () => ({ path: window.location.pathname.replace(/\/+$/, '') || '/', search: window.location.search });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.path, search: new URLSearchParams(location.search) };
}

export function Link({ href, onClick, ...rest }: ComponentProps<'a'> & { href: string }) {
  useLanguage();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={withCurrentLanguage(href)} onClick={handle} {...rest} />;
}
