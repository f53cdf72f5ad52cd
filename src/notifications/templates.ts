/**
 * Mail templates, HTML and plain text, Indonesian and English. Pure: data in, rendered mail out.
 * Each template is a list of blocks so the text and HTML versions always say the same thing.
 * Staff mails never carry the reporter's identity: an officer of a related division may not see
 * an anonymous reporter's name, and a mailbox is a poor place for personal data anyway.
 */

export type MailLanguage = 'id' | 'en';

export type ClosedOutcome = 'closed' | 'auto_closed' | 'accepted' | 'rejected' | 'referred';
export type DeadlineKind = 'first_response' | 'answer' | 'follow_up';

/** Hand-offs inside the office that go out as one `team_notice` mail (src/team/notices.ts). */
export type TeamNoticeKind = 'assigned' | 'unassigned' | 'draft_returned' | 'approval_awaited' | 'reporter_replied' | 'follow_up_done' | 'answer_approved';

export type TemplateData =
  | { kind: 'receipt'; trackingNumber: string; subject: string; receivedAt: string; firstResponseDueAt: string; accessCode: string | null }
  | { kind: 'clarification_request'; trackingNumber: string; message: string }
  | { kind: 'answer_published'; trackingNumber: string; answer: string; closeDueAt: string | null }
  | { kind: 'closed'; trackingNumber: string; outcome: ClosedOutcome; message: string | null; referredTo: string | null }
  | { kind: 'survey_invitation'; trackingNumber: string }
  | { kind: 'open_complaints'; trackingNumbers: string[] }
  | { kind: 'new_complaint'; trackingNumber: string; subject: string; channel: string; receivedAt: string; firstResponseDueAt: string }
  | {
      kind: 'staff_digest';
      date: string;
      items: { trackingNumber: string; subject: string; receivedAt: string; dueAt: string | null }[];
      /** Unread notifications of the last day, for those who chose the digest over single mails. */
      notices?: { trackingNumber: string; notice: string }[];
    }
  | { kind: 'disposition_received'; trackingNumber: string; subject: string; instruction: string; followUpDueAt: string }
  | { kind: 'deadline_approaching'; trackingNumber: string; subject: string; deadline: DeadlineKind; dueAt: string; workingHoursLeft: number }
  | { kind: 'deadline_missed'; trackingNumber: string; subject: string; deadline: DeadlineKind; dueAt: string; level: 'section_head' | 'division_head' }
  | { kind: 'password_reset'; token: string; expiresAt: string }
  | { kind: 'team_notice'; notice: TeamNoticeKind; trackingNumber: string; subject: string; actor: string | null; note: string | null }
  | { kind: 'access_code'; trackingNumber: string; accessCode: string }
  | { kind: 'sign_in_link'; token: string; expiresAt: string; count: number }
  /** A line of a conversation on a chat channel (WhatsApp's guided complaint): the text as written. */
  | { kind: 'chat_reply'; text: string }
  /** A duplicate merged into its original: its reporter follows the original's progress on their own page. */
  | { kind: 'merged'; trackingNumber: string; originalTrackingNumber: string };

export type TemplateKind = TemplateData['kind'];

export const REPORTER_TEMPLATES: readonly TemplateKind[] = ['receipt', 'clarification_request', 'answer_published', 'closed', 'survey_invitation', 'open_complaints', 'access_code', 'sign_in_link', 'merged'];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { p: string }
  | { quote: string }
  | { fields: [string, string][] }
  | { secret: [string, string] }
  | { link: [string, string] }
  | { list: string[] };

const OFFICE = {
  id: 'DPMPTSP Kota Tangerang — Layanan Pengaduan',
  en: 'DPMPTSP Kota Tangerang — Complaint service',
};

const FOOTER = {
  id: 'Email ini dikirim otomatis oleh sistem pengaduan. Mohon tidak membalas email ini; gunakan halaman pelacakan pengaduan.',
  en: 'This email was sent automatically by the complaint system. Please do not reply to it; use the complaint tracking page.',
};

/** The footer of mail to a reporter when the office reads its inbound mailbox (src/inbound-mail/). */
const REPLY_FOOTER = {
  id: 'Email ini dikirim oleh sistem pengaduan. Anda dapat membalas email ini dari alamat yang Anda pakai untuk pengaduan; balasan Anda dicatat pada pengaduan ini. Jangan ubah nomor pengaduan pada perihal.',
  en: 'This email was sent by the complaint system. You may reply to it from the address you used for the complaint; your reply is recorded on this complaint. Keep the tracking number in the subject.',
};

export interface RenderOptions {
  /** Replies reach the office (an inbound mailbox is read): reporter mail invites them instead of saying "do not reply". */
  repliesWelcome?: boolean;
}

/**
 * One formatter per language for the life of the process: each `new Intl.DateTimeFormat` holds
 * ~25 KB of ICU memory outside the JavaScript heap that the collector does not see, and making one
 * per mail grew the server by 700 MB while it sent a backlog of 22,000.
 */
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Jakarta',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
};
const JAKARTA_DATE_TIME: Record<MailLanguage, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', DATE_TIME_OPTIONS),
  en: new Intl.DateTimeFormat('en-GB', DATE_TIME_OPTIONS),
};

/** A date and time as people in Tangerang read it: Asia/Jakarta, with "WIB". */
export function formatJakarta(iso: string, lang: MailLanguage): string {
  return `${JAKARTA_DATE_TIME[lang].format(new Date(iso))} WIB`;
}

const CHANNEL_NAMES: Record<string, { id: string; en: string }> = {
  web: { id: 'situs web', en: 'website' },
  letter: { id: 'surat', en: 'letter' },
  phone: { id: 'telepon', en: 'phone' },
  walk_in: { id: 'datang langsung', en: 'walk-in' },
  email: { id: 'email', en: 'email' },
  social_media: { id: 'media sosial', en: 'social media' },
  whatsapp: { id: 'WhatsApp', en: 'WhatsApp' },
  sms: { id: 'SMS', en: 'SMS' },
  lapor: { id: 'SP4N-LAPOR!', en: 'SP4N-LAPOR!' },
};

const DEADLINE_NAMES: Record<DeadlineKind, { id: string; en: string }> = {
  first_response: { id: 'tanggapan pertama (1 hari kerja)', en: 'first response (1 working day)' },
  answer: { id: 'jawaban pengaduan', en: 'answer to the complaint' },
  follow_up: { id: 'tindak lanjut bidang terkait', en: 'follow-up by the related division' },
};

/** Short names of the office's notifications (src/team/notices.ts), for the digest. */
const NOTICE_LABELS: Record<string, { id: string; en: string }> = {
  assigned: { id: 'Ditugaskan kepada Anda', en: 'Assigned to you' },
  unassigned: { id: 'Dialihkan dari Anda', en: 'Reassigned from you' },
  disposition_received: { id: 'Disposisi ke bidang Anda', en: 'Disposed to your division' },
  draft_returned: { id: 'Draf jawaban dikembalikan', en: 'Draft answer returned' },
  approval_awaited: { id: 'Menunggu persetujuan Anda', en: 'Awaiting your approval' },
  reporter_replied: { id: 'Pelapor membalas', en: 'The reporter replied' },
  follow_up_done: { id: 'Tindak lanjut dicatat', en: 'Follow-up recorded' },
  answer_approved: { id: 'Jawaban disetujui', en: 'Answer approved' },
  deadline_approaching: { id: 'Batas waktu mendekat', en: 'Deadline approaching' },
  deadline_missed: { id: 'Batas waktu terlewati', en: 'Deadline missed' },
};

const TEAM_NOTICE_TEXT: Record<TeamNoticeKind, { subject: { id: string; en: string }; body: (actor: string) => { id: string; en: string } }> = {
  assigned: { subject: { id: 'Ditugaskan kepada Anda', en: 'Assigned to you' }, body: (a) => ({ id: `${a} menugaskan pengaduan ini kepada Anda.`, en: `${a} assigned this complaint to you.` }) },
  unassigned: { subject: { id: 'Dialihkan dari Anda', en: 'Reassigned from you' }, body: (a) => ({ id: `${a} mengalihkan pengaduan ini kepada petugas lain.`, en: `${a} reassigned this complaint to someone else.` }) },
  draft_returned: { subject: { id: 'Draf jawaban dikembalikan', en: 'Draft answer returned' }, body: (a) => ({ id: `${a} mengembalikan draf jawaban Anda untuk diperbaiki.`, en: `${a} returned your draft answer for changes.` }) },
  approval_awaited: { subject: { id: 'Menunggu persetujuan Anda', en: 'Awaiting your approval' }, body: (a) => ({ id: `${a} menyusun draf jawaban yang menunggu persetujuan.`, en: `${a} drafted an answer that awaits approval.` }) },
  reporter_replied: { subject: { id: 'Pelapor membalas', en: 'The reporter replied' }, body: () => ({ id: 'Pelapor mengirim tanggapan pada pengaduan ini.', en: 'The reporter sent a reply on this complaint.' }) },
  follow_up_done: { subject: { id: 'Tindak lanjut dicatat', en: 'Follow-up recorded' }, body: (a) => ({ id: `${a} mencatat tindak lanjut bidang terkait.`, en: `${a} recorded the related division's follow-up.` }) },
  answer_approved: { subject: { id: 'Jawaban disetujui', en: 'Answer approved' }, body: (a) => ({ id: `${a} menyetujui dan menerbitkan jawaban.`, en: `${a} approved and published the answer.` }) },
};

function hoursText(hours: number, lang: MailLanguage): string {
  const rounded = Math.max(0, Math.round(hours * 10) / 10);
  const n = rounded.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');
  return lang === 'id' ? `${n} jam kerja` : `${n} working hour${rounded === 1 ? '' : 's'}`;
}

function blocksFor(data: TemplateData, lang: MailLanguage, links: PublicLinks, replies: boolean): { subject: string; greeting: string; blocks: Block[] } {
  const id = lang === 'id';
  const dt = (iso: string) => formatJakarta(iso, lang);
  const reporterGreeting = id ? 'Yth. Bapak/Ibu Pelapor,' : 'Dear reporter,';
  const staffGreeting = id ? 'Yth. Bapak/Ibu,' : 'Dear colleague,';
  const tn = 'trackingNumber' in data ? data.trackingNumber : '';
  switch (data.kind) {
    case 'password_reset':
      return {
        subject: id ? 'Atur ulang kata sandi kantor pengaduan' : 'Reset your complaints-office password',
        greeting: staffGreeting,
        blocks: [
          { p: id ? 'Ada permintaan untuk mengatur ulang kata sandi akun Anda. Buka tautan di bawah untuk membuat kata sandi baru.' : 'Someone asked to reset the password of your account. Open the link below to choose a new one.' },
          { link: [id ? 'Buat kata sandi baru' : 'Choose a new password', links.passwordReset(data.token)] },
          { p: id ? `Tautan ini hanya dapat dipakai sekali dan berlaku sampai ${dt(data.expiresAt)}. Semua sesi yang masih terbuka akan diakhiri.` : `The link works once, until ${dt(data.expiresAt)}. Every open session will be ended.` },
          { p: id ? 'Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.' : 'If you did not ask for this, ignore this mail: your password stays as it is.' },
        ],
      };
    case 'receipt': {
      const blocks: Block[] = [
        { p: id ? 'Pengaduan Anda telah kami terima. Simpan nomor pengaduan ini untuk mengikuti penanganannya.' : 'We have received your complaint. Keep this tracking number to follow its handling.' },
        {
          fields: [
            [id ? 'Nomor pengaduan' : 'Tracking number', data.trackingNumber],
            [id ? 'Perihal' : 'Subject', data.subject],
            [id ? 'Diterima' : 'Received', dt(data.receivedAt)],
            [id ? 'Tanggapan pertama paling lambat' : 'First response by', dt(data.firstResponseDueAt)],
          ],
        },
      ];
      if (data.accessCode) {
        blocks.push({ secret: [id ? 'Kode akses' : 'Access code', data.accessCode] });
        blocks.push({ p: id ? 'Kode akses ini bersifat rahasia: siapa pun yang memilikinya dapat melihat pengaduan Anda. Jangan bagikan kepada orang lain.' : 'This access code is secret: anyone who has it can see your complaint. Do not share it.' });
      } else {
        blocks.push({ p: id ? 'Gunakan kode akses yang ditampilkan saat Anda mengirim pengaduan untuk melihat perkembangannya.' : 'Use the access code shown when you submitted the complaint to see its progress.' });
      }
      blocks.push({ link: [id ? 'Lacak pengaduan' : 'Track the complaint', links.tracking(tn)] });
      return { subject: id ? `Pengaduan diterima: ${tn}` : `Complaint received: ${tn}`, greeting: reporterGreeting, blocks };
    }
    case 'clarification_request':
      return {
        subject: id ? `Mohon klarifikasi pengaduan ${tn}` : `Clarification needed for complaint ${tn}`,
        greeting: reporterGreeting,
        blocks: [
          { p: id ? `Untuk menindaklanjuti pengaduan ${tn}, kami memerlukan keterangan tambahan dari Anda:` : `To follow up complaint ${tn} we need more information from you:` },
          { quote: data.message },
          replies
            ? { p: id ? 'Batas waktu penanganan dihentikan sementara sampai Anda membalas email ini atau melalui halaman pelacakan.' : 'The handling deadline is paused until you reply to this email or through the tracking page.' }
            : { p: id ? 'Batas waktu penanganan dihentikan sementara sampai Anda membalas melalui halaman pelacakan.' : 'The handling deadline is paused until you reply through the tracking page.' },
          { link: [id ? 'Balas melalui halaman pelacakan' : 'Reply on the tracking page', links.tracking(tn)] },
        ],
      };
    case 'answer_published': {
      const blocks: Block[] = [{ p: id ? `Pengaduan ${tn} telah dijawab:` : `Complaint ${tn} has been answered:` }, { quote: data.answer }];
      if (data.closeDueAt) {
        blocks.push({
          p: id
            ? `Jika jawaban ini belum menyelesaikan masalah Anda, sampaikan tanggapan melalui halaman pelacakan. Tanpa tanggapan, pengaduan ditutup otomatis pada ${dt(data.closeDueAt)}.`
            : `If this answer does not solve your problem, respond on the tracking page. Without a response the complaint closes on its own on ${dt(data.closeDueAt)}.`,
        });
      }
      blocks.push({ link: [id ? 'Lihat jawaban' : 'See the answer', links.tracking(tn)] });
      return { subject: id ? `Jawaban atas pengaduan ${tn}` : `Answer to complaint ${tn}`, greeting: reporterGreeting, blocks };
    }
    case 'closed': {
      const outcomeText: Record<ClosedOutcome, { id: string; en: string }> = {
        closed: { id: `Pengaduan ${tn} telah ditutup.`, en: `Complaint ${tn} has been closed.` },
        accepted: { id: `Terima kasih telah menerima jawaban kami. Pengaduan ${tn} telah ditutup.`, en: `Thank you for accepting our answer. Complaint ${tn} has been closed.` },
        auto_closed: {
          id: `Pengaduan ${tn} ditutup otomatis karena tidak ada tanggapan dalam 10 hari kerja setelah jawaban.`,
          en: `Complaint ${tn} closed on its own: there was no response within 10 working days of the answer.`,
        },
        rejected: { id: `Pengaduan ${tn} tidak dapat kami proses.`, en: `We cannot process complaint ${tn}.` },
        referred: {
          id: `Pengaduan ${tn} bukan wewenang kami dan telah kami teruskan${data.referredTo ? ` kepada ${data.referredTo}` : ''}.`,
          en: `Complaint ${tn} is outside our authority and has been referred${data.referredTo ? ` to ${data.referredTo}` : ''}.`,
        },
      };
      const blocks: Block[] = [{ p: outcomeText[data.outcome][lang] }];
      if (data.message) blocks.push({ quote: data.message });
      blocks.push({ link: [id ? 'Lihat pengaduan' : 'See the complaint', links.tracking(tn)] });
      return { subject: id ? `Pengaduan ${tn} selesai` : `Complaint ${tn} finished`, greeting: reporterGreeting, blocks };
    }
    case 'merged':
      return {
        subject: id ? `Pengaduan ${tn} digabung dengan ${data.originalTrackingNumber}` : `Complaint ${tn} merged with ${data.originalTrackingNumber}`,
        greeting: reporterGreeting,
        blocks: [
          {
            p: id
              ? `Pengaduan ${tn} membahas hal yang sama dengan pengaduan ${data.originalTrackingNumber}, jadi keduanya kami tangani bersama. Pesan dan lampiran Anda sudah kami satukan. Tetap pakai nomor ${tn} dan kode akses Anda: halaman lacaknya menunjukkan kemajuan penanganan.`
              : `Complaint ${tn} is about the same matter as complaint ${data.originalTrackingNumber}, so we handle them together. Your messages and files are with it. Keep using ${tn} and your access code: its tracking page shows how the handling goes.`,
          },
          { link: [id ? 'Lacak pengaduan' : 'Track the complaint', links.tracking(tn)] },
        ],
      };
    case 'survey_invitation':
      return {
        subject: id ? `Survei kepuasan: pengaduan ${tn}` : `Satisfaction survey: complaint ${tn}`,
        greeting: reporterGreeting,
        blocks: [
          { p: id ? `Bagaimana penanganan pengaduan ${tn}? Penilaian Anda membantu kami memperbaiki pelayanan (survei kepuasan masyarakat).` : `How did we handle complaint ${tn}? Your rating helps us improve the service (public satisfaction survey).` },
          { link: [id ? 'Isi survei (1 menit)' : 'Take the survey (1 minute)', links.survey(tn)] },
        ],
      };
    case 'access_code':
      return {
        subject: id ? `Kode akses baru untuk pengaduan ${tn}` : `New access code for complaint ${tn}`,
        greeting: reporterGreeting,
        blocks: [
          { p: id ? `Ada permintaan kode akses baru untuk pengaduan ${tn}. Kode lama tidak berlaku lagi; pakai kode ini:` : `A new access code was asked for complaint ${tn}. The old code no longer works; use this one:` },
          { secret: [id ? 'Kode akses' : 'Access code', data.accessCode] },
          { p: id ? 'Kode akses ini bersifat rahasia: jangan bagikan kepada orang lain. Jika bukan Anda yang meminta, pakai kode ini; kode lama sudah tidak berlaku.' : 'This access code is secret: do not share it. If you did not ask for it, use this code anyway; the old one no longer works.' },
          { link: [id ? 'Lacak pengaduan' : 'Track the complaint', links.tracking(tn)] },
        ],
      };
    case 'chat_reply':
      return {
        subject: id ? 'Pesan dari layanan pengaduan' : 'A message from the complaints service',
        greeting: reporterGreeting,
        blocks: [{ p: data.text }],
      };
    case 'sign_in_link':
      return {
        subject: id ? 'Tautan masuk: daftar pengaduan Anda' : 'Sign-in link: your complaints',
        greeting: reporterGreeting,
        blocks: [
          { p: id ? `Buka tautan ini untuk melihat ${data.count} pengaduan yang Anda ajukan dengan alamat email ini, tanpa mengetik kode akses.` : `Open this link to see the ${data.count} complaint(s) you filed with this email address, without typing access codes.` },
          { link: [id ? 'Lihat pengaduan saya' : 'See my complaints', links.myComplaints(data.token)] },
          { p: id ? `Tautan ini hanya dapat dipakai sekali dan berlaku sampai ${dt(data.expiresAt)}.` : `The link works once, until ${dt(data.expiresAt)}.` },
          { p: id ? 'Jika Anda tidak memintanya, abaikan email ini.' : 'If you did not ask for it, ignore this mail.' },
        ],
      };
    case 'open_complaints':
      return {
        subject: `${id ? 'Pengaduan Anda yang masih diproses' : 'Your complaint in progress'}: ${data.trackingNumbers.join(', ')}`,
        greeting: reporterGreeting,
        blocks: [
          {
            p: id
              ? 'Seseorang (mungkin Anda) sedang mengisi formulir pengaduan dengan data yang sama dengan pengaduan Anda yang masih diproses. Agar tidak tercatat dua kali, ikuti pengaduan ini:'
              : 'Someone (perhaps you) is filling in the complaint form with the same details as your complaint in progress. So that it is not recorded twice, follow this one:',
          },
          { list: data.trackingNumbers },
          { p: id ? 'Lihat perkembangannya di halaman pelacakan dengan kode akses yang Anda terima saat mengirim pengaduan.' : 'See its progress on the tracking page with the access code you got when you submitted it.' },
          { link: [id ? 'Lacak pengaduan' : 'Track the complaint', links.tracking(data.trackingNumbers[0] ?? '')] },
          { p: id ? 'Jika bukan Anda yang mengisi formulir, abaikan email ini.' : 'If it was not you, ignore this email.' },
        ],
      };
    case 'new_complaint':
      return {
        subject: id ? `Pengaduan baru: ${tn}` : `New complaint: ${tn}`,
        greeting: staffGreeting,
        blocks: [
          { p: id ? 'Ada pengaduan baru di antrean Anda.' : 'A new complaint is in your queue.' },
          {
            fields: [
              [id ? 'Nomor pengaduan' : 'Tracking number', tn],
              [id ? 'Perihal' : 'Subject', data.subject],
              [id ? 'Saluran' : 'Channel', CHANNEL_NAMES[data.channel]?.[lang] ?? data.channel],
              [id ? 'Diterima' : 'Received', dt(data.receivedAt)],
              [id ? 'Tanggapi paling lambat' : 'Respond by', dt(data.firstResponseDueAt)],
            ],
          },
          { link: [id ? 'Buka pengaduan' : 'Open the complaint', links.staffComplaint(tn)] },
        ],
      };
    case 'staff_digest': {
      const blocks: Block[] = [];
      if (data.items.length > 0) {
        blocks.push(
          { p: id ? `Pengaduan baru di antrean per ${data.date}:` : `New complaints in the queue as of ${data.date}:` },
          {
            list: data.items.map(
              (i) => `${i.trackingNumber} — ${i.subject} (${id ? 'diterima' : 'received'} ${dt(i.receivedAt)}${i.dueAt ? `; ${id ? 'batas' : 'due'} ${dt(i.dueAt)}` : ''})`,
            ),
          },
        );
      }
      const notices = data.notices ?? [];
      if (notices.length > 0) {
        blocks.push({ p: id ? 'Notifikasi yang belum Anda baca:' : 'Notifications you have not read:' }, { list: notices.map((n) => `${NOTICE_LABELS[n.notice]?.[lang] ?? n.notice}: ${n.trackingNumber}`) });
      }
      blocks.push({ link: [id ? 'Buka kotak masuk' : 'Open the inbox', links.staffInbox()] });
      const subject =
        data.items.length > 0
          ? id
            ? `Ringkasan harian: ${data.items.length} pengaduan menunggu tanggapan`
            : `Daily digest: ${data.items.length} complaints awaiting a response`
          : id
            ? `Ringkasan harian: ${notices.length} notifikasi`
            : `Daily digest: ${notices.length} notifications`;
      return { subject, greeting: staffGreeting, blocks };
    }
    case 'disposition_received':
      return {
        subject: id ? `Disposisi pengaduan ${tn}` : `Complaint ${tn} disposed to your division`,
        greeting: staffGreeting,
        blocks: [
          { p: id ? 'Pengaduan berikut didisposisikan kepada bidang Anda untuk ditindaklanjuti.' : 'The following complaint was disposed to your division to follow up.' },
          {
            fields: [
              [id ? 'Nomor pengaduan' : 'Tracking number', tn],
              [id ? 'Perihal' : 'Subject', data.subject],
              [id ? 'Tindak lanjut paling lambat' : 'Follow up by', dt(data.followUpDueAt)],
            ],
          },
          { p: id ? 'Instruksi:' : 'Instruction:' },
          { quote: data.instruction },
          { link: [id ? 'Buka pengaduan' : 'Open the complaint', links.staffComplaint(tn)] },
        ],
      };
    case 'deadline_approaching':
      return {
        subject: id ? `Pengingat batas waktu: ${tn}` : `Deadline reminder: ${tn}`,
        greeting: staffGreeting,
        blocks: [
          {
            p: id
              ? `Batas waktu ${DEADLINE_NAMES[data.deadline].id} untuk pengaduan ${tn} tinggal ${hoursText(data.workingHoursLeft, lang)}.`
              : `The ${DEADLINE_NAMES[data.deadline].en} deadline for complaint ${tn} is ${hoursText(data.workingHoursLeft, lang)} away.`,
          },
          { fields: [[id ? 'Perihal' : 'Subject', data.subject], [id ? 'Batas waktu' : 'Due', dt(data.dueAt)]] },
          { link: [id ? 'Buka pengaduan' : 'Open the complaint', links.staffComplaint(tn)] },
        ],
      };
    case 'deadline_missed':
      return {
        subject: id ? `Batas waktu terlewati: ${tn}` : `Deadline missed: ${tn}`,
        greeting: staffGreeting,
        blocks: [
          {
            p: id
              ? `Batas waktu ${DEADLINE_NAMES[data.deadline].id} untuk pengaduan ${tn} telah terlewati pada ${dt(data.dueAt)}. ${data.level === 'division_head' ? 'Eskalasi kepada Kepala Bidang: pengaduan ini masih belum ditangani.' : 'Eskalasi kepada Kepala Seksi.'}`
              : `The ${DEADLINE_NAMES[data.deadline].en} deadline for complaint ${tn} passed on ${dt(data.dueAt)}. ${data.level === 'division_head' ? 'Escalated to the head of division: the complaint is still not handled.' : 'Escalated to the head of section.'}`,
          },
          { fields: [[id ? 'Perihal' : 'Subject', data.subject]] },
          { link: [id ? 'Buka pengaduan' : 'Open the complaint', links.staffComplaint(tn)] },
        ],
      };
    case 'team_notice': {
      const text = TEAM_NOTICE_TEXT[data.notice];
      const blocks: Block[] = [
        { p: text.body(data.actor ?? (id ? 'Sistem' : 'The system'))[lang] },
        { fields: [[id ? 'Nomor pengaduan' : 'Tracking number', tn], [id ? 'Perihal' : 'Subject', data.subject]] },
      ];
      if (data.note) blocks.push({ quote: data.note });
      blocks.push({ link: [id ? 'Buka pengaduan' : 'Open the complaint', links.staffComplaint(tn)] });
      return { subject: `${text.subject[lang]}: ${tn}`, greeting: staffGreeting, blocks };
    }
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const paragraphs = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');

function blockText(b: Block): string {
  if ('p' in b) return b.p;
  if ('quote' in b) return b.quote.split(/\r?\n/).map((l) => `> ${l}`).join('\n');
  if ('fields' in b) return b.fields.map(([k, v]) => `${k}: ${v}`).join('\n');
  if ('secret' in b) return `${b.secret[0]}: ${b.secret[1]}`;
  if ('link' in b) return `${b.link[0]}: ${b.link[1]}`;
  return b.list.map((l) => `- ${l}`).join('\n');
}

function blockHtml(b: Block): string {
  if ('p' in b) return `<p style="margin:0 0 16px">${paragraphs(b.p)}</p>`;
  if ('quote' in b) return `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #1d4ed8;background:#f1f5f9">${paragraphs(b.quote)}</blockquote>`;
  if ('fields' in b) {
    const rows = b.fields.map(([k, v]) => `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`).join('');
    return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${rows}</table>`;
  }
  if ('secret' in b) return `<p style="margin:0 0 16px">${escapeHtml(b.secret[0])}: <strong style="font-family:monospace;font-size:20px;letter-spacing:2px">${escapeHtml(b.secret[1])}</strong></p>`;
  if ('link' in b) return `<p style="margin:0 0 16px"><a href="${escapeHtml(b.link[1])}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(b.link[0])}</a></p>`;
  return `<ul style="margin:0 0 16px">${b.list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

/** Renders one mail; `baseUrl` is the public address the links start with. */
export function renderTemplate(data: TemplateData, lang: MailLanguage, baseUrl: string, options: RenderOptions = {}): RenderedMail {
  // Only mail about one complaint: a reply to it is matched by the number in its subject.
  const replies = options.repliesWelcome === true && REPORTER_TEMPLATES.includes(data.kind) && 'trackingNumber' in data;
  const { subject, greeting, blocks } = blocksFor(data, lang, publicLinks(baseUrl), replies);
  const footer = (replies ? REPLY_FOOTER : FOOTER)[lang];
  const text = [greeting, ...blocks.map(blockText), '--', OFFICE[lang], footer].join('\n\n') + '\n';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#0f172a;background:#ffffff">
<p style="margin:0 0 16px;font-weight:bold">${escapeHtml(OFFICE[lang])}</p>
<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
${blocks.map(blockHtml).join('\n')}
<hr style="border:0;border-top:1px solid #cbd5e1;margin:24px 0">
<p style="margin:0;font-size:13px;color:#475569">${escapeHtml(footer)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** Where links in mail point; the front end serves these pages. */
export type PublicLinks = ReturnType<typeof publicLinks>;

export function publicLinks(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    // The portal's track page (web/src/public/Track.tsx) reads the number from `?nomor=`; the back office lives under /office.
    tracking: (tn: string) => `${base}/lacak?nomor=${encodeURIComponent(tn)}`,
    survey: (tn: string) => `${base}/lacak?nomor=${encodeURIComponent(tn)}#survei`,
    staffComplaint: (tn: string) => `${base}/office/pengaduan/${encodeURIComponent(tn)}`,
    staffInbox: () => `${base}/office`,
    // The token rides in the fragment, which browsers never send to a server or in a Referer.
    passwordReset: (token: string) => `${base}/office/atur-ulang-sandi#token=${encodeURIComponent(token)}`,
    myComplaints: (token: string) => `${base}/lacak/saya#token=${encodeURIComponent(token)}`,
  };
}
