import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { useApiGet } from './data';
import { O } from './messages';
import { P } from './paper-messages';
import { useFormSubmit } from './passwords';
import { Notice, Problem } from './ui';

interface Profile {
  nip: string | null;
  position: string | null;
}

/** My NIP and position, printed under my signature on the complaint sheet. */
export function ProfilePanel() {
  const { t } = useLanguage();
  const stored = useApiGet<Profile>('/api/auth/profile');
  const [nip, setNip] = useState('');
  const [position, setPosition] = useState('');
  const [done, setDone] = useState(false);
  const { busy, problems, run } = useFormSubmit();
  useEffect(() => {
    if (!stored.data) return;
    setNip(stored.data.nip ?? '');
    setPosition(stored.data.position ?? '');
  }, [stored.data]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (await run(() => api('PATCH', '/api/auth/profile', { json: { nip, position } }))) {
      setDone(true);
      await stored.reload();
    }
  };
  const error = (path: string) => problems.items.find((i) => i.path === path)?.message;
  return (
    <section className="panel account-panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t(P.profileTitle)}</h2>
      <p className="hint">{t(P.profileIntro)}</p>
      <Problem error={stored.error} />
      <ErrorSummary items={problems.items} message={problems.message} />
      {done && <Notice tone="success">{t(O.saved)}</Notice>}
      {/* The fields appear filled with what is stored: typing earlier would be overwritten when it arrives. */}
      {!stored.data ? (
        !stored.error && <p role="status">{t(COMMON.loading)}</p>
      ) : (
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field path="nip" label={t(P.nip)} hint={t(P.nipHint)} error={error('nip')}>
          {(p) => <input {...p} inputMode="numeric" autoComplete="off" value={nip} onChange={(e) => setNip(e.target.value)} />}
        </Field>
        <Field path="position" label={t(P.position)} error={error('position')}>
          {(p) => <input {...p} autoComplete="organization-title" value={position} onChange={(e) => setPosition(e.target.value)} />}
        </Field>
        <Button type="submit" busy={busy}>
          {t(P.saveProfile)}
        </Button>
      </form>
      )}
    </section>
  );
}
