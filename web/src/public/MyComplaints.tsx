import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage, StateBadge } from '../shared/components';
import { formatDate, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON, isStateName } from '../shared/messages';
import { navigate, PATHS } from './router';
import { handToTracking } from './receipt-store';
import { forgetTracking } from './track-session';
import type { MyComplaints as MyList } from './tracking-api';

const M = {
  title: { id: 'Pengaduan saya', en: 'My complaints' },
  intro: {
    id: 'Tulis email yang Anda cantumkan saat mengadu. Kami kirim tautan masuk sekali pakai; lewat tautan itu semua pengaduan Anda terbuka tanpa kode akses.',
    en: 'Write the email you gave with your complaints. We send a one-time sign-in link; through it every complaint of yours opens without an access code.',
  },
  email: { id: 'Email', en: 'Email' },
  emailInvalid: { id: 'Tulis alamat email yang benar.', en: 'Write a valid email address.' },
  send: { id: 'Kirim tautan masuk', en: 'Send the sign-in link' },
  // One answer whatever the address (decision 0008).
  sent: {
    id: 'Bila alamat ini tercatat pada pengaduan, tautan masuk sudah kami kirim ke sana. Tautan berlaku 30 menit dan hanya sekali pakai.',
    en: 'If this address is on a complaint, a sign-in link is on its way to it. The link works once, for 30 minutes.',
  },
  list: { id: 'Pengaduan yang diajukan dengan email Anda', en: 'Complaints filed with your email' },
  empty: { id: 'Tidak ada pengaduan.', en: 'No complaints.' },
  open: { id: 'Buka {tn}', en: 'Open {tn}' },
  received: { id: 'Diterima {date}', en: 'Received {date}' },
  signOut: { id: 'Keluar', en: 'Sign out' },
  signedOut: { id: 'Anda sudah keluar.', en: 'You are signed out.' },
} as const satisfies Record<string, Bilingual>;

type Phase = { kind: 'checking' } | { kind: 'ask'; sent: boolean } | { kind: 'list'; list: MyList };

/** The token from a mailed link (`/lacak/saya#token=…`), taken out of the address at once. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}

export function MyComplaints() {
  const { t, lang } = useLanguage();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = takeToken();
    const load = token ? api<MyList>('POST', '/api/public/my-complaints/sign-in', { json: { token } }) : api<MyList>('GET', '/api/public/my-complaints');
    load
      // No session (`sessionExpiresAt: null`) is the usual first visit: ask for the address.
      .then((list) => setPhase(list.sessionExpiresAt ? { kind: 'list', list } : { kind: 'ask', sent: false }))
      .catch((e: unknown) => {
        setMessage(e instanceof ApiError && e.fields[0] ? e.fields[0].message : problemMessage(e, t));
        setPhase({ kind: 'ask', sent: false });
      });
  }, []);

  async function ask(event: FormEvent) {
    event.preventDefault();
    setMessage(undefined);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError(t(M.emailInvalid));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', '/api/public/my-complaints/link', { json: { email: email.trim() } });
      setPhase({ kind: 'ask', sent: true });
    } catch (e) {
      setMessage(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function signOut() {
    await api('POST', '/api/public/my-complaints/sign-out').catch(() => undefined);
    forgetTracking();
    setMessage(undefined);
    setPhase({ kind: 'ask', sent: false });
  }

  function open(trackingNumber: string) {
    // The session cookie opens it: no code to hand over.
    handToTracking({ trackingNumber, accessCode: '' });
    navigate(PATHS.track);
  }

  return (
    <>
      <h1 tabIndex={-1}>{t(M.title)}</h1>
      {phase.kind === 'checking' && <p role="status">{t(COMMON.loading)}</p>}
      {phase.kind === 'list' && (
        <section aria-labelledby="my-list-title">
          <h2 id="my-list-title">{t(M.list)}</h2>
          {phase.list.items.length === 0 ? (
            <p>{t(M.empty)}</p>
          ) : (
            <ul className="my-complaints">
              {phase.list.items.map((c) => (
                <li key={c.trackingNumber} className="panel">
                  <p>
                    <strong>{c.trackingNumber}</strong> {isStateName(c.state) && <StateBadge state={c.state} />}
                  </p>
                  <p>{c.subject}</p>
                  <p className="muted">{t(M.received, { date: formatDate(c.receivedAt, lang) })}</p>
                  <Button variant="secondary" onClick={() => open(c.trackingNumber)}>
                    {t(M.open, { tn: c.trackingNumber })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <Button variant="link" onClick={() => void signOut()}>
            {t(M.signOut)}
          </Button>
        </section>
      )}
      {phase.kind === 'ask' && (
        <>
          <p>{t(M.intro)}</p>
          <ErrorSummary items={error ? [{ path: 'email', message: error }] : []} message={message} />
          {phase.sent ? (
            <p role="status" className="notice notice-success">
              {t(M.sent)}
            </p>
          ) : (
            <form onSubmit={ask} noValidate className="form">
              <Field path="email" label={t(M.email)} error={error} required>
                {(props) => <input {...props} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
              </Field>
              <Button type="submit" busy={busy}>
                {busy ? t(COMMON.sending) : t(M.send)}
              </Button>
            </form>
          )}
        </>
      )}
    </>
  );
}
