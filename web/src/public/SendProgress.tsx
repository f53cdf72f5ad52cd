import { formatBytes, useLanguage, type Bilingual } from '../shared/i18n';

/** How much of the send has gone up: bytes from XMLHttpRequest's upload events (fetch has none). */
export interface SendProgressValue {
  loaded: number;
  total: number;
}

const M = {
  label: { id: 'Mengirim pengaduan dan lampiran', en: 'Sending the complaint and attachments' },
  status: { id: '{percent}% terkirim ({loaded} dari {total})', en: '{percent}% sent ({loaded} of {total})' },
  waiting: { id: 'Semua terkirim. Menunggu tanda terima…', en: 'Everything sent. Waiting for the receipt…' },
} as const satisfies Record<string, Bilingual>;

/**
 * A progress bar with its numbers in words. The words are a polite live region that changes in steps
 * of 10 %, so a screen reader hears the upload move without being flooded.
 */
export function SendProgress({ progress }: { progress: SendProgressValue | null }) {
  const { t, lang } = useLanguage();
  if (!progress) return null;
  const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : 0;
  const step = Math.floor(percent / 10) * 10;
  const stepBytes = Math.round((progress.total * step) / 100);
  const words =
    percent >= 100
      ? t(M.waiting)
      : t(M.status, { percent: step, loaded: formatBytes(stepBytes, lang), total: formatBytes(progress.total, lang) });
  return (
    <div className="upload-progress" data-testid="send-progress">
      <label htmlFor="send-progress">{t(M.label)}</label>
      <progress id="send-progress" max={100} value={percent} aria-describedby="send-progress-status">
        {percent}%
      </progress>
      <p id="send-progress-status" className="hint" role="status" aria-live="polite">
        {words}
      </p>
    </div>
  );
}
