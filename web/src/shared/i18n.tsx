import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from './api';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

/**
 * A message in both languages; every word on screen goes through one of these. `enOne` is the
 * English singular, used when `{n}` is 1 (Indonesian nouns do not change: "1 responden").
 */
export type Bilingual = Readonly<{ id: string; en: string; enOne?: string }>;
export type Messages = Readonly<Record<string, Bilingual>>;

const STORAGE_KEY = 'aduan.lang';

/** `?lang=en` wins (deep links), then the reader's last choice, then Indonesian. */
export function initialLanguage(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'id') return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'id') return stored;
  } catch {
    // storage may be blocked; Indonesian is the default
  }
  return 'id';
}

/** Fills `{name}` placeholders. */
export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };
const TIME_ZONE = 'Asia/Jakarta';

/** "28 November 2026" — dates are always read in Jakarta time, whatever the phone's zone. */
const JAKARTA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

/** Today's date in Jakarta as YYYY-MM-DD (the office's calendar day, whatever the browser's zone). */
export function jakartaToday(): string {
  return JAKARTA_DAY.format(new Date());
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "28 November 2026, 10.00 WIB" */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = formatDate(iso, lang);
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(new Date(iso));
  return `${date}, ${time} WIB`;
}

export function formatNumber(n: number, lang: Lang, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE[lang], options).format(n);
}

export function formatBytes(bytes: number, lang: Lang): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), lang, { maximumFractionDigits: 1 })} MB`;
}

/** The message in `lang`, singular where English needs it, placeholders filled. */
export function translate(lang: Lang, message: Bilingual, vars?: Record<string, string | number>): string {
  const one = lang === 'en' && message.enOne !== undefined && vars !== undefined && String(vars.n) === '1';
  return interpolate(one ? (message.enOne as string) : message[lang], vars);
}

export type Translate = (message: Bilingual, vars?: Record<string, string | number>) => string;

interface LanguageContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? initialLanguage());
  setApiLanguage(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered; the URL still carries it
    }
    // Keep the choice in the address so a shared or reloaded link opens in the same language.
    const url = new URL(window.location.href);
    if (next === 'id') url.searchParams.delete('lang');
    else url.searchParams.set('lang', next);
    window.history.replaceState(window.history.state, '', url);
  }, []);
  const value = useMemo<LanguageContextValue>(() => ({ lang, setLang, t: (message, vars) => translate(lang, message, vars) }), [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useLanguage outside LanguageProvider');
  return value;
}
