import { useEffect, useState } from 'react';
import { Button } from '../shared/components';
import { formatDateTime, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { handToTracking, loadReceipt } from './receipt-store';
import { ReceiptEmail } from './ReceiptEmail';
import { Link, navigate, PATHS } from './router';

const M = {
  title: { id: 'Pengaduan Anda sudah kami terima', en: 'We have received your complaint' },
  keep: {
    id: 'Simpan nomor pengaduan dan kode akses di bawah ini. Keduanya diperlukan untuk melacak pengaduan. Kode akses hanya ditampilkan sekali ini.',
    en: 'Keep the tracking number and access code below. You need both to follow your complaint. The access code is shown only this once.',
  },
  trackingNumber: { id: 'Nomor pengaduan', en: 'Tracking number' },
  accessCode: { id: 'Kode akses', en: 'Access code' },
  subject: { id: 'Judul', en: 'Subject' },
  receivedAt: { id: 'Diterima', en: 'Received' },
  firstResponse: { id: 'Tanggapan pertama paling lambat', en: 'First response due by' },
  address: { id: 'Alamat pelacakan', en: 'Tracking address' },
  addressHint: {
    id: 'Buka alamat ini atau pindai kode QR, lalu masukkan kode akses. Kode akses tidak ada di alamat maupun kode QR.',
    en: 'Open this address or scan the QR code, then enter the access code. The access code is in neither.',
  },
  qr: { id: 'Kode QR alamat pelacakan {tn}', en: 'QR code of the tracking address of {tn}' },
  print: { id: 'Cetak tanda terima', en: 'Print receipt' },
  track: { id: 'Lacak pengaduan ini', en: 'Track this complaint' },
  nothing: { id: 'Tidak ada tanda terima untuk ditampilkan', en: 'No receipt to show' },
  nothingText: {
    id: 'Tanda terima hanya tersedia di tab tempat pengaduan dikirim. Gunakan nomor dan kode akses Anda di halaman Lacak.',
    en: 'The receipt is only available in the tab where the complaint was sent. Use your number and access code on the Track page.',
  },
  openTrack: { id: 'Buka halaman Lacak', en: 'Open the Track page' },
  receiptOf: { id: 'Tanda terima pengaduan', en: 'Complaint receipt' },
  screenshot: { id: 'Tip: ambil tangkapan layar, cetak halaman ini, atau kirim ke email Anda.', en: 'Tip: take a screenshot, print this page, or send it to your email.' },
} as const satisfies Record<string, Bilingual>;

/** "ABCDE FGHJK": easier to read aloud and copy from paper; the API accepts it with or without the space. */
function grouped(code: string): string {
  return code.replace(/(.{5})(?=.)/g, '$1 ');
}

/** The tracking page for this number, at the address the reporter is using; never with the access code. */
export function trackingAddress(trackingNumber: string): string {
  return `${window.location.origin}${PATHS.track}?nomor=${encodeURIComponent(trackingNumber)}`;
}

/** The QR code arrives in its own chunk; without it (offline) the address in words is still there. */
function TrackingQr({ address, label }: { address: string; label: string }) {
  const [qr, setQr] = useState<{ size: number; d: string } | null>(null);
  useEffect(() => {
    let live = true;
    import('./receipt-qr')
      .then((m) => live && setQr(m.qrPath(address)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [address]);
  if (!qr) return null;
  const edge = qr.size + 8;
  return (
    <svg className="receipt-qr" role="img" aria-label={label} viewBox={`-4 -4 ${edge} ${edge}`} shapeRendering="crispEdges" data-testid="receipt-qr">
      <rect x={-4} y={-4} width={edge} height={edge} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}

export function Receipt() {
  const { t, lang } = useLanguage();
  const receipt = loadReceipt();
  if (!receipt) {
    return (
      <>
        <h1 tabIndex={-1}>{t(M.nothing)}</h1>
        <p>{t(M.nothingText)}</p>
        <p>
          <Link href={PATHS.track}>{t(M.openTrack)}</Link>
        </p>
      </>
    );
  }
  const address = trackingAddress(receipt.trackingNumber);
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <p className="print-only">
        {t(COMMON.officeLong)} — {t(M.receiptOf)}
      </p>
      <h1 id="receipt-title" tabIndex={-1}>
        {t(M.title)}
      </h1>
      <p>{t(M.keep)}</p>
      <dl className="receipt-codes">
        <div>
          <dt>{t(M.trackingNumber)}</dt>
          <dd className="code" data-testid="tracking-number">
            {receipt.trackingNumber}
          </dd>
        </div>
        <div>
          <dt>{t(M.accessCode)}</dt>
          <dd className="code" data-testid="access-code">
            {grouped(receipt.accessCode)}
          </dd>
        </div>
        {receipt.subject && (
          <div>
            <dt>{t(M.subject)}</dt>
            <dd data-testid="receipt-subject">{receipt.subject}</dd>
          </div>
        )}
        <div>
          <dt>{t(M.receivedAt)}</dt>
          <dd>{formatDateTime(receipt.receivedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t(M.firstResponse)}</dt>
          <dd>{formatDateTime(receipt.firstResponseDueAt, lang)}</dd>
        </div>
        <div className="receipt-address">
          <dt>{t(M.address)}</dt>
          <dd>
            <span className="address-text" data-testid="tracking-address">
              {address}
            </span>
            <TrackingQr address={address} label={t(M.qr, { tn: receipt.trackingNumber })} />
            <span className="hint">{t(M.addressHint)}</span>
          </dd>
        </div>
      </dl>
      <ReceiptEmail receipt={receipt} />
      <p className="no-print hint">{t(M.screenshot)}</p>
      <div className="actions no-print">
        <Button onClick={() => window.print()}>{t(M.print)}</Button>
        <Button
          variant="secondary"
          onClick={() => {
            handToTracking({ trackingNumber: receipt.trackingNumber, accessCode: receipt.accessCode });
            navigate(PATHS.track);
          }}
        >
          {t(M.track)}
        </Button>
      </div>
    </article>
  );
}
