import { useRef, useState, type FormEvent } from 'react';
import { ApiError, upload } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage, type SummaryItem } from '../shared/components';
import { formatBytes, useLanguage } from '../shared/i18n';
import { useCatalogues } from './data';
import { CHANNEL_NAMES, FIELD_LABELS, O, PLACE } from './messages';
import { Link, PATHS } from './router';
import { useSession } from './session';
import { CHANNELS, type Channel } from './types';

interface Receipt {
  trackingNumber: string;
  accessCode: string;
  receivedAt: string;
  firstResponseDueAt: string;
}

const EMPTY = {
  channel: 'letter' as Exclude<Channel, 'web'>,
  receivedAt: '',
  laporTrackingId: '',
  name: '',
  email: '',
  phone: '',
  address: '',
  anonymous: false,
  confidential: false,
  consent: false,
  permitTypeId: '',
  applicationNumber: '',
  subject: '',
  description: '',
  incidentDate: '',
  locationAddress: '',
  language: 'id' as 'id' | 'en',
};

/** `2026-11-24T09:30` typed in Jakarta time, as an ISO instant. */
function jakartaLocalToIso(local: string): string {
  return new Date(`${local}:00+07:00`).toISOString();
}

/** A complaint that came by letter, phone, walk-in, email or social media, with the scanned letter. */
export function NewComplaint() {
  const { t, lang } = useLanguage();
  const { handleError } = useSession();
  const catalogues = useCatalogues();
  const [form, setForm] = useState(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [message, setMessage] = useState<string>();
  const [progress, setProgress] = useState<number>();
  const [receipt, setReceipt] = useState<Receipt>();
  const fileInput = useRef<HTMLInputElement>(null);

  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const errorOf = (path: string) => fieldErrors[path];
  const labels: Record<string, string> = {
    channel: t(O.channel),
    receivedAt: t(O.receivedAt),
    laporTrackingId: t(PLACE.laporTrackingId),
    'location.address': t(PLACE.location),
    permitTypeId: t(O.permitType),
    applicationNumber: t(O.applicationNumber),
    subject: t(O.subject),
    description: t(O.description),
    incidentDate: t(O.incidentDate),
    'reporter.name': t(O.reporterName),
    'reporter.email': t(O.reporterEmail),
    'reporter.phone': t(O.reporterPhone),
    'reporter.address': t(O.reporterAddress),
    attachments: t(O.scannedLetter),
  };
  const labelOf = (path: string) => labels[path] ?? labels[path.replace(/\.\d+$/, '')] ?? path;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    setFieldErrors({});
    setMessage(undefined);
    const json = {
      channel: form.channel,
      ...(form.receivedAt ? { receivedAt: jakartaLocalToIso(form.receivedAt) } : {}),
      ...(form.channel === 'lapor' ? { laporTrackingId: form.laporTrackingId } : {}),
      reporter: { name: form.name, email: form.email, phone: form.phone, address: form.address },
      anonymous: form.anonymous,
      confidential: form.confidential,
      consent: form.consent,
      permitTypeId: form.permitTypeId ? Number(form.permitTypeId) : null,
      applicationNumber: form.applicationNumber,
      subject: form.subject,
      description: form.description,
      ...(form.incidentDate ? { incidentDate: form.incidentDate } : {}),
      ...(form.locationAddress.trim() ? { location: { address: form.locationAddress } } : {}),
      language: form.language,
    };
    setProgress(0);
    try {
      const result = await upload<Receipt>('/api/staff/complaints', { jsonField: 'complaint', json, files, onProgress: setProgress });
      setReceipt(result);
      setForm(EMPTY);
      setFiles([]);
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.fields.length) {
        // Beside the field the server's reason is enough; in the summary it needs the field's name.
        setFieldErrors(Object.fromEntries(e.fields.map((f) => [f.path, f.message])));
        setErrors(e.fields.map((f) => ({ path: f.path, message: `${labelOf(f.path)}: ${f.message}` })));
        setMessage(e.message);
      } else setMessage(problemMessage(e, t));
    } finally {
      setProgress(undefined);
    }
  };

  if (receipt) {
    return (
      <>
        <h1 tabIndex={-1}>{t(O.registered)}</h1>
        <div className="panel receipt" role="status">
          <dl className="details">
            <dt>{t(O.trackingNumber)}</dt>
            <dd className="mono big" data-testid="receipt-tracking-number">
              {receipt.trackingNumber}
            </dd>
            <dt>{t(O.accessCode)}</dt>
            <dd className="mono big">{receipt.accessCode}</dd>
          </dl>
          <p>{t(O.accessCodeNote)}</p>
          <p className="form-buttons">
            <Link className="btn btn-primary" href={PATHS.complaint(receipt.trackingNumber)}>
              {t(O.openComplaint)}
            </Link>
            <button type="button" className="btn btn-secondary" onClick={() => setReceipt(undefined)}>
              {t(O.registerAnother)}
            </button>
          </p>
        </div>
      </>
    );
  }

  const text = (path: string, key: 'name' | 'email' | 'phone' | 'address' | 'applicationNumber' | 'subject', label: string, options: { required?: boolean; type?: string; autoComplete?: string } = {}) => (
    <Field path={path} label={label} error={errorOf(path)} required={options.required ?? false}>
      {(p) => <input {...p} type={options.type ?? 'text'} autoComplete={options.autoComplete ?? 'off'} value={form[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );

  return (
    <>
      <h1 tabIndex={-1}>{t(O.newTitle)}</h1>
      <ErrorSummary items={errors} message={message} />
      <form onSubmit={(e) => void submit(e)} noValidate className="stack-form">
        <fieldset>
          <legend>{t(O.complaintSection)}</legend>
          <div className="two-col">
            <Field path="channel" label={t(O.channel)} error={errorOf('channel')} required>
              {(p) => (
                <select {...p} value={form.channel} onChange={(e) => set('channel', e.target.value as typeof form.channel)}>
                  {CHANNELS.filter((c) => c !== 'web').map((c) => (
                    <option key={c} value={c}>
                      {t(CHANNEL_NAMES[c])}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field path="receivedAt" label={t(O.receivedAt)} hint={t(O.receivedAtHint)} error={errorOf('receivedAt')}>
              {(p) => <input {...p} type="datetime-local" value={form.receivedAt} onChange={(e) => set('receivedAt', e.target.value)} />}
            </Field>
          </div>
          {form.channel === 'lapor' && (
            <Field path="laporTrackingId" label={t(PLACE.laporTrackingId)} hint={t(PLACE.laporTrackingIdHint)} error={errorOf('laporTrackingId')} required>
              {(p) => <input {...p} type="text" inputMode="numeric" autoComplete="off" value={form.laporTrackingId} onChange={(e) => set('laporTrackingId', e.target.value)} />}
            </Field>
          )}
          <div className="two-col">
            <Field path="permitTypeId" label={t(FIELD_LABELS.permitTypeId ?? O.permitType)} error={errorOf('permitTypeId')}>
              {(p) => (
                <select {...p} value={form.permitTypeId} onChange={(e) => set('permitTypeId', e.target.value)}>
                  <option value="">{t(O.chooseNone)}</option>
                  {catalogues?.permitTypes
                    .filter((pt) => pt.active)
                    .map((pt) => (
                      <option key={pt.id} value={pt.id}>
                        {pt.name}
                      </option>
                    ))}
                </select>
              )}
            </Field>
            {text('applicationNumber', 'applicationNumber', t(O.applicationNumber))}
          </div>
          {text('subject', 'subject', t(O.subject), { required: true })}
          <Field path="description" label={t(O.description)} error={errorOf('description')} required>
            {(p) => <textarea {...p} rows={6} value={form.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <div className="two-col">
            <Field path="incidentDate" label={t(O.incidentDate)} error={errorOf('incidentDate')}>
              {(p) => <input {...p} type="date" value={form.incidentDate} onChange={(e) => set('incidentDate', e.target.value)} />}
            </Field>
            <Field path="language" label={t(O.language)}>
              {(p) => (
                <select {...p} value={form.language} onChange={(e) => set('language', e.target.value === 'en' ? 'en' : 'id')}>
                  <option value="id">Bahasa Indonesia</option>
                  <option value="en">English</option>
                </select>
              )}
            </Field>
          </div>
          <Field path="location.address" label={t(PLACE.location)} error={errorOf('location.address')}>
            {(p) => <input {...p} type="text" maxLength={300} autoComplete="off" value={form.locationAddress} onChange={(e) => set('locationAddress', e.target.value)} />}
          </Field>
          <div className="field checkbox">
            <input id="f-confidential" type="checkbox" checked={form.confidential} onChange={(e) => set('confidential', e.target.checked)} />
            <label htmlFor="f-confidential">{t(O.confidentialCheck)}</label>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t(O.reporterSection)}</legend>
          <div className="two-col">
            {text('reporter.name', 'name', t(O.reporterName))}
            {text('reporter.phone', 'phone', t(O.reporterPhone), { type: 'tel' })}
          </div>
          <div className="two-col">
            {text('reporter.email', 'email', t(O.reporterEmail), { type: 'email' })}
            {text('reporter.address', 'address', t(O.reporterAddress))}
          </div>
          <div className="field checkbox">
            <input id="f-anonymous" type="checkbox" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} />
            <label htmlFor="f-anonymous">{t(O.anonymousCheck)}</label>
          </div>
          <div className="field checkbox">
            <input id="f-consent" type="checkbox" checked={form.consent} onChange={(e) => set('consent', e.target.checked)} />
            <label htmlFor="f-consent">{t(O.consentCheck)}</label>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t(O.scannedLetter)}</legend>
          <Field path="attachments" label={t(O.scannedLetter)} hint={t(O.scannedLetterHint)} error={errorOf('attachments')}>
            {(p) => (
              <input
                {...p}
                ref={fileInput}
                type="file"
                multiple
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
              />
            )}
          </Field>
          {files.length > 0 && (
            <ul className="small">
              {files.map((f) => (
                <li key={f.name}>
                  {f.name} ({formatBytes(f.size, lang)})
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <div className="form-buttons">
          <Button type="submit" busy={progress !== undefined}>
            {progress !== undefined ? t(O.uploading, { percent: Math.round(progress * 100) }) : t(O.register)}
          </Button>
        </div>
      </form>
    </>
  );
}
