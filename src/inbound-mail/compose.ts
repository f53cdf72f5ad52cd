/**
 * What a mail says, in the shape a complaint or a reporter's message takes: subject and text within
 * the form's limits, the quoted earlier mail cut from a reply, and the attachments the portal would
 * take (by their first bytes, size and count) apart from those it would refuse. Pure.
 */
import { sniffMimeType, type IncomingFile } from '../complaints/attachments.js';

const SUBJECT_MIN = 5;
const SUBJECT_MAX = 200;
const DESCRIPTION_MIN = 20;
const TEXT_MAX = 5000;

export interface MailAttachment {
  filename: string | undefined;
  content: Buffer;
}

export interface RefusedFile {
  name: string;
  reason: 'type' | 'size' | 'count';
}

/** The files the portal would accept, in order, and the rest with why. */
export function sortAttachments(attachments: readonly MailAttachment[], limits: { maxBytes: number; maxCount: number }): { files: IncomingFile[]; refused: RefusedFile[] } {
  const files: IncomingFile[] = [];
  const refused: RefusedFile[] = [];
  for (const [i, a] of attachments.entries()) {
    const name = (a.filename ?? '').trim() || `lampiran-${i + 1}`;
    if (a.content.length > limits.maxBytes) refused.push({ name, reason: 'size' });
    else if (!sniffMimeType(a.content)) refused.push({ name, reason: 'type' });
    else if (files.length >= limits.maxCount) refused.push({ name, reason: 'count' });
    else files.push({ filename: name, data: a.content });
  }
  return { files, refused };
}

const REFUSAL_TEXT: Record<RefusedFile['reason'], string> = {
  type: 'bukan gambar atau PDF / not an image or PDF',
  size: 'terlalu besar / too large',
  count: 'melebihi jumlah lampiran / too many attachments',
};

/** A line per refused file, so the office and the reporter see what did not arrive. */
export function refusalNote(refused: readonly RefusedFile[]): string {
  if (refused.length === 0) return '';
  const lines = refused.map((r) => `- ${r.name.slice(0, 120)}: ${REFUSAL_TEXT[r.reason]}`);
  return `[Lampiran email yang tidak diterima / email attachments not accepted]\n${lines.join('\n')}`;
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Where a mail program starts quoting the mail answered. */
const QUOTE_HEADER = /^(On .+ wrote:|Pada .+ menulis:|-{2,}\s*(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}|From: .+|Dari: .+|_{10,})\s*$/i;

/**
 * A reply without the mail it answers: from the first quoting header on, and quoted lines (`>`),
 * are dropped. Besides saving the office from reading its own words, this keeps a receipt's quoted
 * access code out of the complaint.
 */
export function withoutQuotedText(text: string): string {
  const kept: string[] = [];
  for (const line of tidy(text).split('\n')) {
    if (QUOTE_HEADER.test(line.trim())) break;
    if (line.trimStart().startsWith('>')) continue;
    kept.push(line);
  }
  return tidy(kept.join('\n'));
}

/** A new complaint's subject and description from a mail; both meet the form's limits. */
export function complaintText(subject: string | undefined, text: string, note: string): { subject: string; description: string } {
  const cleanSubject = (subject ?? '').replace(/\s+/g, ' ').replace(/^((re|fwd?|aw|tr)\s*:\s*)+/i, '').trim();
  const finalSubject = cleanSubject.length >= SUBJECT_MIN ? clip(cleanSubject, SUBJECT_MAX) : 'Pengaduan melalui email';
  const room = TEXT_MAX - (note ? note.length + 2 : 0);
  let body = clip(tidy(text), Math.max(room, 0));
  if (body.length < DESCRIPTION_MIN) body = tidy(`${finalSubject}\n\n${body}\n\n(Dikirim melalui email / sent by email)`);
  return { subject: finalSubject, description: note ? `${body}\n\n${note}` : body };
}

/** A reply's message: its own words (within the form's limit) and the note of refused files. */
export function replyText(text: string, note: string): string {
  const own = withoutQuotedText(text);
  const room = TEXT_MAX - (note ? note.length + 2 : 0);
  const body = clip(own, Math.max(room, 0)) || '(Balasan email tanpa teks / email reply without text)';
  return note ? `${body}\n\n${note}` : body;
}
