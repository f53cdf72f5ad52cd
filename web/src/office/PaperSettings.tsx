import { useEffect, useState, type FormEvent } from 'react';
import { api, upload } from '../shared/api';
import { Button, ErrorSummary, Field } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { useApiGet } from './data';
import { O } from './messages';
import { P } from './paper-messages';
import { useFormSubmit } from './passwords';
import { Notice, Problem } from './ui';

interface Signatory {
  userId: number | null;
  signatory: { name: string; position: string | null; nip: string | null } | null;
}

interface UserOption {
  id: number;
  name: string;
  active: boolean;
  position: string | null;
}

/** Who signs the register and the recap ("Mengetahui, Kepala Bidang …"). */
function SignatoryChoice() {
  const { t } = useLanguage();
  const current = useApiGet<Signatory>('/api/admin/paper/signatory');
  const users = useApiGet<{ items: UserOption[] }>('/api/admin/users');
  const [choice, setChoice] = useState('');
  const [done, setDone] = useState(false);
  const { busy, problems, run } = useFormSubmit();
  useEffect(() => {
    if (current.data) setChoice(current.data.userId === null ? '' : String(current.data.userId));
  }, [current.data]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (await run(() => api('PUT', '/api/admin/paper/signatory', { json: { userId: choice === '' ? null : Number(choice) } }))) {
      setDone(true);
      await current.reload();
    }
  };
  const s = current.data?.signatory;
  return (
    <section className="panel" aria-labelledby="signatory-title">
      <h2 id="signatory-title">{t(P.signatoryTitle)}</h2>
      <Problem error={current.error ?? users.error} />
      <ErrorSummary items={problems.items} message={problems.message} />
      {done && <Notice tone="success">{t(O.saved)}</Notice>}
      {s && <p className="hint">{t(P.signatoryNow, { name: s.name, position: s.position ?? '—', nip: s.nip ?? '-' })}</p>}
      {/* The form appears with what is stored: a choice made earlier would be overwritten when it arrives. */}
      {!(current.data && users.data) ? (
        !(current.error ?? users.error) && <p role="status">{t(COMMON.loading)}</p>
      ) : (
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field path="userId" label={t(P.signatoryUser)} error={problems.items.find((i) => i.path === 'userId')?.message}>
          {(p) => (
            <select {...p} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t(P.signatoryDefault)}</option>
              {(users.data?.items ?? [])
                .filter((u) => u.active)
                .map((u) => (
                  <option key={u.id} value={String(u.id)}>
                    {u.position ? `${u.name} — ${u.position}` : u.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Button type="submit" busy={busy}>
          {t(O.save)}
        </Button>
      </form>
      )}
    </section>
  );
}

interface LetterheadView {
  agency: string;
  name: string;
  address: string;
  phone: string;
  website: string;
  email: string;
  logo: 'uploaded' | 'configured' | 'none';
}

type LetterheadText = Omit<LetterheadView, 'logo'>;
const TEXT_FIELDS: [keyof LetterheadText, Bilingual, boolean][] = [
  ['agency', P.agency, false],
  ['name', P.officeName, true],
  ['address', P.address, true],
  ['phone', P.phone, false],
  ['website', P.website, false],
  ['email', P.email, false],
];

/** The letterhead of every PDF: text over the env defaults, and a logo file. */
function LetterheadForm() {
  const { t } = useLanguage();
  const stored = useApiGet<LetterheadView>('/api/admin/paper/letterhead');
  const [text, setText] = useState<LetterheadText>({ agency: '', name: '', address: '', phone: '', website: '', email: '' });
  const [logo, setLogo] = useState<File | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, problems, run } = useFormSubmit();
  useEffect(() => {
    if (!stored.data) return;
    const { logo: _logo, ...fields } = stored.data;
    setText(fields);
  }, [stored.data]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (await run(() => upload('/api/admin/paper/letterhead', { jsonField: 'letterhead', json: { ...text, removeLogo }, files: logo ? [logo] : [] }))) {
      setDone(true);
      setLogo(null);
      setRemoveLogo(false);
      await stored.reload();
    }
  };
  const error = (path: string) => problems.items.find((i) => i.path === path)?.message;
  const logoState = stored.data ? { uploaded: P.logoUploaded, configured: P.logoConfigured, none: P.logoNone }[stored.data.logo] : undefined;
  return (
    <section className="panel" aria-labelledby="letterhead-title">
      <h2 id="letterhead-title">{t(P.letterheadTitle)}</h2>
      <p className="hint">{t(P.letterheadIntro)}</p>
      <Problem error={stored.error} />
      <ErrorSummary items={problems.items} message={problems.message} />
      {done && <Notice tone="success">{t(O.saved)}</Notice>}
      {/* The fields appear filled with what is stored: typing earlier would be overwritten when it arrives. */}
      {!stored.data ? (
        !stored.error && <p role="status">{t(COMMON.loading)}</p>
      ) : (
      <form onSubmit={(e) => void submit(e)} noValidate>
        {TEXT_FIELDS.map(([key, label, required]) => (
          <Field key={key} path={key} label={t(label)} error={error(key)} required={required}>
            {(p) => <input {...p} type={key === 'email' ? 'email' : 'text'} value={text[key]} onChange={(e) => setText({ ...text, [key]: e.target.value })} required={required} />}
          </Field>
        ))}
        <Field path="logo" label={t(P.logo)} hint={logoState && t(logoState)} error={error('logo')}>
          {(p) => <input {...p} type="file" accept="image/png,image/jpeg" onChange={(e) => setLogo(e.target.files?.[0] ?? null)} />}
        </Field>
        {stored.data.logo !== 'none' && (
          <div className="field">
            <label>
              <input type="checkbox" checked={removeLogo} onChange={(e) => setRemoveLogo(e.target.checked)} /> {t(P.removeLogo)}
            </label>
          </div>
        )}
        <Button type="submit" busy={busy}>
          {t(P.saveLetterhead)}
        </Button>
      </form>
      )}
    </section>
  );
}

/** The admin's paper settings: the letterhead and who signs the register and the recap. */
export function PaperSettings() {
  return (
    <>
      <SignatoryChoice />
      <LetterheadForm />
    </>
  );
}
