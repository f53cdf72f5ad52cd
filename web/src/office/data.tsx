import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../shared/api';
import { useSession } from './session';
import type { ComplaintClass, ComplaintTheme, Division, PermitType } from './types';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<T | undefined>;
}

/** GETs `url` (null: nothing yet), keeps the last good answer while reloading, hands 401s to the session. */
export function useApiGet<T>(url: string | null): Loaded<T> {
  const { handleError } = useSession();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(url !== null);
  const current = useRef(url);
  current.current = url;

  const reload = useCallback(async () => {
    const target = current.current;
    if (target === null) return undefined;
    setLoading(true);
    try {
      const value = await api<T>('GET', target);
      if (current.current === target) {
        setData(value);
        setError(undefined);
      }
      return value;
    } catch (e) {
      handleError(e);
      if (current.current === target) setError(e);
      return undefined;
    } finally {
      if (current.current === target) setLoading(false);
    }
  }, [handleError]);

  useEffect(() => {
    void reload();
  }, [url, reload]);
  return { data, error, loading, reload };
}

/** Re-runs `tick` every `ms` while the page is visible: the live queue without server push. */
export function usePolling(tick: () => void, ms: number): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}

export interface Catalogues {
  divisions: Division[];
  permitTypes: PermitType[];
  classes: ComplaintClass[];
  themes: ComplaintTheme[];
}

let cache: Promise<Catalogues> | undefined;

/** Drop the cached catalogues after an admin changes one. */
export function invalidateCatalogues(): void {
  cache = undefined;
}

/** The catalogues every form and filter needs, fetched once per page load. */
export function useCatalogues(): Catalogues | undefined {
  const [value, setValue] = useState<Catalogues>();
  useEffect(() => {
    let cancelled = false;
    cache ??= Promise.all([
      api<{ items: Division[] }>('GET', '/api/catalogue/divisions'),
      api<{ items: PermitType[] }>('GET', '/api/catalogue/permit-types'),
      api<{ items: ComplaintClass[] }>('GET', '/api/catalogue/complaint-classes'),
      api<{ items: ComplaintTheme[] }>('GET', '/api/catalogue/complaint-themes'),
    ]).then(([d, p, c, th]) => ({ divisions: d.items, permitTypes: p.items, classes: c.items, themes: th.items }));
    cache.then(
      (v) => !cancelled && setValue(v),
      () => {
        cache = undefined;
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return value;
}
