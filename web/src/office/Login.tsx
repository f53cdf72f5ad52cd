import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Button, ErrorSummary, Field, LanguageSwitch, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { A } from './account-messages';
import { ForgotPassword } from './ForgotPassword';
import { O } from './messages';
import { useSession } from './session';

export function Login({ reason }: { reason?: 'idle' | 'logout' | undefined }) {
  const { t } = useLanguage();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [forgot, setForgot] = useState(false);

  useEffect(() => {
    document.title = `${t(O.loginTitle)} — ${t(O.appName)}`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await login(email, password);
    } catch (e) {
      // Wrong password and a locked account (after repeated failures) both come worded by the server.
      setProblem(problemMessage(e, t));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <LoginShell title={t(O.loginTitle)}>
      {reason === 'idle' && <p className="notice notice-warning" role="status">{t(O.sessionEnded)}</p>}
      {reason === 'logout' && <p className="notice notice-info" role="status">{t(O.loggedOut)}</p>}
      {forgot ? (
        <ForgotPassword onBack={() => setForgot(false)} />
      ) : (
        <>
          <ErrorSummary items={[]} message={problem} />
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Field path="email" label={t(O.email)} required>
              {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}
            </Field>
            <Field path="password" label={t(O.password)} required>
              {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
            </Field>
            <Button type="submit" busy={busy}>
              {t(O.login)}
            </Button>
          </form>
          <p>
            <button type="button" className="btn btn-link" onClick={() => setForgot(true)}>
              {t(A.forgotLink)}
            </button>
          </p>
        </>
      )}
    </LoginShell>
  );
}

/** The small centred box of the pages before login: the login itself and the password reset. */
export function LoginShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useLanguage();
  return (
    <main id="main" className="office-main login-page">
      <div className="login-box">
        <div className="login-top">
          <span className="muted">{t(COMMON.office)}</span>
          <LanguageSwitch />
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
