import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { useLanguage } from '../shared/i18n';

/**
 * Routing by path with the history API, no router package: six pages do not need one.
 * The server answers these same paths with index.html (src/web/static-routes.ts), so deep
 * links and reloads work. The language rides along as `?lang=en`.
 */
export const PATHS = {
  home: '/',
  report: '/lapor',
  receipt: '/lapor/tanda-terima',
  track: '/lacak',
  statistics: '/statistik',
  privacy: '/privasi',
} as const;

export type PagePath = (typeof PATHS)[keyof typeof PATHS];

const listeners = new Set<() => void>();

function withCurrentLanguage(path: string): string {
  const lang = new URLSearchParams(window.location.search).get('lang');
  if (!lang || path.includes('lang=')) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = withCurrentLanguage(path);
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

export function usePath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  // Subscribes to the language so the href's `?lang=` follows a switch.
  useLanguage();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // Let the browser handle new tabs, downloads and modified clicks.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={withCurrentLanguage(href)} onClick={handle} {...rest} />;
}
