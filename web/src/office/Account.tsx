import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { A } from './account-messages';
import { O } from './messages';
import { mismatch, NewPasswordFields, useFormSubmit } from './passwords';
import { ProfilePanel } from './Profile';
import { useMe } from './session';
import { Notice } from './ui';

/** My account: my NIP and position for paper, and changing my password (the server ends my other sessions). */
export function Account() {
  const { t } = useLanguage();
  const me = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, problems, setProblems, run } = useFormSubmit();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const differ = mismatch(next, repeat, t);
    if (differ) {
      setProblems(differ);
      return;
    }
    if (await run(() => api('POST', '/api/auth/password', { json: { currentPassword: current, newPassword: next } }))) {
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    }
  };
  const currentError = problems.items.find((i) => i.path === 'currentPassword')?.message;

  return (
    <>
      <h1 tabIndex={-1}>{t(A.account)}</h1>
      <p className="muted">
        {me.name} · {me.email}
      </p>
      <ProfilePanel />
      <section className="panel account-panel" aria-labelledby="change-password-title">
        <h2 id="change-password-title">{t(A.changeTitle)}</h2>
        <ErrorSummary items={problems.items} message={problems.message} />
        {done && <Notice tone="success">{t(A.changed)}</Notice>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          {/* For password managers: which account the new password belongs to. */}
          <input type="email" autoComplete="username" value={me.email} readOnly hidden aria-label={t(O.email)} />
          <Field path="currentPassword" label={t(A.currentPassword)} error={currentError} required>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />}
          </Field>
          <NewPasswordFields value={next} repeat={repeat} onChange={setNext} onRepeatChange={setRepeat} problems={problems} />
          <Button type="submit" busy={busy}>
            {t(A.change)}
          </Button>
        </form>
      </section>
    </>
  );
}
