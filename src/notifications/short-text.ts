/**
 * Messages to a reporter's phone (WhatsApp, SMS): short, plain text, the tracking link last. Pure.
 * An SMS stays within two segments (306 GSM-7 characters) where it can: the office's own words
 * (a question, an answer) are cut to fit and the link leads to the whole. On WhatsApp they go whole.
 * Only the reporter's kinds are here; staff mail stays mail.
 */
import { publicLinks, type ClosedOutcome, type MailLanguage, type TemplateData } from './templates.js';

export type PhoneChannel = 'whatsapp' | 'sms';

/** The template kinds a reporter can get on a phone; sign-in links need a mailbox and stay mail. */
export const PHONE_KINDS = ['receipt', 'clarification_request', 'answer_published', 'closed', 'survey_invitation', 'open_complaints', 'access_code', 'chat_reply'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];
export type PhoneTemplateData = Extract<TemplateData, { kind: PhoneKind }>;

export const isPhoneKind = (data: { kind: string }): data is PhoneTemplateData => (PHONE_KINDS as readonly string[]).includes(data.kind);

/** Two concatenated GSM-7 segments of 153 characters each. */
export const SMS_TWO_SEGMENTS = 306;
/** WhatsApp takes 4096 characters in a text body; the office's texts are far shorter anyway. */
const WHATSAPP_MAX = 4000;

const SIGNATURE = { id: 'DPMPTSP Kota Tangerang', en: 'DPMPTSP Kota Tangerang' };

/** A closing outcome in a few words, for a message and for a template parameter. */
export function outcomeWords(outcome: ClosedOutcome, referredTo: string | null, lang: MailLanguage): string {
  const words: Record<ClosedOutcome, { id: string; en: string }> = {
    closed: { id: 'telah ditutup', en: 'has been closed' },
    accepted: { id: 'selesai, terima kasih telah menerima jawaban kami', en: 'is finished; thank you for accepting our answer' },
    auto_closed: { id: 'ditutup otomatis (tidak ada tanggapan 10 hari kerja setelah jawaban)', en: 'closed on its own (no response within 10 working days of the answer)' },
    rejected: { id: 'tidak dapat kami proses', en: 'cannot be processed' },
    referred: { id: `diteruskan${referredTo ? ` kepada ${referredTo}` : ''} (bukan wewenang kami)`, en: `was referred${referredTo ? ` to ${referredTo}` : ''} (outside our authority)` },
  };
  return words[outcome][lang];
}

/** One line of the office's own words: line breaks folded, typographic marks as a basic phone shows them. */
export function flatten(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` cut at a word so that it takes at most `room` characters, with "..." when cut. */
function cut(text: string, room: number): string {
  if (text.length <= room) return text;
  if (room <= 3) return '';
  const head = text.slice(0, room - 3);
  const atWord = head.replace(/\s+\S*$/, '');
  return `${atWord.length > room / 2 ? atWord : head}...`;
}

interface Parts {
  /** The fixed words before the office's own text. */
  lead: string;
  /** The office's own words (a question, an answer, a reason), cut first when room is short. */
  quoted?: string | null;
  /** After the quote, before the link. */
  tail?: string;
  link: string;
}

function partsFor(data: PhoneTemplateData, lang: MailLanguage, baseUrl: string): Parts {
  const id = lang === 'id';
  const links = publicLinks(baseUrl);
  switch (data.kind) {
    case 'receipt':
      return {
        lead: id ? `Pengaduan Anda diterima. Nomor: ${data.trackingNumber}.` : `Your complaint was received. Number: ${data.trackingNumber}.`,
        tail: data.accessCode
          ? id
            ? `Kode akses (RAHASIA, jangan dibagikan): ${data.accessCode}.`
            : `Access code (SECRET, do not share): ${data.accessCode}.`
          : id
            ? 'Pakai kode akses yang tampil saat Anda mengirim.'
            : 'Use the access code shown when you submitted.',
        link: links.tracking(data.trackingNumber),
      };
    case 'clarification_request':
      return {
        lead: id ? `Pengaduan ${data.trackingNumber}: kami perlu keterangan tambahan:` : `Complaint ${data.trackingNumber}: we need more information:`,
        quoted: data.message,
        tail: id ? 'Balas lewat halaman pelacakan.' : 'Reply on the tracking page.',
        link: links.tracking(data.trackingNumber),
      };
    case 'answer_published':
      return {
        lead: id ? `Pengaduan ${data.trackingNumber} telah dijawab:` : `Complaint ${data.trackingNumber} has been answered:`,
        quoted: data.answer,
        tail: id ? 'Baca dan tanggapi:' : 'Read and respond:',
        link: links.tracking(data.trackingNumber),
      };
    case 'closed':
      return {
        lead: id ? `Pengaduan ${data.trackingNumber} ${outcomeWords(data.outcome, data.referredTo, lang)}.` : `Complaint ${data.trackingNumber} ${outcomeWords(data.outcome, data.referredTo, lang)}.`,
        quoted: data.message,
        link: links.tracking(data.trackingNumber),
      };
    case 'survey_invitation':
      return {
        lead: id ? `Bagaimana penanganan pengaduan ${data.trackingNumber}? Mohon isi survei kepuasan (1 menit):` : `How did we handle complaint ${data.trackingNumber}? Please rate us (1 minute):`,
        link: links.survey(data.trackingNumber),
      };
    case 'open_complaints':
      return {
        lead: id ? `Pengaduan Anda yang masih diproses: ${data.trackingNumbers.join(', ')}. Ikuti yang ini agar tidak tercatat dua kali.` : `Your complaint in progress: ${data.trackingNumbers.join(', ')}. Follow it so it is not recorded twice.`,
        link: links.tracking(data.trackingNumbers[0] ?? ''),
      };
    case 'access_code':
      return {
        lead: id
          ? `Kode akses baru pengaduan ${data.trackingNumber}: ${data.accessCode} (RAHASIA, jangan dibagikan). Kode lama tidak berlaku lagi.`
          : `New access code for complaint ${data.trackingNumber}: ${data.accessCode} (SECRET, do not share). The old code no longer works.`,
        link: links.tracking(data.trackingNumber),
      };
    case 'chat_reply':
      return { lead: data.text, link: '' };
  }
}

/**
 * The message a reporter reads on their phone. A chat reply is its text as written; every other
 * kind ends with the office's name and the tracking link. On SMS the office's quoted words are cut
 * so the whole stays within two segments; the fixed words and the link are never cut.
 */
export function renderShortText(data: PhoneTemplateData, lang: MailLanguage, baseUrl: string, channel: PhoneChannel = 'sms'): string {
  if (data.kind === 'chat_reply') return data.text;
  const parts = partsFor(data, lang, baseUrl);
  const max = channel === 'sms' ? SMS_TWO_SEGMENTS : WHATSAPP_MAX;
  const compose = (quoted: string | null) => [parts.lead, quoted ? `"${quoted}"` : null, parts.tail ?? null, parts.link, `- ${SIGNATURE[lang]}`].filter((p): p is string => Boolean(p)).join(channel === 'sms' ? ' ' : '\n');
  const quoted = parts.quoted ? flatten(parts.quoted) : null;
  const whole = compose(quoted);
  if (!quoted || whole.length <= max) return channel === 'sms' ? flatten(whole) : whole;
  const room = max - compose('').length - 2;
  const short = cut(quoted, Math.max(0, room));
  return compose(short || null);
}
