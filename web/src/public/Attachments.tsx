import { useId } from 'react';
import { formatBytes, useLanguage, type Bilingual } from '../shared/i18n';
import { Button, fieldId } from '../shared/components';

export const MAX_FILES = 5;
export const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,application/pdf';

const M = {
  label: { id: 'Lampiran', en: 'Attachments' },
  hint: {
    id: 'Foto atau PDF, paling banyak {max} berkas, masing-masing paling besar 5 MB. Jangan lampirkan KTP kecuali diminta.',
    en: 'Photos or PDF, at most {max} files of up to 5 MB each. Do not attach your ID card unless asked.',
  },
  remove: { id: 'Hapus {name}', en: 'Remove {name}' },
  tooBig: { id: '{name} lebih besar dari 5 MB.', en: '{name} is larger than 5 MB.' },
  tooMany: { id: 'Paling banyak {max} lampiran.', en: 'At most {max} attachments.' },
  wrongType: { id: '{name}: hanya gambar (JPEG, PNG, WebP, GIF) atau PDF.', en: '{name}: only images (JPEG, PNG, WebP, GIF) or PDF.' },
  progress: { id: 'Mengunggah', en: 'Uploading' },
  selected: { id: 'Berkas terpilih', en: 'Selected files' },
} as const satisfies Record<string, Bilingual>;

/** Problems the server would reject anyway, told before a slow upload starts. */
export function checkFiles(files: readonly File[], t: (m: Bilingual, v?: Record<string, string | number>) => string): string | undefined {
  if (files.length > MAX_FILES) return t(M.tooMany, { max: MAX_FILES });
  for (const file of files) {
    if (file.size > MAX_BYTES) return t(M.tooBig, { name: file.name });
    if (file.type && !ACCEPT.split(',').includes(file.type)) return t(M.wrongType, { name: file.name });
  }
  return undefined;
}

export function AttachmentPicker({
  path,
  files,
  onChange,
  error,
}: {
  path: string;
  files: readonly File[];
  onChange: (files: File[]) => void;
  error?: string | undefined;
}) {
  const { t, lang } = useLanguage();
  const id = fieldId(path);
  const listId = useId();
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{t(M.label)}</label>
      <div id={`${id}-hint`} className="hint">
        {t(M.hint, { max: MAX_FILES })}
      </div>
      {error && (
        <p id={`${id}-error`} className="error-text">
          {error}
        </p>
      )}
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const picked = Array.from(event.target.files ?? []);
          onChange([...files, ...picked]);
          // Let the same file be picked again after removing it.
          event.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="file-list" aria-label={t(M.selected)} id={listId}>
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`}>
              <span>
                {file.name} <span className="muted">({formatBytes(file.size, lang)})</span>
              </span>
              <Button variant="link" aria-label={t(M.remove, { name: file.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                ✕
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function UploadProgress({ fraction }: { fraction: number | null }) {
  const { t } = useLanguage();
  if (fraction === null) return null;
  const percent = Math.round(fraction * 100);
  return (
    <div className="upload-progress">
      <label htmlFor="upload-progress">
        {t(M.progress)} {percent}%
      </label>
      <progress id="upload-progress" max={100} value={percent}>
        {percent}%
      </progress>
    </div>
  );
}
