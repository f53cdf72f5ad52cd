import { useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { Field, problemMessage, type SummaryItem } from '../shared/components';
import { useLanguage, type Bilingual, type Translate } from '../shared/i18n';
import { A } from './account-messages';
import { useSession } from './session';

/** What the server requires of a new password (GET /api/auth/password-rules): defined there once. */
export interface PasswordRules {
  minLength: number;
  maxLength: number;
  rules: { id: string; text: Bilingual }[];
}

let cached: Promise<PasswordRules> | undefined;

export function usePasswordRules(): PasswordRules | undefined {
  const [rules, setRules] = useState<PasswordRules>();
  useEffect(() => {
    let live = true;
    cached ??= api<PasswordRules>('GET', '/api/auth/password-rules').catch((e: unknown) => {
      cached = undefined;
      throw e;
    });
    cached.then((r) => live && setRules(r)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return rules;
}

/** The rules as a list, for a password field's hint: shown before anyone types. */
export function PasswordRulesHint() {
  const { t } = useLanguage();
  const rules = usePasswordRules();
  return (
    <div className="password-rules" data-testid="password-rules">
      <span>{t(A.rulesTitle)}</span>
      <ul>{rules?.rules.map((r) => <li key={r.id}>{t(r.text)}</li>)}</ul>
    </div>
  );
}

/** Field problems from the server, plus "the two new passwords differ" found here. */
export interface FormProblems {
  items: SummaryItem[];
  message: string | undefined;
}

export const NO_PROBLEMS: FormProblems = { items: [], message: undefined };

export function problemsFrom(error: unknown, t: Translate): FormProblems {
  const items = error instanceof ApiError ? error.fields.map((f) => ({ path: f.path, message: f.message })) : [];
  return { items, message: problemMessage(error, t) };
}

/** A new password typed twice, with the rules above it; the server checks the rules again. */
export function NewPasswordFields({
  value,
  repeat,
  onChange,
  onRepeatChange,
  problems,
}: {
  value: string;
  repeat: string;
  onChange: (v: string) => void;
  onRepeatChange: (v: string) => void;
  problems: FormProblems;
}) {
  const { t } = useLanguage();
  const errorOf = (path: string) => problems.items.filter((i) => i.path === path).map((i) => i.message).join(' ') || undefined;
  return (
    <>
      <Field path="newPassword" label={t(A.newPassword)} hint={<PasswordRulesHint />} error={errorOf('newPassword')} required>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} required />}
      </Field>
      <Field path="repeatPassword" label={t(A.repeatPassword)} error={errorOf('repeatPassword')} required>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={repeat} onChange={(e) => onRepeatChange(e.target.value)} required />}
      </Field>
    </>
  );
}

/** A form's submit: busy while it runs, its problems (the server's fields, or one found here) after. */
export function useFormSubmit() {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const run = async (write: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      await write();
      return true;
    } catch (e) {
      handleError(e);
      setProblems(problemsFrom(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problems, setProblems, run };
}

/** "The two new passwords differ", before anything goes to the server; null when they match. */
export function mismatch(value: string, repeat: string, t: Translate): FormProblems | null {
  return value === repeat ? null : { items: [{ path: 'repeatPassword', message: t(A.notSame) }], message: undefined };
}
