import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, upload } from '../shared/api';
import { Button, ErrorSummary, Field, fieldId, problemMessage, type SummaryItem } from '../shared/components';
import { formatNumber, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { AttachmentPicker } from './Attachments';
import { KnowledgeHints } from './KnowledgeHints';
import { LocationPicker } from './LocationPicker';
import { clearDraft, loadDraft, saveDraft } from './draft-store';
import { checkChosenFiles } from './file-check';
import { useErrorTitle } from './page-title';
import { usePortalInfo } from './portal-info';
import { saveReceipt, type SubmissionReceipt } from './receipt-store';
import { Link, navigate, PATHS } from './router';
import { SendProgress, type SendProgressValue } from './SendProgress';
import { PHONE, PHONE_INVALID } from './tracking-api';

const M = {
  title: { id: 'Buat pengaduan', en: 'File a complaint' },
  intro: {
    id: 'Isi formulir ini dalam beberapa menit. Tidak perlu akun. Kolom bertanda "tidak wajib" boleh dikosongkan.',
    en: 'This form takes a few minutes. No account needed. Fields marked "optional" may be left empty.',
  },
  aboutPermit: { id: 'Tentang izin Anda', en: 'About your permit' },
  permitSearch: { id: 'Cari jenis izin', en: 'Search permit types' },
  permitSearchHint: { id: 'Ketik sebagian nama, misalnya "PBG" atau "reklame".', en: 'Type part of the name, for example "PBG" or "reklame".' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
  permitUnknown: { id: 'Tidak tahu / lainnya', en: 'Not sure / other' },
  permitMatches: { id: '{n} jenis izin cocok', en: '{n} permit types match', enOne: '1 permit type matches' },
  permitMatchesOne: { id: '1 jenis izin cocok', en: '1 permit type matches' },
  applicationNumber: { id: 'Nomor permohonan', en: 'Application number' },
  applicationNumberHint: { id: 'Tertera pada bukti pendaftaran permohonan izin Anda.', en: 'Shown on the registration slip of your permit application.' },
  aboutComplaint: { id: 'Pengaduan Anda', en: 'Your complaint' },
  subject: { id: 'Judul singkat', en: 'Short subject' },
  subjectHint: { id: 'Contoh: "PBG belum terbit lewat batas waktu".', en: 'For example: "Building permit not issued after the deadline".' },
  description: { id: 'Uraian pengaduan', en: 'Description' },
  descriptionHint: {
    id: 'Ceritakan apa yang terjadi, kapan, dan apa yang Anda harapkan. Paling sedikit 20 karakter.',
    en: 'Say what happened, when, and what you expect. At least 20 characters.',
  },
  count: { id: '{n} dari {max} karakter', en: '{n} of {max} characters' },
  incidentDate: { id: 'Tanggal kejadian', en: 'Date it happened' },
  privacyChoices: { id: 'Identitas dan kerahasiaan', en: 'Identity and confidentiality' },
  anonymous: { id: 'Sembunyikan identitas saya (anonim)', en: 'Hide my identity (anonymous)' },
  anonymousHint: {
    id: 'Hanya petugas penerima pengaduan yang dapat melihat nama dan kontak Anda. Bidang yang menangani izin Anda dan publik hanya melihat "Anonim". Uraian pengaduan diteruskan ke bidang tersebut, jadi jangan tulis nama, NIK atau alamat Anda di uraian. Anda juga boleh tidak mengisi identitas sama sekali; pengaduan tetap dapat dilacak dengan nomor dan kode akses.',
    en: 'Only the intake desk can see your name and contact. The division handling your permit and the public see only "Anonymous". The description goes to that division, so keep your name, NIK and address out of it. You may also give no identity at all; you can still follow the complaint with its number and access code.',
  },
  confidential: { id: 'Rahasiakan pengaduan ini', en: 'Keep this complaint confidential' },
  confidentialHint: {
    id: 'Pengaduan tidak akan muncul di daftar atau statistik publik mana pun. Hanya Anda (dengan kode akses) dan petugas yang dapat melihatnya.',
    en: 'The complaint will not appear in any public list or figure. Only you (with the access code) and the office can see it.',
  },
  contact: { id: 'Kontak Anda', en: 'Your contact' },
  contactHint: {
    id: 'Isi nama Anda, lalu email atau nomor WhatsApp (salah satu cukup) agar petugas dapat menghubungi Anda.',
    en: 'Give your name, then an email or a WhatsApp number (one of them is enough) so the office can reach you.',
  },
  reachOne: { id: 'Email atau nomor telepon/WhatsApp (isi salah satu)', en: 'Email or phone/WhatsApp number (give one of them)' },
  reachOptional: { id: 'Email atau nomor telepon/WhatsApp (tidak wajib)', en: 'Email or phone/WhatsApp number (optional)' },
  contactHintAnonymous: {
    id: 'Karena Anda memilih anonim, kontak tidak wajib. Bila diisi, hanya petugas penerima yang melihatnya.',
    en: 'As you chose anonymous, contact is optional. If given, only the intake desk sees it.',
  },
  name: { id: 'Nama', en: 'Name' },
  email: { id: 'Email', en: 'Email' },
  phone: { id: 'Nomor telepon/WhatsApp', en: 'Phone/WhatsApp number' },
  phoneHint: { id: 'Contoh: 0812 3456 7890', en: 'For example: 0812 3456 7890' },
  address: { id: 'Alamat', en: 'Address' },
  emailCopy: { id: 'Kirim salinan tanda terima (nomor dan kode akses) ke email saya', en: 'Email me a copy of the receipt (number and access code)' },
  channel: { id: 'Kabari saya lewat', en: 'Send me news by' },
  channelHint: {
    id: 'Tanda terima (nomor dan kode akses) serta kabar penanganan dikirim lewat saluran ini.',
    en: 'The receipt (number and access code) and news of the handling go by this channel.',
  },
  channelEmail: { id: 'Email', en: 'Email' },
  channelWhatsapp: { id: 'WhatsApp', en: 'WhatsApp' },
  channelSms: { id: 'SMS', en: 'SMS' },
  consentTitle: { id: 'Pelindungan data pribadi', en: 'Personal data protection' },
  consentNotice: {
    id: 'Sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, data Anda hanya dipakai untuk menangani pengaduan ini dan menyusun rekap tanpa identitas. Data pribadi dihapus setelah masa simpan berakhir.',
    en: 'Under Law 27/2022 on Personal Data Protection, your data is used only to handle this complaint and to compile anonymous figures. Personal data is erased when the retention period ends.',
  },
  privacyLink: { id: 'Baca kebijakan privasi', en: 'Read the privacy notice' },
  consent: { id: 'Saya setuju data saya diproses untuk menangani pengaduan ini.', en: 'I agree to my data being processed to handle this complaint.' },
  honeypot: { id: 'Jangan isi kolom ini', en: 'Leave this field empty' },
  submit: { id: 'Kirim pengaduan', en: 'Send complaint' },
  similar: {
    id: 'Jika sudah ada pengaduan yang masih diproses dengan nomor permohonan atau kontak ini, nomor pengaduannya kami kirim ke email yang tercatat pada pengaduan itu. Ikuti pengaduan itu lewat halaman Lacak agar tidak tercatat dua kali. Anda tetap boleh mengirim pengaduan baru.',
    en: 'If an open complaint already has this application number or contact, we have sent its tracking number to the email address recorded with it. Follow it on the Track page so it is not recorded twice. You may still send a new one.',
  },
  trackLink: { id: 'Buka halaman Lacak', en: 'Open the Track page' },
  // Client-side checks, mirroring the server's rules.
  subjectShort: { id: 'Judul paling sedikit 5 karakter.', en: 'The subject needs at least 5 characters.' },
  subjectLong: { id: 'Judul paling banyak 200 karakter.', en: 'The subject may have at most 200 characters.' },
  descriptionShort: { id: 'Uraian paling sedikit 20 karakter.', en: 'The description needs at least 20 characters.' },
  descriptionLong: { id: 'Uraian paling banyak 5.000 karakter.', en: 'The description may have at most 5,000 characters.' },
  nameRequired: { id: 'Nama wajib diisi, atau pilih anonim.', en: 'Name is required, or choose anonymous.' },
  contactRequired: { id: 'Isi salah satu: email atau nomor telepon/WhatsApp.', en: 'Give one of them: an email or a phone/WhatsApp number.' },
  emailInvalid: { id: 'Format email tidak valid, contoh: nama@contoh.id', en: 'Invalid email, for example: name@example.com' },
  consentRequired: { id: 'Centang persetujuan pemrosesan data pribadi.', en: 'Tick the consent to personal-data processing.' },
  notSent: {
    id: 'Pengaduan belum terkirim ({why}). Isian dan lampiran Anda masih ada di halaman ini: periksa koneksi, lalu tekan "Kirim pengaduan" lagi. Bila kiriman pertama ternyata sudah sampai, Anda menerima tanda terima yang sama, tidak tercatat dua kali.',
    en: 'Your complaint was not sent ({why}). What you typed and your attachments are still on this page: check the connection and press "Send complaint" again. If the first send did arrive, you get the same receipt; it is not recorded twice.',
  },
  whyNetwork: { id: 'koneksi terputus atau terlalu lambat', en: 'the connection dropped or was too slow' },
  whyServer: { id: 'server sedang bermasalah', en: 'the server had a problem' },
  draftKept: { id: 'Isian Anda disimpan di tab ini sampai terkirim (lampiran perlu dipilih lagi bila halaman dimuat ulang).', en: 'What you type is kept in this tab until it is sent (attachments must be chosen again after a reload).' },
} as const satisfies Record<string, Bilingual>;

const SUBJECT_MAX = 200;
const DESCRIPTION_MAX = 5000;

interface PermitType {
  id: number;
  code: string;
  name: string;
  category: string;
}

interface FormValues {
  permitTypeId: string;
  applicationNumber: string;
  subject: string;
  description: string;
  incidentDate: string;
  anonymous: boolean;
  confidential: boolean;
  name: string;
  email: string;
  phone: string;
  address: string;
  emailCopy: boolean;
  /** Empty until the reporter picks one: the first offered is then used. */
  preferredChannel: '' | ReporterChannel;
  consent: boolean;
  homepage: string;
  /** Where it happened: an address and/or a pin (strings, as the draft keeps them). */
  locationAddress: string;
  locationLat: string;
  locationLng: string;
}

const EMPTY: FormValues = {
  permitTypeId: '',
  applicationNumber: '',
  subject: '',
  description: '',
  incidentDate: '',
  anonymous: false,
  confidential: false,
  name: '',
  email: '',
  phone: '',
  address: '',
  emailCopy: false,
  preferredChannel: '',
  consent: false,
  homepage: '',
  locationAddress: '',
  locationLat: '',
  locationLng: '',
};

/** Field paths in page order, so the summary lists problems top to bottom. */
const ORDER = ['permitTypeId', 'applicationNumber', 'subject', 'description', 'incidentDate', 'attachments', 'location.address', 'location.lat', 'location.lng', 'anonymous', 'confidential', 'reporter.name', 'reporter.email', 'reporter.phone', 'reporter.preferredChannel', 'reporter.address', 'consent'];

type ReporterChannel = 'email' | 'whatsapp' | 'sms';
const CHANNEL_LABELS = { email: M.channelEmail, whatsapp: M.channelWhatsapp, sms: M.channelSms } as const;

/** The ways back the reporter can choose now: email when typed, the office's phone channels when a number is typed. */
function channelOptions(values: Pick<FormValues, 'email' | 'phone'>, offered: readonly ReporterChannel[]): ReporterChannel[] {
  const phoneChannels = offered.filter((c) => c !== 'email');
  return [...(values.email.trim() ? (['email'] as const) : []), ...(values.phone.trim() ? phoneChannels : [])];
}

/** The form's email check, also used by the receipt's mail copy. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_INVALID: Bilingual = M.emailInvalid;

type Errors = Record<string, string>;

/** Where it happened, when the reporter said: the address, the pin, or both. */
function locationBody(v: FormValues): { location?: { address?: string; lat?: number; lng?: number } } {
  const address = v.locationAddress.trim();
  const pin = v.locationLat && v.locationLng ? { lat: Number(v.locationLat), lng: Number(v.locationLng) } : null;
  if (!address && !pin) return {};
  return { location: { ...(address ? { address } : {}), ...(pin ?? {}) } };
}

/** A send that moves no byte for this long is given up, so the reporter can press send again. */
const STALL_MS = 60_000;

export function ComplaintForm() {
  const { t, lang } = useLanguage();
  const [draft] = useState(() => loadDraft(EMPTY));
  const [values, setValues] = useState<FormValues>(draft.values);
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | undefined>();
  const fileCheck = useRef(0);
  const [errors, setErrors] = useState<Errors>({});
  const [formMessage, setFormMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<SendProgressValue | null>(null);
  const portalInfo = usePortalInfo();
  useErrorTitle(Object.keys(errors).length > 0 || formMessage !== undefined || fileError !== undefined);

  useEffect(() => saveDraft({ values, submissionKey: draft.submissionKey }), [values, draft.submissionKey]);

  /** Each choice or removal is checked at once; only the newest check's answer counts. */
  function chooseFiles(next: File[]) {
    setFiles(next);
    const check = ++fileCheck.current;
    void checkChosenFiles(next, portalInfo, t, lang).then((problem) => {
      if (check !== fileCheck.current) return;
      setFileError(problem);
      setErrors(({ attachments: _old, ...rest }) => (problem && _old ? { ...rest, attachments: problem } : rest));
    });
  }
  const [permitTypes, setPermitTypes] = useState<PermitType[]>([]);
  const [search, setSearch] = useState('');
  const [similarAsked, setSimilarAsked] = useState(false);

  useEffect(() => {
    api<{ items: PermitType[] }>('GET', '/api/public/permit-types')
      .then((body) => setPermitTypes(body.items))
      .catch(() => setPermitTypes([]));
  }, []);

  // The duplicate hint: the office mails an open complaint's number to its own reporter; the answer,
  // and so this page, never says whether one matched.
  const { applicationNumber, email, phone } = values;
  useEffect(() => {
    const query = {
      ...(applicationNumber.trim().length >= 3 ? { applicationNumber: applicationNumber.trim() } : {}),
      ...(EMAIL.test(email.trim()) ? { email: email.trim() } : {}),
      ...(PHONE.test(phone.trim()) ? { phone: phone.trim() } : {}),
    };
    if (Object.keys(query).length === 0) {
      setSimilarAsked(false);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api<{ mailedIfOpen: boolean }>('POST', '/api/public/complaints/similar', { json: query, signal: controller.signal })
        .then((body) => setSimilarAsked(body.mailedIfOpen))
        .catch(() => undefined);
    }, 700);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [applicationNumber, email, phone]);

  const visiblePermits = useMemo(() => {
    const q = search.trim().toLowerCase();
    const matches = q ? permitTypes.filter((p) => `${p.name} ${p.code} ${p.category}`.toLowerCase().includes(q)) : permitTypes;
    // Never hide the chosen one, or the select would silently change.
    const chosen = permitTypes.find((p) => String(p.id) === values.permitTypeId);
    return chosen && !matches.includes(chosen) ? [chosen, ...matches] : matches;
  }, [permitTypes, search, values.permitTypeId]);
  const categories = useMemo(() => [...new Set(visiblePermits.map((p) => p.category))], [visiblePermits]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  // Offered only when the office has a phone channel and a number is typed; otherwise mail, as always.
  const options = channelOptions(values, portalInfo?.reporterChannels ?? []);
  const showChannels = values.phone.trim() !== '' && options.some((c) => c !== 'email');
  const chosenChannel = showChannels ? (values.preferredChannel && options.includes(values.preferredChannel) ? values.preferredChannel : options[0]) : undefined;

  function validate(v: FormValues): Errors {
    const e: Errors = {};
    const subject = v.subject.trim();
    const description = v.description.trim();
    if (subject.length < 5) e.subject = t(M.subjectShort);
    else if (subject.length > SUBJECT_MAX) e.subject = t(M.subjectLong);
    if (description.length < 20) e.description = t(M.descriptionShort);
    else if (description.length > DESCRIPTION_MAX) e.description = t(M.descriptionLong);
    if (fileError) e.attachments = fileError;
    if (v.email.trim() && !EMAIL.test(v.email.trim())) e['reporter.email'] = t(M.emailInvalid);
    if (v.phone.trim() && !PHONE.test(v.phone.trim())) e['reporter.phone'] = t(PHONE_INVALID);
    if (!v.anonymous) {
      if (!v.name.trim()) e['reporter.name'] = t(M.nameRequired);
      if (!v.email.trim() && !v.phone.trim() && !e['reporter.email']) e['reporter.email'] = t(M.contactRequired);
    }
    if (!v.consent) e.consent = t(M.consentRequired);
    return e;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = validate(values);
    setErrors(found);
    setFormMessage(undefined);
    if (Object.keys(found).length) return;
    const body = {
      reporter: { name: values.name, email: values.email, phone: values.phone, address: values.address, ...(chosenChannel ? { preferredChannel: chosenChannel } : {}) },
      anonymous: values.anonymous,
      confidential: values.confidential,
      permitTypeId: values.permitTypeId ? Number(values.permitTypeId) : null,
      ...(values.applicationNumber.trim() ? { applicationNumber: values.applicationNumber } : {}),
      subject: values.subject,
      description: values.description,
      ...(values.incidentDate ? { incidentDate: values.incidentDate } : {}),
      ...locationBody(values),
      language: lang,
      emailCopy: values.emailCopy && values.email.trim() !== '' && (chosenChannel ?? 'email') === 'email',
      consent: true,
      ...(values.homepage ? { homepage: values.homepage } : {}),
    };
    setBusy(true);
    setProgress(files.length ? { loaded: 0, total: files.reduce((sum, f) => sum + f.size, 0) } : null);
    // The receipt's QR code comes in its own small chunk: fetch it while the connection is known to work.
    void import('./receipt-qr').catch(() => undefined);
    // The same key on every try of this draft: a send that arrived but whose answer was lost files nothing new.
    const headers = { 'idempotency-key': draft.submissionKey };
    try {
      const receipt = files.length
        ? await upload<SubmissionReceipt>('/api/public/complaints', {
            jsonField: 'complaint',
            json: body,
            files,
            headers,
            stallMs: STALL_MS,
            onProgress: (_fraction, loaded, total) => setProgress({ loaded, total }),
          })
        : await api<SubmissionReceipt>('POST', '/api/public/complaints', { json: body, headers });
      saveReceipt({ ...receipt, ...(values.email.trim() ? { email: values.email.trim() } : {}) });
      clearDraft();
      navigate(PATHS.receipt);
    } catch (e) {
      setBusy(false);
      setProgress(null);
      if (e instanceof ApiError && (e.isNetwork || e.status >= 500)) {
        setFormMessage(t(M.notSent, { why: t(e.isNetwork ? M.whyNetwork : M.whyServer) }));
      } else if (e instanceof ApiError && e.fields.length) {
        const server: Errors = {};
        for (const f of e.fields) {
          const path = f.path.startsWith('attachments') ? 'attachments' : f.path;
          server[path] ??= f.message;
        }
        setErrors(server);
        const placed = Object.keys(server).some((p) => ORDER.includes(p));
        setFormMessage(placed ? undefined : problemMessage(e, t));
        if (!placed) setErrors({});
      } else {
        setFormMessage(problemMessage(e, t));
      }
    }
  }

  const summary: SummaryItem[] = Object.entries(errors)
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([path, message]) => ({ path, message }));
  const descriptionLength = values.description.length;

  return (
    <>
      <h1 tabIndex={-1}>{t(M.title)}</h1>
      <p>{t(M.intro)}</p>
      <p className="hint">{t(M.draftKept)}</p>
      <ErrorSummary items={summary} message={formMessage} />
      <form onSubmit={submit} noValidate className="form">
        <fieldset>
          <legend>{t(M.aboutPermit)}</legend>
          <div className="field">
            <label htmlFor="permit-search">{t(M.permitSearch)}</label>
            <div id="permit-search-hint" className="hint">
              {t(M.permitSearchHint)}
            </div>
            <input
              id="permit-search"
              type="search"
              autoComplete="off"
              aria-describedby="permit-search-hint permit-search-count"
              aria-controls="f-permitTypeId"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <p id="permit-search-count" className="hint" aria-live="polite">
              {search.trim() ? (visiblePermits.length === 1 ? t(M.permitMatchesOne) : t(M.permitMatches, { n: visiblePermits.length })) : ''}
            </p>
          </div>
          <Field path="permitTypeId" label={t(M.permitType)} error={errors.permitTypeId}>
            {(props) => (
              <select {...props} value={values.permitTypeId} onChange={(e) => set('permitTypeId', e.target.value)}>
                <option value="">{t(M.permitUnknown)}</option>
                {categories.map((category) => (
                  <optgroup key={category} label={category}>
                    {visiblePermits
                      .filter((p) => p.category === category)
                      .map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field path="applicationNumber" label={t(M.applicationNumber)} hint={t(M.applicationNumberHint)} error={errors.applicationNumber}>
            {(props) => <input {...props} type="text" maxLength={60} autoComplete="off" value={values.applicationNumber} onChange={(e) => set('applicationNumber', e.target.value)} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t(M.aboutComplaint)}</legend>
          <Field path="subject" label={t(M.subject)} hint={t(M.subjectHint)} error={errors.subject} required>
            {(props) => <input {...props} type="text" maxLength={SUBJECT_MAX} value={values.subject} onChange={(e) => set('subject', e.target.value)} />}
          </Field>
          <Field
            path="description"
            label={t(M.description)}
            hint={
              <>
                {t(M.descriptionHint)}{' '}
                <span className={descriptionLength > DESCRIPTION_MAX ? 'error-text' : undefined}>
                  {t(M.count, { n: formatNumber(descriptionLength, lang), max: formatNumber(DESCRIPTION_MAX, lang) })}
                </span>
              </>
            }
            error={errors.description}
            required
          >
            {(props) => <textarea {...props} rows={6} value={values.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <KnowledgeHints permitTypeId={values.permitTypeId} text={`${values.subject}\n${values.description}`} />
          <Field path="incidentDate" label={t(M.incidentDate)} error={errors.incidentDate}>
            {(props) => <input {...props} type="date" value={values.incidentDate} onChange={(e) => set('incidentDate', e.target.value)} />}
          </Field>
          <AttachmentPicker path="attachments" files={files} onChange={chooseFiles} error={errors.attachments ?? fileError} />
        </fieldset>

        <LocationPicker
          value={{ address: values.locationAddress, lat: values.locationLat, lng: values.locationLng }}
          onChange={(next) => setValues((v) => ({ ...v, locationAddress: next.address, locationLat: next.lat, locationLng: next.lng }))}
          errors={errors}
          portalInfo={portalInfo}
        />

        <fieldset>
          <legend>{t(M.privacyChoices)}</legend>
          <div className="check">
            <input id="f-anonymous" type="checkbox" aria-describedby="f-anonymous-hint" checked={values.anonymous} onChange={(e) => set('anonymous', e.target.checked)} />
            <label htmlFor="f-anonymous">{t(M.anonymous)}</label>
            <p id="f-anonymous-hint" className="hint">
              {t(M.anonymousHint)}
            </p>
          </div>
          <div className="check">
            <input id="f-confidential" type="checkbox" aria-describedby="f-confidential-hint" checked={values.confidential} onChange={(e) => set('confidential', e.target.checked)} />
            <label htmlFor="f-confidential">{t(M.confidential)}</label>
            <p id="f-confidential-hint" className="hint">
              {t(M.confidentialHint)}
            </p>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t(M.contact)}</legend>
          <p className="hint">{t(values.anonymous ? M.contactHintAnonymous : M.contactHint)}</p>
          <Field path="reporter.name" label={t(M.name)} error={errors['reporter.name']} required={!values.anonymous}>
            {(props) => <input {...props} type="text" autoComplete="name" maxLength={120} value={values.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <fieldset className="subgroup">
            <legend>{t(values.anonymous ? M.reachOptional : M.reachOne)}</legend>
            <Field path="reporter.email" label={t(M.email)} error={errors['reporter.email']} optionalMark={false}>
              {(props) => <input {...props} type="email" autoComplete="email" inputMode="email" maxLength={254} value={values.email} onChange={(e) => set('email', e.target.value)} />}
            </Field>
            {values.email.trim() !== '' && (chosenChannel ?? 'email') === 'email' && (
              <div className="check">
                <input id="f-emailCopy" type="checkbox" checked={values.emailCopy} onChange={(e) => set('emailCopy', e.target.checked)} />
                <label htmlFor="f-emailCopy">{t(M.emailCopy)}</label>
              </div>
            )}
            <Field path="reporter.phone" label={t(M.phone)} hint={t(M.phoneHint)} error={errors['reporter.phone']} optionalMark={false}>
              {(props) => <input {...props} type="tel" autoComplete="tel" inputMode="tel" maxLength={20} value={values.phone} onChange={(e) => set('phone', e.target.value)} />}
            </Field>
            {showChannels && (
              <fieldset className="subgroup" id={fieldId('reporter.preferredChannel')} aria-describedby="f-channel-hint">
                <legend>{t(M.channel)}</legend>
                <p id="f-channel-hint" className="hint">
                  {t(M.channelHint)}
                </p>
                {errors['reporter.preferredChannel'] && <p className="error-text">{errors['reporter.preferredChannel']}</p>}
                {options.map((c) => (
                  <div className="check" key={c}>
                    <input id={`f-channel-${c}`} type="radio" name="preferredChannel" value={c} checked={chosenChannel === c} onChange={() => set('preferredChannel', c)} />
                    <label htmlFor={`f-channel-${c}`}>{t(CHANNEL_LABELS[c])}</label>
                  </div>
                ))}
              </fieldset>
            )}
          </fieldset>
          <Field path="reporter.address" label={t(M.address)} error={errors['reporter.address']}>
            {(props) => <textarea {...props} rows={2} autoComplete="street-address" maxLength={300} value={values.address} onChange={(e) => set('address', e.target.value)} />}
          </Field>
        </fieldset>

        <div className="honeypot" aria-hidden="true">
          <label htmlFor="f-homepage">{t(M.honeypot)}</label>
          <input id="f-homepage" name="homepage" type="text" tabIndex={-1} autoComplete="off" value={values.homepage} onChange={(e) => set('homepage', e.target.value)} />
        </div>

        <fieldset>
          <legend>{t(M.consentTitle)}</legend>
          <p>{t(M.consentNotice)}</p>
          <p>
            <Link href={PATHS.privacy}>{t(M.privacyLink)}</Link>
          </p>
          <div className={errors.consent ? 'check field-error' : 'check'}>
            {errors.consent && (
              <p id="f-consent-error" className="error-text">
                {errors.consent}
              </p>
            )}
            <input
              id="f-consent"
              type="checkbox"
              aria-required="true"
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? 'f-consent-error' : undefined}
              checked={values.consent}
              onChange={(e) => set('consent', e.target.checked)}
            />
            <label htmlFor="f-consent">{t(M.consent)}</label>
          </div>
        </fieldset>

        {similarAsked && (
          <div className="notice" role="status">
            <p>{t(M.similar)}</p>
            <p>
              <Link href={PATHS.track}>{t(M.trackLink)}</Link>
            </p>
          </div>
        )}
        <SendProgress progress={progress} />
        <Button type="submit" busy={busy}>
          {busy ? t(COMMON.sending) : t(M.submit)}
        </Button>
      </form>
    </>
  );
}
