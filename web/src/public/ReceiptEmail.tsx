import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, Field, problemMessage } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { EMAIL, EMAIL_INVALID } from './ComplaintForm';
import { useErrorTitle } from './page-title';
import type { SubmissionReceipt } from './receipt-store';

const M = {
  title: { id: 'Kirim tanda terima ke email', en: 'Send the receipt to your email' },
  intro: {
    id: 'Nomor pengaduan dan kode akses dikirim hanya ke alamat yang Anda tulis di sini.',
    en: 'The tracking number and access code go only to the address you write here.',
  },
  email: { id: 'Alamat email', en: 'Email address' },
  send: { id: 'Kirim tanda terima', en: 'Send the receipt' },
  sent: { id: 'Tanda terima dikirim ke {email}. Bila belum masuk dalam beberapa menit, periksa folder spam.', en: 'The receipt is on its way to {email}. If it has not arrived in a few minutes, check the spam folder.' },
} as const satisfies Record<string, Bilingual>;

/** The receipt's mail copy, offered on the receipt itself: the code is mailed only to the address typed here. */
export function ReceiptEmail({ receipt }: { receipt: SubmissionReceipt }) {
  const { t } = useLanguage();
  const [email, setEmail] = useState(receipt.email ?? '');
  const [error, setError] = useState<string | undefined>();
  const [sentTo, setSentTo] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useErrorTitle(error !== undefined);

  async function send(event: FormEvent) {
    event.preventDefault();
    setSentTo(undefined);
    const to = email.trim();
    if (!EMAIL.test(to)) {
      setError(t(EMAIL_INVALID));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', `/api/public/complaints/${encodeURIComponent(receipt.trackingNumber)}/receipt-email`, { json: { email: to }, headers: { 'x-access-code': receipt.accessCode } });
      setSentTo(to);
    } catch (e) {
      setError(e instanceof ApiError && e.fields[0] ? e.fields[0].message : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="receipt-email no-print" aria-labelledby="receipt-email-title">
      <h2 id="receipt-email-title">{t(M.title)}</h2>
      <p>{t(M.intro)}</p>
      <form onSubmit={send} noValidate>
        <Field path="receiptEmail" label={t(M.email)} error={error} required>
          {(props) => <input {...props} type="email" autoComplete="email" inputMode="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Button type="submit" busy={busy}>
          {t(M.send)}
        </Button>
      </form>
      <p role="status" className={sentTo ? 'notice' : undefined}>
        {sentTo ? t(M.sent, { email: sentTo }) : ''}
      </p>
    </section>
  );
}
