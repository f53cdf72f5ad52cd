import { Button } from '../shared/components';
import { formatDateTime, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { handToTracking, loadReceipt } from './receipt-store';
import { Link, navigate, PATHS } from './router';

const M = {
  title: { id: 'Pengaduan Anda sudah kami terima', en: 'We have received your complaint' },
  keep: {
    id: 'Simpan nomor pengaduan dan kode akses di bawah ini. Keduanya diperlukan untuk melacak pengaduan. Kode akses hanya ditampilkan sekali ini.',
    en: 'Keep the tracking number and access code below. You need both to follow your complaint. The access code is shown only this once.',
  },
  trackingNumber: { id: 'Nomor pengaduan', en: 'Tracking number' },
  accessCode: { id: 'Kode akses', en: 'Access code' },
  receivedAt: { id: 'Diterima', en: 'Received' },
  firstResponse: { id: 'Tanggapan pertama paling lambat', en: 'First response due by' },
  print: { id: 'Cetak tanda terima', en: 'Print receipt' },
  track: { id: 'Lacak pengaduan ini', en: 'Track this complaint' },
  nothing: { id: 'Tidak ada tanda terima untuk ditampilkan', en: 'No receipt to show' },
  nothingText: {
    id: 'Tanda terima hanya tersedia di tab tempat pengaduan dikirim. Gunakan nomor dan kode akses Anda di halaman Lacak.',
    en: 'The receipt is only available in the tab where the complaint was sent. Use your number and access code on the Track page.',
  },
  openTrack: { id: 'Buka halaman Lacak', en: 'Open the Track page' },
  receiptOf: { id: 'Tanda terima pengaduan', en: 'Complaint receipt' },
  screenshot: { id: 'Tip: ambil tangkapan layar atau cetak halaman ini.', en: 'Tip: take a screenshot or print this page.' },
} as const satisfies Record<string, Bilingual>;

/** "ABCDE FGHJK": easier to read aloud and copy from paper; the API accepts it with or without the space. */
function grouped(code: string): string {
  return code.replace(/(.{5})(?=.)/g, '$1 ');
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
        <div>
          <dt>{t(M.receivedAt)}</dt>
          <dd>{formatDateTime(receipt.receivedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t(M.firstResponse)}</dt>
          <dd>{formatDateTime(receipt.firstResponseDueAt, lang)}</dd>
        </div>
      </dl>
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
