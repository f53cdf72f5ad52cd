import { useState, type MouseEvent } from 'react';
import { fileNameOf, saveBlob } from '../shared/download';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';

const D = {
  preparing: { id: 'Menyiapkan {rows} baris… {mb} MB diterima', en: 'Preparing {rows} rows… {mb} MB received' },
  receiving: { id: 'Mengunduh… {mb} MB diterima', en: 'Downloading… {mb} MB received' },
  done: { id: 'Selesai: {name} ({mb} MB)', en: 'Done: {name} ({mb} MB)' },
  failed: { id: 'Unduhan gagal (HTTP {status}). Coba lagi.', en: 'The download failed (HTTP {status}). Try again.' },
} as const satisfies Record<string, Bilingual>;

type Progress = { kind: 'running'; rows: number | null; bytes: number } | { kind: 'done'; name: string; bytes: number } | { kind: 'failed'; status: number };

/**
 * An export link that shows how far a long, streamed export has come: the rows the server said it
 * will write (X-Total-Rows) and the bytes received so far, then saves the file. A middle click still
 * opens the plain link.
 */
export function DownloadLink({ href, label, fallbackName }: { href: string; label: Bilingual; fallbackName: string }) {
  const { t, lang } = useLanguage();
  const [progress, setProgress] = useState<Progress | null>(null);
  const mb = (bytes: number) => formatNumber(bytes / 2 ** 20, lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const start = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (progress?.kind === 'running') return;
    setProgress({ kind: 'running', rows: null, bytes: 0 });
    try {
      const response = await fetch(href, { credentials: 'same-origin' });
      if (!response.ok || !response.body) {
        setProgress({ kind: 'failed', status: response.status });
        return;
      }
      const rowsHeader = response.headers.get('x-total-rows');
      const rows = rowsHeader === null ? null : Number(rowsHeader);
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setProgress({ kind: 'running', rows, bytes });
      }
      const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
      saveBlob(new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' }), name);
      setProgress({ kind: 'done', name, bytes });
    } catch {
      setProgress({ kind: 'failed', status: 0 });
    }
  };
  return (
    <span className="download">
      <a className="btn btn-secondary" href={href} onClick={(e) => void start(e)} aria-busy={progress?.kind === 'running' || undefined}>
        {t(label)}
      </a>
      {progress && (
        <span role="status" className="muted small download-status">
          {progress.kind === 'running' && (
            <>
              <progress aria-label={t(label)} />{' '}
              {progress.rows === null
                ? t(D.receiving, { mb: mb(progress.bytes) })
                : t(D.preparing, { rows: formatNumber(progress.rows, lang), mb: mb(progress.bytes) })}
            </>
          )}
          {progress.kind === 'done' && t(D.done, { name: progress.name, mb: mb(progress.bytes) })}
          {progress.kind === 'failed' && t(D.failed, { status: progress.status })}
        </span>
      )}
    </span>
  );
}
