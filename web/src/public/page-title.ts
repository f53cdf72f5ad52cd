import { useEffect, useSyncExternalStore } from 'react';

/**
 * Whether a page shows errors, so the document title can start with "Kesalahan: " — the first thing a
 * screen reader says when the page is re-read, and what a browser tab shows.
 */
let shown = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** A page calls this with whether it shows errors now. */
export function useErrorTitle(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    shown++;
    emit();
    return () => {
      shown--;
      emit();
    };
  }, [active]);
}

/** The app reads this when it writes the title. */
export function useErrorsShown(): boolean {
  return useSyncExternalStore(subscribe, () => shown > 0);
}
