import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { NUMBER_INVALID, TRACKING_NUMBER } from './tracking-api';

const M = {
  title: { id: 'Minta kode akses baru', en: 'Ask for a new access code' },
  intro: {
    id: 'Tulis nomor pengaduan. Kode akses baru dikirim hanya ke email yang Anda cantumkan pada pengaduan; kode lama tidak berlaku lagi.',
    en: 'Write the tracking number. A new access code is sent only to the email given with the complaint; the old code stops working.',
  },
  trackingNumber: { id: 'Nomor pengaduan', en: 'Tracking number' },
  send: { id: 'Kirim kode baru', en: 'Send a new code' },
  // One answer whatever the number: it tells a stranger nothing (decision 0008).
  sent: {
    id: 'Permintaan diterima. Bila pengaduan ini mencantumkan email, kode akses baru sudah kami kirim ke email tersebut. Bila Anda hanya mencantumkan nomor telepon atau mengadu tanpa identitas, datangi atau hubungi kantor dengan membawa tanda terima untuk mendapatkan kode baru.',
    en: 'Request received. If the complaint gives an email, a new access code has been sent to it. If you gave only a phone number or filed anonymously, visit or call the office with your receipt to get a new code.',
  },
} as const satisfies Record<string, Bilingual>;

/** "Lupa kode akses?": a new code to the complaint's own email, the same answer for any number. */
export function RecoverAccess({ id, initialNumber }: { id: string; initialNumber: string }) {
  const { t } = useLanguage();
  const [number, setNumber] = useState(initialNumber);
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trackingNumber = number.trim().toUpperCase();
    setMessage(undefined);
    if (!TRACKING_NUMBER.test(trackingNumber)) {
      setError(t(NUMBER_INVALID));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', '/api/public/access-code/recover', { json: { trackingNumber } });
      setDone(true);
    } catch (e) {
      setMessage(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(M.title)}</h2>
      <p>{t(M.intro)}</p>
      {done ? (
        <p role="status" className="notice notice-success">
          {t(M.sent)}
        </p>
      ) : (
        <>
          <ErrorSummary items={error ? [{ path: 'recoverNumber', message: error }] : []} message={message} />
          <form onSubmit={submit} noValidate className="form">
            <Field path="recoverNumber" label={t(M.trackingNumber)} error={error} required>
              {(props) => <input {...props} type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} value={number} onChange={(e) => setNumber(e.target.value)} />}
            </Field>
            <Button type="submit" busy={busy}>
              {busy ? t(COMMON.sending) : t(M.send)}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
