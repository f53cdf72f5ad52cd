import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, upload } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage, StateBadge } from '../shared/components';
import { formatBytes, formatDate, formatDateTime, useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON, DEADLINE_KINDS, EVENT_NAMES, isStateName, MESSAGE_KINDS, STATE_EXPLANATIONS } from '../shared/messages';
import { workingTimeText } from '../shared/working-time';
import { AttachmentPicker, checkFiles, UploadProgress } from './Attachments';
import { PersonalDataRequests } from './PersonalDataRequests';
import { takeTrackingHandoff } from './receipt-store';
import { RecoverAccess } from './RecoverAccess';
import { Link, PATHS } from './router';
import { forgetTracking, rememberedTracking, rememberTracking } from './track-session';
import { Survey, SurveyThanks } from './Survey';
import { accessHeaders, complaintUrl, NUMBER_INVALID, TRACKING_NUMBER, type Access, type PublicComplaint } from './tracking-api';

/** A duplicate merged into its original (decision 0030): its reporter follows the original's progress here. */
const MERGED_NOTICE = {
  id: 'Pengaduan ini ditangani bersama pengaduan {tn} yang membahas hal yang sama. Tahap penanganannya sekarang:',
  en: 'This complaint is handled together with complaint {tn}, about the same matter. Where its handling stands now:',
};

const M = {
  title: { id: 'Lacak pengaduan', en: 'Track a complaint' },
  intro: { id: 'Masukkan nomor pengaduan dan kode akses dari tanda terima Anda.', en: 'Enter the tracking number and access code from your receipt.' },
  trackingNumber: { id: 'Nomor pengaduan', en: 'Tracking number' },
  trackingNumberHint: { id: 'Contoh: ADU-2026-000123', en: 'For example: ADU-2026-000123' },
  accessCode: { id: 'Kode akses', en: 'Access code' },
  accessCodeHint: { id: '10 huruf dan angka, spasi boleh.', en: '10 letters and digits; spaces are fine.' },
  show: { id: 'Tampilkan', en: 'Show' },
  codeRequired: { id: 'Kode akses wajib diisi.', en: 'The access code is required.' },
  complaint: { id: 'Pengaduan {tn}', en: 'Complaint {tn}' },
  received: { id: 'Diterima', en: 'Received' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
  subject: { id: 'Judul', en: 'Subject' },
  description: { id: 'Uraian', en: 'Description' },
  timeLeft: { id: '{time} lagi', en: '{time} left' },
  overdueBy: { id: 'terlambat {time}', en: 'overdue by {time}' },
  paused: { id: 'Batas waktu berhenti sementara selama menunggu balasan Anda.', en: 'The deadline is paused while the office waits for your reply.' },
  timeline: { id: 'Riwayat', en: 'History' },
  messages: { id: 'Pesan', en: 'Messages' },
  fromOffice: { id: 'Petugas', en: 'The office' },
  fromYou: { id: 'Anda', en: 'You' },
  noMessages: { id: 'Belum ada pesan.', en: 'No messages yet.' },
  answer: { id: 'Jawaban', en: 'Answer' },
  publishedAt: { id: 'Diterbitkan {date}', en: 'Published {date}' },
  replyTitle: { id: 'Balas permintaan klarifikasi', en: 'Reply to the request for clarification' },
  question: { id: 'Pertanyaan petugas', en: 'The office asks' },
  infoTitle: { id: 'Tambah keterangan', en: 'Add information' },
  infoHint: {
    id: 'Kirim keterangan atau bukti tambahan kapan saja selama pengaduan masih diproses. Petugas akan diberi tahu.',
    en: 'Send more information or evidence at any time while the complaint is open. The office will be told.',
  },
  info: { id: 'Keterangan tambahan', en: 'More information' },
  sendInfo: { id: 'Kirim keterangan', en: 'Send information' },
  infoRequired: { id: 'Tulis keterangan Anda.', en: 'Write your information.' },
  infoSent: { id: 'Keterangan terkirim. Petugas akan diberi tahu.', en: 'Information sent. The office will be told.' },
  yourFiles: { id: 'Lampiran Anda', en: 'Your attachments' },
  withComplaint: { id: 'dikirim bersama pengaduan', en: 'sent with the complaint' },
  withMessage: { id: 'dikirim bersama {kind} {date}', en: 'sent with the {kind} of {date}' },
  confirmAccept: {
    id: 'Terima jawaban ini? Pengaduan akan ditutup dan tidak dapat diajukan keberatan lagi.',
    en: 'Accept this answer? The complaint will be closed and can no longer be disputed.',
  },
  confirmYes: { id: 'Ya, tutup pengaduan', en: 'Yes, close the complaint' },
  signOut: { id: 'Keluar', en: 'Sign out' },
  lostCode: { id: 'Lupa kode akses?', en: 'Lost your access code?' },
  mine: { id: 'Lihat semua pengaduan saya lewat email', en: 'See all my complaints by email' },
  restoreFailed: { id: 'Pengaduan tidak dapat dibuka lagi. Masukkan nomor dan kode akses.', en: 'The complaint could not be opened again. Enter the number and access code.' },
  reply: { id: 'Balasan Anda', en: 'Your reply' },
  sendReply: { id: 'Kirim balasan', en: 'Send reply' },
  replyRequired: { id: 'Tulis balasan Anda.', en: 'Write your reply.' },
  replySent: { id: 'Balasan terkirim. Terima kasih.', en: 'Reply sent. Thank you.' },
  decideTitle: { id: 'Apakah jawaban ini menyelesaikan masalah Anda?', en: 'Does this answer solve your problem?' },
  accept: { id: 'Ya, terima jawaban', en: 'Yes, accept the answer' },
  dispute: { id: 'Tidak, ajukan keberatan', en: 'No, dispute it' },
  disputeReason: { id: 'Alasan keberatan', en: 'Why you disagree' },
  disputeHint: { id: 'Jelaskan apa yang belum terselesaikan. Pengaduan akan dibuka kembali.', en: 'Say what is still unresolved. The complaint will be reopened.' },
  disputeShort: { id: 'Alasan paling sedikit 5 karakter.', en: 'The reason needs at least 5 characters.' },
  sendDispute: { id: 'Kirim keberatan', en: 'Send dispute' },
  cancel: { id: 'Batal', en: 'Cancel' },
  accepted: { id: 'Terima kasih. Pengaduan ditutup.', en: 'Thank you. The complaint is closed.' },
  disputed: { id: 'Keberatan terkirim. Pengaduan dibuka kembali.', en: 'Dispute sent. The complaint has been reopened.' },
  autoCloseNote: {
    id: 'Bila tidak ada tanggapan, pengaduan ditutup otomatis pada {date}.',
    en: 'Without a response, the complaint closes automatically on {date}.',
  },
  other: { id: 'Lacak pengaduan lain', en: 'Track another complaint' },
  attachmentsOf: { id: 'Lampiran:', en: 'Attachments:' },
} as const satisfies Record<string, Bilingual>;


/** Only a reload of this tab (once per page load) brings back the complaint it showed; a fresh visit asks. */
let reloadChecked = false;
function reloadedTracking(): Access | null {
  if (reloadChecked) return null;
  reloadChecked = true;
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return navigation?.type === 'reload' ? rememberedTracking() : null;
}

export function Track() {
  const { t } = useLanguage();
  const [number, setNumber] = useState(() => new URLSearchParams(window.location.search).get('nomor')?.toUpperCase() ?? '');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [access, setAccess] = useState<Access | null>(null);
  const [complaint, setComplaint] = useState<PublicComplaint | null>(null);
  const [recovering, setRecovering] = useState(false);

  async function lookUp(next: Access, restoring = false) {
    setBusy(true);
    setMessage(undefined);
    try {
      const found = await api<PublicComplaint>('GET', complaintUrl(next), { headers: accessHeaders(next) });
      rememberTracking(next);
      setAccess(next);
      setComplaint(found);
    } catch (e) {
      if (restoring) forgetTracking();
      setMessage(restoring ? t(M.restoreFailed) : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  // Coming from the receipt or "my complaints", or reloading this tab: look it up at once.
  const handedOver = useRef(false);
  useEffect(() => {
    if (handedOver.current) return;
    handedOver.current = true;
    const handoff = takeTrackingHandoff();
    const remembered = handoff ? null : reloadedTracking();
    const next = handoff ?? remembered;
    if (next) {
      setNumber(next.trackingNumber);
      setCode(next.accessCode);
      void lookUp(next, remembered !== null);
    }
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trackingNumber = number.trim().toUpperCase();
    const accessCode = code.replace(/[\s-]/g, '').toUpperCase();
    const found: Record<string, string> = {};
    if (!TRACKING_NUMBER.test(trackingNumber)) found.trackingNumber = t(NUMBER_INVALID);
    if (!accessCode) found.accessCode = t(M.codeRequired);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage(undefined);
      return;
    }
    void lookUp({ trackingNumber, accessCode });
  }

  if (complaint && access) {
    return (
      <ComplaintDetail
        complaint={complaint}
        access={access}
        onChange={setComplaint}
        onLeave={(signOut) => {
          forgetTracking();
          // Signed in through "my complaints": "Keluar" ends that session too.
          if (signOut && !access.accessCode) void api('POST', '/api/public/my-complaints/sign-out').catch(() => undefined);
          setComplaint(null);
          setAccess(null);
          setCode('');
        }}
      />
    );
  }

  const summary = Object.entries(errors).map(([path, m]) => ({ path, message: m }));
  return (
    <>
      <h1 tabIndex={-1}>{t(M.title)}</h1>
      <p>{t(M.intro)}</p>
      <ErrorSummary items={summary} message={message} />
      <form onSubmit={submit} noValidate className="form">
        <Field path="trackingNumber" label={t(M.trackingNumber)} hint={t(M.trackingNumberHint)} error={errors.trackingNumber} required>
          {(props) => <input {...props} type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} value={number} onChange={(e) => setNumber(e.target.value)} />}
        </Field>
        <Field path="accessCode" label={t(M.accessCode)} hint={t(M.accessCodeHint)} error={errors.accessCode} required>
          {(props) => <input {...props} type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />}
        </Field>
        <Button type="submit" busy={busy}>
          {busy ? t(COMMON.loading) : t(M.show)}
        </Button>
      </form>
      <p>
        <Button variant="link" aria-expanded={recovering} aria-controls="recover-access" onClick={() => setRecovering((r) => !r)}>
          {t(M.lostCode)}
        </Button>
      </p>
      {recovering && <RecoverAccess id="recover-access" initialNumber={number.trim().toUpperCase()} />}
      <p>
        <Link href={PATHS.mine}>{t(M.mine)}</Link>
      </p>
    </>
  );
}

function DeadlineLine({ deadline }: { deadline: NonNullable<PublicComplaint['deadline']> }) {
  const { t, lang } = useLanguage();
  const kind = DEADLINE_KINDS[deadline.kind];
  // The same reading of the working time as the office's (shared/working-time.ts).
  const time = workingTimeText(deadline.workingDaysLeft, t, lang);
  return (
    <p className={deadline.overdue ? 'deadline deadline-overdue' : 'deadline'}>
      <strong>{kind ? t(kind) : ''}</strong> {formatDateTime(deadline.dueAt, lang)} ({t(deadline.overdue ? M.overdueBy : M.timeLeft, { time })})
    </p>
  );
}

type Message = PublicComplaint['messages'][number];

function ComplaintDetail({
  complaint,
  access,
  onChange,
  onLeave,
}: {
  complaint: PublicComplaint;
  access: Access;
  onChange: (c: PublicComplaint) => void;
  onLeave: (signOut: boolean) => void;
}) {
  const { t, lang } = useLanguage();
  const [status, setStatus] = useState<string | undefined>();
  const state = isStateName(complaint.state) ? complaint.state : null;
  const update = (next: PublicComplaint, note: Bilingual) => {
    onChange(next);
    setStatus(t(note));
  };
  // The pending question stands in the reply panel, the published answer under "Jawaban": each shown once.
  const question = complaint.canReply ? [...complaint.messages].reverse().find((m) => m.kind === 'clarification_request') : undefined;
  const answerMessage = complaint.answer ? [...complaint.messages].reverse().find((m) => m.kind === 'answer') : undefined;
  const history = complaint.messages.filter((m) => m !== question && m !== answerMessage);
  const kindOf = (m: Message) => t(MESSAGE_KINDS[m.kind] ?? MESSAGE_KINDS.message ?? M.messages);
  return (
    <article aria-labelledby="complaint-title">
      <h1 id="complaint-title" tabIndex={-1}>
        {t(M.complaint, { tn: complaint.trackingNumber })}
      </h1>
      <p role="status" className={status ? 'notice notice-success' : 'visually-hidden'}>
        {status}
      </p>
      <div className="state-line">
        <span className="muted">{t(COMMON.state)}:</span> {state && <StateBadge state={state} />}
      </div>
      {state && <p>{t(STATE_EXPLANATIONS[state])}</p>}
      {complaint.mergedInto && (
        <p className="notice" data-testid="merged-into">
          {t(MERGED_NOTICE, { tn: complaint.mergedInto.trackingNumber })} <StateBadge state={complaint.mergedInto.state} />
        </p>
      )}
      {complaint.deadline ? <DeadlineLine deadline={complaint.deadline} /> : complaint.state === 'clarification' ? <p className="deadline">{t(M.paused)}</p> : null}

      {complaint.canReply && <MessageForm mode="reply" question={question} access={access} onDone={(c) => update(c, M.replySent)} />}

      {complaint.answer && (
        <section className="answer" aria-labelledby="answer-title">
          <h2 id="answer-title">{t(M.answer)}</h2>
          <p className="muted">{t(M.publishedAt, { date: formatDateTime(complaint.answer.publishedAt, lang) })}</p>
          <p className="prewrap">{complaint.answer.body}</p>
        </section>
      )}
      {complaint.canAcceptOrDispute && <AnswerDecision access={access} deadline={complaint.deadline} onDone={update} />}
      {complaint.canRate && <Survey access={access} onDone={onChange} />}
      {complaint.survey && <SurveyThanks />}

      <dl className="facts">
        <div>
          <dt>{t(M.received)}</dt>
          <dd>{formatDateTime(complaint.receivedAt, lang)}</dd>
        </div>
        {complaint.permitType && (
          <div>
            <dt>{t(M.permitType)}</dt>
            <dd>{complaint.permitType}</dd>
          </div>
        )}
        <div>
          <dt>{t(M.subject)}</dt>
          <dd>{complaint.subject}</dd>
        </div>
        <div>
          <dt>{t(M.description)}</dt>
          <dd className="prewrap">{complaint.description}</dd>
        </div>
      </dl>

      {complaint.attachments.length > 0 && (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t(M.yourFiles)}</h2>
          <ul className="file-list" id="your-files">
            {complaint.attachments.map((a) => {
              const m = complaint.messages.find((x) => x.id === a.messageId);
              return (
                <li key={a.id}>
                  <span>
                    {a.name} <span className="muted">({formatBytes(a.sizeBytes, lang)})</span> —{' '}
                    {m ? <a href={`#pesan-${m.id}`}>{t(M.withMessage, { kind: kindOf(m).toLowerCase(), date: formatDateTime(m.at, lang) })}</a> : t(M.withComplaint)}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="messages-title">
        <h2 id="messages-title">{t(M.messages)}</h2>
        {history.length === 0 ? (
          <p>{t(M.noMessages)}</p>
        ) : (
          <ol className="messages">
            {history.map((m) => (
              <li key={m.id} id={`pesan-${m.id}`} className={m.from === 'office' ? 'message message-office' : 'message message-reporter'}>
                <p className="message-head">
                  <strong>{t(m.from === 'office' ? M.fromOffice : M.fromYou)}</strong> · {kindOf(m)} · <span className="muted">{formatDateTime(m.at, lang)}</span>
                </p>
                <p className="prewrap">{m.body}</p>
                {m.attachments.length > 0 && (
                  <p className="muted">
                    {t(M.attachmentsOf)} {m.attachments.map((a) => a.name).join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {complaint.canAddInformation && <MessageForm mode="info" access={access} onDone={(c) => update(c, M.infoSent)} />}

      <PersonalDataRequests access={access} />

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t(M.timeline)}</h2>
        <ol className="timeline">
          {complaint.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{formatDate(e.at, lang)}</time> — {EVENT_NAMES[e.type] ? t(EVENT_NAMES[e.type] as Bilingual) : e.type}
            </li>
          ))}
        </ol>
      </section>
      <div className="actions">
        <Button variant="secondary" onClick={() => onLeave(true)}>
          {t(M.signOut)}
        </Button>
        <Button variant="link" onClick={() => onLeave(false)}>
          {t(M.other)}
        </Button>
      </div>
    </article>
  );
}

/** The reply to a clarification (its question right above the box) or more information at any time, each with files. */
function MessageForm({ mode, question, access, onDone }: { mode: 'reply' | 'info'; question?: Message | undefined; access: Access; onDone: (c: PublicComplaint) => void }) {
  const { t, lang } = useLanguage();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const reply = mode === 'reply';
  const path = reply ? 'message' : 'information';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!text.trim()) found[path] = t(reply ? M.replyRequired : M.infoRequired);
    const fileProblem = checkFiles(files, t);
    if (fileProblem) found.attachments = fileProblem;
    setErrors(found);
    setMessage(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    setProgress(files.length ? 0 : null);
    try {
      const url = complaintUrl(access, reply ? '/replies' : '/messages');
      const headers = accessHeaders(access);
      const next = files.length
        ? await upload<PublicComplaint>(url, { jsonField: 'reply', json: { message: text }, files, headers, onProgress: setProgress })
        : await api<PublicComplaint>('POST', url, { json: { message: text }, headers });
      setText('');
      setFiles([]);
      setBusy(false);
      setProgress(null);
      onDone(next);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        setErrors(Object.fromEntries(e.fields.map((f) => [f.path.startsWith('attachments') ? 'attachments' : path, f.message])));
      } else setMessage(problemMessage(e, t));
      setBusy(false);
      setProgress(null);
    }
  }

  const titleId = `${mode}-title`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(reply ? M.replyTitle : M.infoTitle)}</h2>
      {!reply && <p className="hint">{t(M.infoHint)}</p>}
      <ErrorSummary items={Object.entries(errors).map(([p, m]) => ({ path: p, message: m }))} message={message} />
      <form onSubmit={submit} noValidate className="form">
        {question && (
          <figure className="question" id="clarification-question">
            <figcaption>
              <strong>{t(M.question)}</strong> <span className="muted">{formatDateTime(question.at, lang)}</span>
            </figcaption>
            <blockquote className="prewrap">{question.body}</blockquote>
          </figure>
        )}
        <Field path={path} label={t(reply ? M.reply : M.info)} error={errors[path]} required>
          {(props) => <textarea {...props} rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <AttachmentPicker path="attachments" files={files} onChange={setFiles} error={errors.attachments} />
        <UploadProgress fraction={progress} />
        <Button type="submit" busy={busy}>
          {busy ? t(COMMON.sending) : t(reply ? M.sendReply : M.sendInfo)}
        </Button>
      </form>
    </section>
  );
}

function AnswerDecision({
  access,
  deadline,
  onDone,
}: {
  access: Access;
  deadline: PublicComplaint['deadline'];
  onDone: (c: PublicComplaint, note: Bilingual) => void;
}) {
  const { t, lang } = useLanguage();
  const [disputing, setDisputing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function send(path: '/accept' | '/dispute', json: Record<string, string>, note: Bilingual) {
    setBusy(true);
    setMessage(undefined);
    try {
      onDone(await api<PublicComplaint>('POST', complaintUrl(access, path), { json, headers: accessHeaders(access) }), note);
    } catch (e) {
      if (e instanceof ApiError && e.fields[0]) setError(e.fields[0].message);
      else setMessage(problemMessage(e, t));
      setBusy(false);
    }
  }

  function dispute(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 5) {
      setError(t(M.disputeShort));
      return;
    }
    setError(undefined);
    void send('/dispute', { reason }, M.disputed);
  }

  return (
    <section className="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">{t(M.decideTitle)}</h2>
      {deadline?.kind === 'auto_close' && <p className="hint">{t(M.autoCloseNote, { date: formatDate(deadline.dueAt, lang) })}</p>}
      <ErrorSummary items={error ? [{ path: 'reason', message: error }] : []} message={message} />
      {confirming ? (
        // The second step: closing cannot be undone, so it is asked once more.
        <div role="group" aria-labelledby="confirm-accept" className="confirm">
          <p id="confirm-accept" tabIndex={-1} ref={confirmRef}>
            <strong>{t(M.confirmAccept)}</strong>
          </p>
          <div className="actions">
            <Button busy={busy} onClick={() => void send('/accept', {}, M.accepted)}>
              {t(M.confirmYes)}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t(M.cancel)}
            </Button>
          </div>
        </div>
      ) : !disputing ? (
        <div className="actions">
          <Button onClick={() => setConfirming(true)}>{t(M.accept)}</Button>
          <Button variant="secondary" onClick={() => setDisputing(true)}>
            {t(M.dispute)}
          </Button>
        </div>
      ) : (
        <form onSubmit={dispute} noValidate className="form">
          <Field path="reason" label={t(M.disputeReason)} hint={t(M.disputeHint)} error={error} required>
            {(props) => <textarea {...props} rows={4} maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />}
          </Field>
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t(M.sendDispute)}
            </Button>
            <Button variant="secondary" onClick={() => setDisputing(false)}>
              {t(M.cancel)}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
