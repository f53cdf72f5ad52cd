import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { A } from './account-messages';
import { LoginShell } from './Login';
import { O } from './messages';
import { mismatch, NewPasswordFields, useFormSubmit } from './passwords';
import { OFFICE } from './router';
import { Notice } from './ui';

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
  const { busy, problems, setProblems, run } = useFormSubmit();
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
    setDone(await run(() => api('POST', '/api/auth/reset-password', { json: { token, newPassword: next } })));
  };
  const tokenProblem = problems.items.find((i) => i.path === 'token');

  return (
    <LoginShell title={t(A.resetTitle)}>
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
    </LoginShell>
  );
}
