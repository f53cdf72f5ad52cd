import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { A } from './account-messages';
import { O } from './messages';
import { useFormSubmit } from './passwords';
import { Notice } from './ui';

/** "Forgot password" on the login page: the answer reads the same whether or not the email is known. */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { t } = useLanguage();
  const [email, setEmail] = useState('');
  const { busy, problems, run } = useFormSubmit();
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(await run(() => api('POST', '/api/auth/forgot-password', { json: { email } })));
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
