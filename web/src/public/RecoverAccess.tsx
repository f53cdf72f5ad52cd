import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { usePortalInfo } from './portal-info';
import { NUMBER_INVALID, PHONE, PHONE_INVALID, TRACKING_NUMBER } from './tracking-api';

const M = {
  title: { id: 'Minta kode akses baru', en: 'Ask for a new access code' },
  intro: {
    id: 'Tulis nomor pengaduan. Kode akses baru dikirim hanya ke email yang Anda cantumkan pada pengaduan; kode lama tidak berlaku lagi.',
    en: 'Write the tracking number. A new access code is sent only to the email given with the complaint; the old code stops working.',
  },
  trackingNumber: { id: 'Nomor pengaduan', en: 'Tracking number' },
  phone: { id: 'Nomor telepon/WhatsApp pada pengaduan (bila tanpa email)', en: 'Phone/WhatsApp number on the complaint (if no email)' },
  phoneHint: {
    id: 'Isi bila Anda ingin kode baru dikirim lewat WhatsApp atau SMS ke nomor yang Anda cantumkan pada pengaduan. Contoh: 0812 3456 7890',
    en: 'Fill in to get the new code by WhatsApp or SMS at the number you gave with the complaint. For example: 0812 3456 7890',
  },
  send: { id: 'Kirim kode baru', en: 'Send a new code' },
  // One answer whatever the number: it tells a stranger nothing (decision 0008).
  sent: {
    id: 'Permintaan diterima. Bila pengaduan ini mencantumkan email, kode akses baru sudah kami kirim ke email tersebut. Bila Anda hanya mencantumkan nomor telepon atau mengadu tanpa identitas, datangi atau hubungi kantor dengan membawa tanda terima untuk mendapatkan kode baru.',
    en: 'Request received. If the complaint gives an email, a new access code has been sent to it. If you gave only a phone number or filed anonymously, visit or call the office with your receipt to get a new code.',
  },
  sentByPhone: {
    id: 'Permintaan diterima. Bila nomor ini yang Anda cantumkan pada pengaduan, kode akses baru sudah kami kirim lewat WhatsApp atau SMS. Bila tidak ada pesan dalam beberapa menit, datangi atau hubungi kantor dengan membawa tanda terima.',
    en: 'Request received. If this is the number given with the complaint, a new access code has been sent to it by WhatsApp or SMS. If no message arrives within a few minutes, visit or call the office with your receipt.',
  },
} as const satisfies Record<string, Bilingual>;

/** "Lupa kode akses?": a new code to the complaint's own email, or its own phone when one is typed; the same answer for any number. */
export function RecoverAccess({ id, initialNumber }: { id: string; initialNumber: string }) {
  const { t } = useLanguage();
  const byPhone = (usePortalInfo()?.reporterChannels ?? []).some((c) => c !== 'email');
  const [number, setNumber] = useState(initialNumber);
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const [sentByPhone, setSentByPhone] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trackingNumber = number.trim().toUpperCase();
    const phoneNumber = byPhone ? phone.trim() : '';
    setMessage(undefined);
    const numberProblem = TRACKING_NUMBER.test(trackingNumber) ? undefined : t(NUMBER_INVALID);
    const phoneProblem = phoneNumber && !PHONE.test(phoneNumber) ? t(PHONE_INVALID) : undefined;
    setError(numberProblem);
    setPhoneError(phoneProblem);
    if (numberProblem || phoneProblem) return;
    setBusy(true);
    try {
      if (phoneNumber) await api('POST', '/api/public/access-code/recover-by-phone', { json: { trackingNumber, phone: phoneNumber } });
      else await api('POST', '/api/public/access-code/recover', { json: { trackingNumber } });
      setSentByPhone(phoneNumber !== '');
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
          {t(sentByPhone ? M.sentByPhone : M.sent)}
        </p>
      ) : (
        <>
          <ErrorSummary
            items={[...(error ? [{ path: 'recoverNumber', message: error }] : []), ...(phoneError ? [{ path: 'recoverPhone', message: phoneError }] : [])]}
            message={message}
          />
          <form onSubmit={submit} noValidate className="form">
            <Field path="recoverNumber" label={t(M.trackingNumber)} error={error} required>
              {(props) => <input {...props} type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} value={number} onChange={(e) => setNumber(e.target.value)} />}
            </Field>
            {byPhone && (
              <Field path="recoverPhone" label={t(M.phone)} hint={t(M.phoneHint)} error={phoneError}>
                {(props) => <input {...props} type="tel" autoComplete="tel" inputMode="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} />}
              </Field>
            )}
            <Button type="submit" busy={busy}>
              {busy ? t(COMMON.sending) : t(M.send)}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
