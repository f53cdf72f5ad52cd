import { useEffect, useState, type ComponentProps, type MouseEvent } from 'react';
import { useLanguage } from './i18n';

/**
 * Routing by path with the history API, no router package. Each front end makes its own router
 * (its own listeners, in its own bundle). The server answers the front ends' paths with their HTML
 * (src/web/static-routes.ts), so deep links and reloads work. The language rides along as `?lang=en`.
 */
export function withCurrentLanguage(target: string): string {
  const lang = new URLSearchParams(window.location.search).get('lang');
  if (!lang || target.includes('lang=')) return target;
  return `${target}${target.includes('?') ? '&' : '?'}lang=${lang}`;
}

export interface Location {
  /** Without a trailing slash; `/` for the root. */
  path: string;
  search: URLSearchParams;
}

function readLocation(): { path: string; search: string } {
  return { path: window.location.pathname.replace(/\/+$/, '') || '/', search: window.location.search };
}

export function createRouter(options: { scrollToTop: boolean }) {
  const listeners = new Set<() => void>();

  function navigate(target: string, navigation: { replace?: boolean } = {}): void {
    const url = withCurrentLanguage(target);
    if (navigation.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    if (options.scrollToTop) window.scrollTo(0, 0);
    listeners.forEach((l) => l());
  }

  /** The current path and query; re-renders on every navigation. */
  function useLocation(): Location {
    const [location, setLocation] = useState(readLocation);
    useEffect(() => {
      const update = () => setLocation(readLocation());
      listeners.add(update);
      window.addEventListener('popstate', update);
      return () => {
        listeners.delete(update);
        window.removeEventListener('popstate', update);
      };
    }, []);
    return { path: location.path, search: new URLSearchParams(location.search) };
  }

  function Link({ href, onClick, ...rest }: ComponentProps<'a'> & { href: string }) {
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

  return { navigate, useLocation, Link };
}
