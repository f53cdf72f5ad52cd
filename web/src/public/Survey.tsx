import { useState, type FormEvent } from 'react';
import { api } from '../shared/api';
import { Button, ErrorSummary, fieldId, problemMessage } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { accessHeaders, complaintUrl, type Access, type PublicComplaint } from './tracking-api';

/** The nine elements of the public-service satisfaction survey, PermenPANRB 14/2017, in its order. */
export const SURVEY_ELEMENTS: readonly Bilingual[] = [
  { id: 'Persyaratan pelayanan', en: 'Service requirements' },
  { id: 'Sistem, mekanisme, dan prosedur', en: 'System, mechanism and procedure' },
  { id: 'Waktu penyelesaian', en: 'Time to complete' },
  { id: 'Biaya/tarif', en: 'Cost/fee' },
  { id: 'Produk spesifikasi jenis pelayanan', en: 'What the service delivered' },
  { id: 'Kompetensi pelaksana', en: 'Staff competence' },
  { id: 'Perilaku pelaksana', en: 'Staff behaviour' },
  { id: 'Penanganan pengaduan, saran, dan masukan', en: 'Handling of complaints, suggestions and feedback' },
  { id: 'Sarana dan prasarana', en: 'Facilities' },
];

/** The regulation's four-point scale. */
export const SCALE: readonly Bilingual[] = [
  { id: 'Tidak baik', en: 'Poor' },
  { id: 'Kurang baik', en: 'Fair' },
  { id: 'Baik', en: 'Good' },
  { id: 'Sangat baik', en: 'Very good' },
];

const M = {
  title: { id: 'Survei kepuasan (tidak wajib)', en: 'Satisfaction survey (optional)' },
  intro: {
    id: 'Bantu kami memperbaiki layanan: nilai sembilan unsur berikut. Hanya butuh satu menit.',
    en: 'Help us improve: rate the nine elements below. It takes a minute.',
  },
  pick: { id: 'Pilih nilai untuk "{element}".', en: 'Choose a rating for "{element}".' },
  comment: { id: 'Saran atau komentar', en: 'Suggestion or comment' },
  send: { id: 'Kirim penilaian', en: 'Send rating' },
  thanks: { id: 'Terima kasih atas penilaian Anda.', en: 'Thank you for your rating.' },
} as const satisfies Record<string, Bilingual>;

export function Survey({ access, onDone }: { access: Access; onDone: (c: PublicComplaint) => void }) {
  const { t } = useLanguage();
  const [scores, setScores] = useState<(number | null)[]>(() => SURVEY_ELEMENTS.map(() => null));
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = scores.flatMap((s, i) => (s === null ? [{ path: `survey.${i}.q`, message: t(M.pick, { element: t(SURVEY_ELEMENTS[i] as Bilingual) }) }] : []));
    setErrors(missing);
    setMessage(undefined);
    if (missing.length) return;
    setBusy(true);
    try {
      const next = await api<PublicComplaint>('POST', complaintUrl(access, '/survey'), {
        json: { scores, ...(comment.trim() ? { comment } : {}) },
        headers: accessHeaders(access),
      });
      onDone(next);
    } catch (e) {
      setMessage(problemMessage(e, t));
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="survey-title">
      <h2 id="survey-title">{t(M.title)}</h2>
      <p>{t(M.intro)}</p>
      <ErrorSummary items={errors} message={message} />
      <form onSubmit={submit} noValidate className="form survey">
        {SURVEY_ELEMENTS.map((element, i) => {
          // fieldId drops a trailing ".N", hence the ".q" suffix to keep each element distinct.
          const id = fieldId(`survey.${i}.q`);
          const error = errors.find((e) => e.path === `survey.${i}.q`);
          return (
            <fieldset key={element.id} className={error ? 'scale field-error' : 'scale'} aria-describedby={error ? `${id}-error` : undefined}>
              <legend>
                {i + 1}. {t(element)}
              </legend>
              {error && (
                <p id={`${id}-error`} className="error-text">
                  {error.message}
                </p>
              )}
              <div className="scale-options">
                {SCALE.map((label, value) => (
                  <label key={label.id} className="scale-option">
                    <input
                      type="radio"
                      name={`survey-${i}`}
                      id={value === 0 ? id : undefined}
                      value={value + 1}
                      checked={scores[i] === value + 1}
                      onChange={() => {
                        setScores((s) => s.map((old, j) => (j === i ? value + 1 : old)));
                        // An answered element's old error goes at once, not at the next send.
                        setErrors((found) => found.filter((e) => e.path !== `survey.${i}.q`));
                        setMessage(undefined);
                      }}
                    />
                    <span>
                      {value + 1} — {t(label)}
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div className="field">
          <label htmlFor="survey-comment">
            {t(M.comment)} <span className="muted">{t(COMMON.optional)}</span>
          </label>
          <textarea id="survey-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => {
              setComment(e.target.value);
              setMessage(undefined);
            }} />
        </div>
        <Button type="submit" busy={busy}>
          {t(M.send)}
        </Button>
      </form>
    </section>
  );
}

export function SurveyThanks() {
  const { t } = useLanguage();
  return <p className="notice notice-success">{t(M.thanks)}</p>;
}
