import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field, LanguageSwitch } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { A } from './account-messages';
import { O } from './messages';
import { mismatch, NewPasswordFields, NO_PROBLEMS, problemsFrom, type FormProblems } from './passwords';
import { OFFICE } from './router';
import { Notice } from './ui';

/** "Forgot password" on the login page: the answer reads the same whether or not the email is known. */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { t } = useLanguage();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      await api('POST', '/api/auth/forgot-password', { json: { email } });
      setSent(true);
    } catch (e) {
      setProblems(problemsFrom(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="forgot-title">
      <h2 id="forgot-title">{t(A.forgotTitle)}</h2>
      <ErrorSummary items={problems.items} message={problems.message} />
      {sent ? (
        <Notice tone="success">{t(A.linkSent)}</Notice>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t(A.forgotIntro)}</p>
          <Field path="email" label={t(O.email)} required>
            {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}
          </Field>
          <Button type="submit" busy={busy}>
            {t(A.sendLink)}
          </Button>
        </form>
      )}
      <p>
        <button type="button" className="btn btn-link" onClick={onBack}>
          {t(A.backToLogin)}
        </button>
      </p>
    </section>
  );
}

/** The token from the mailed link's fragment, read once and then taken out of the address bar and history. */
function takeToken(): string {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}

/** The page a reset link opens (/office/atur-ulang-sandi#token=…), logged in or not. */
export function ResetPassword() {
  const { t } = useLanguage();
  const [token] = useState(takeToken);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);
  const [done, setDone] = useState(false);

  useEffect(() => {
    document.title = `${t(A.resetTitle)} — ${t(O.appName)}`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const differ = mismatch(next, repeat, t);
    if (differ) {
      setProblems(differ);
      return;
    }
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      await api('POST', '/api/auth/reset-password', { json: { token, newPassword: next } });
      setDone(true);
    } catch (e) {
      setProblems(problemsFrom(e, t));
    } finally {
      setBusy(false);
    }
  };
  const tokenProblem = problems.items.find((i) => i.path === 'token');

  return (
    <main id="main" className="office-main login-page">
      <div className="login-box">
        <div className="login-top">
          <span className="muted">{t(COMMON.office)}</span>
          <LanguageSwitch />
        </div>
        <h1>{t(A.resetTitle)}</h1>
        {done ? (
          <Notice tone="success">{t(A.resetDone)}</Notice>
        ) : !token ? (
          <p className="notice notice-warning" role="status">
            {t(A.resetNoToken)}
          </p>
        ) : (
          <>
            <ErrorSummary items={tokenProblem ? [] : problems.items} message={tokenProblem?.message ?? problems.message} />
            <form onSubmit={(e) => void submit(e)} noValidate>
              <NewPasswordFields value={next} repeat={repeat} onChange={setNext} onRepeatChange={setRepeat} problems={problems} />
              <Button type="submit" busy={busy}>
                {t(A.resetSave)}
              </Button>
            </form>
          </>
        )}
        {/* A full load: the session (if any) has ended on the server, so the app starts at the login page. */}
        <p>
          <a href={OFFICE}>{t(A.backToLogin)}</a>
        </p>
      </div>
    </main>
  );
}
