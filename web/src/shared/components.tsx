import { useEffect, useRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from './api';
import { useLanguage, type Translate } from './i18n';
import { COMMON, STATE_NAMES, type StateName } from './messages';

/** The id of a form control for an API field path: `reporter.email` → `f-reporter-email`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\.\d+$/, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

/** A label, an optional hint, the error next to the control, and the wiring between them. */
export function Field({
  path,
  label,
  hint,
  error,
  required,
  optionalMark = true,
  children,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  /** false when a group's legend already says what is needed (e.g. "one of the two"). */
  optionalMark?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useLanguage();
  const id = fieldId(path);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {!required && optionalMark && <span className="muted"> {t(COMMON.optional)}</span>}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="error-text">
          {error}
        </p>
      )}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(required ? { 'aria-required': true as const } : {}),
      })}
    </div>
  );
}

export interface SummaryItem {
  path: string;
  message: string;
}

/** The list of problems at the top of a form; each links to its field. Takes focus when it appears. */
export function ErrorSummary({ items, message }: { items: readonly SummaryItem[]; message?: string | undefined }) {
  const { t } = useLanguage();
  const ref = useRef<HTMLDivElement>(null);
  const key = items.map((i) => i.path + i.message).join('|') + (message ?? '');
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (!items.length && !message) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">
        {items.length === 0 ? message : items.length === 1 ? t(COMMON.errorSummaryTitleOne) : t(COMMON.errorSummaryTitle, { n: items.length })}
      </h2>
      {items.length > 0 && message && <p>{message}</p>}
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item.path + item.message}>
              <a
                href={`#${fieldId(item.path)}`}
                onClick={(event) => {
                  const target = document.getElementById(fieldId(item.path));
                  if (!target) return;
                  event.preventDefault();
                  target.focus();
                  target.scrollIntoView({ block: 'center' });
                }}
              >
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Button({
  variant = 'primary',
  busy,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'link'; busy?: boolean }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant}${rest.className ? ` ${rest.className}` : ''}`} disabled={busy || rest.disabled} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useLanguage();
  const other = lang === 'id' ? 'en' : 'id';
  return (
    <button type="button" className="lang-switch" lang={other} aria-label={t(COMMON.switchLabel)} onClick={() => setLang(other)}>
      {t(COMMON.switchTo)}
    </button>
  );
}

const STATE_TONE: Record<StateName, 'new' | 'work' | 'wait' | 'done' | 'stop'> = {
  received: 'new',
  acknowledged: 'work',
  clarification: 'wait',
  disposed: 'work',
  followed_up: 'work',
  answer_drafted: 'work',
  answered: 'done',
  closed: 'done',
  rejected: 'stop',
  referred: 'stop',
  on_hold: 'wait',
  reopened: 'work',
};

export function StateBadge({ state }: { state: StateName }) {
  const { t } = useLanguage();
  return <span className={`badge badge-${STATE_TONE[state]}`}>{t(STATE_NAMES[state])}</span>;
}

/** The sentence to show for a failed request: the server's own (localised) words when it has them. */
export function problemMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t(COMMON.networkError);
    if (error.code === 'rate_limited' && error.retryAfterSeconds) {
      return t(COMMON.rateLimited, { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    }
    if (error.message) return error.message;
  }
  return t(COMMON.unknownError);
}
