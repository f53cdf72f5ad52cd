/**
 * The automatic first pass over a complaint's text before it is published (decision 0026): what
 * names, reaches or locates the reporter becomes "[disamarkan]". It proposes; the approver reads and
 * edits, so it errs on taking out too much. Pure: no I/O, unit-tested in redaction.test.ts.
 */
export const REDACTED = '[disamarkan]';

/** What the office knows of the reporter, each taken out wherever it appears. */
export interface KnownIdentity {
  names: readonly string[];
  emails: readonly string[];
  phones: readonly string[];
  addresses: readonly string[];
  applicationNumbers: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** NIK and other 16-digit numbers (KTP, KK), with or without separators. */
const NIK = /(?<!\d)\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{4}(?!\d)/g;
/** Indonesian mobile and fixed numbers: 08…, +62…, 62…, (021) …, with spaces or dashes. */
const PHONE = /(?<![\p{L}\p{N}])(?:\+?62[\s-]?|0)(?:\(?\d{2,4}\)?[\s-]?)\d{3,4}[\s-]?\d{3,5}(?!\d)/gu;
/** Permit application and letter numbers: letters, then digits, joined by - or / (PRM-2026-01234, 503/123/DPMPTSP). */
const APPLICATION = /(?<![\p{L}\p{N}])(?:[A-Z]{2,}[-/]\d[\w/-]*|\d{2,}\/[\w.-]+\/[\w./-]+)/gu;
const STREET = String.raw`(?:Jl|Jln|Jalan|Gg|Gang|Komplek|Komp|Perum|Perumahan|Blok|Kp|Kampung)`;
/** A street with its house number, or up to the next comma or sentence end. */
const ADDRESS_WITH_NUMBER = new RegExp(String.raw`(?<![\p{L}])${STREET}\.?\s+[^\n,;]{1,80}?\bNo\.?\s*\d+[A-Za-z]?(?:\/\d+)?`, 'gu');
const ADDRESS = new RegExp(String.raw`(?<![\p{L}])${STREET}\.?\s+[^\n,;.]{1,60}`, 'gu');
const RT_RW = /\bRT\.?\s*\d{1,3}\s*\/?\s*RW\.?\s*\d{1,3}\b/gi;

/** A known value as a pattern: case-insensitive, whole words, spaces and dashes loose. */
function knownPattern(value: string): RegExp | null {
  const v = value.trim();
  if (v.length < 3) return null;
  const body = v.split(/[\s-]+/).map(escape).join('[\\s-]*');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/** The digits of a phone number in each way people write it (0812…, 62812…, +62 812…). */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const national = digits.startsWith('62') ? `0${digits.slice(2)}` : digits;
  return [national, national.startsWith('0') ? `62${national.slice(1)}` : national];
}

function knownPatterns(known: KnownIdentity): RegExp[] {
  const values = [
    ...known.addresses,
    ...known.names,
    // Each part of a name, as people call each other by one of them.
    ...known.names.flatMap((n) => n.split(/\s+/).filter((part) => part.length >= 3)),
    ...known.emails,
    ...known.applicationNumbers,
  ];
  const patterns = values.map(knownPattern).filter((p): p is RegExp => p !== null);
  for (const phone of known.phones) {
    for (const form of phoneForms(phone)) patterns.push(new RegExp(`\\+?${form.split('').join('[\\s-]?')}(?!\\d)`, 'g'));
  }
  // The longest first, so a full name goes before its parts.
  return patterns.sort((a, b) => b.source.length - a.source.length);
}

/** The text with the reporter's identity and any contact, ID or application number replaced. */
export function redact(text: string, known: KnownIdentity): string {
  let out = text;
  for (const pattern of [...knownPatterns(known), EMAIL, NIK, PHONE, ADDRESS_WITH_NUMBER, ADDRESS, RT_RW, APPLICATION]) {
    out = out.replace(pattern, REDACTED);
  }
  // "[disamarkan] [disamarkan]" reads as one redaction.
  return out.replace(/\[disamarkan\](?:[\s,]*\[disamarkan\])+/g, REDACTED);
}

export interface PublicText {
  title: string;
  description: string;
  answer: string;
}

/** The proposal the approver starts from: subject, description and answer, each redacted. */
export function proposePublicText(source: PublicText, known: KnownIdentity): PublicText {
  return { title: redact(source.title, known), description: redact(source.description, known), answer: redact(source.answer, known) };
}
