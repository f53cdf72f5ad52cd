/**
 * The guided exchange that files a complaint over WhatsApp, as a pure state machine: the state
 * and one incoming message in, the next state, the lines to send back and (at the end) what to
 * file out. No I/O; time is an argument. Indonesian first; `EN` switches to English, `ID` back.
 *
 *   (none) ─any→ choose_permit ─number/list choice→ describe ─text (or a caption) ≥ 20→ consent ─YA→ file it
 *   BATAL at any step ends it; TIDAK at consent ends it; an exchange idle too long starts again.
 */

export type ConversationStep = 'choose_permit' | 'describe' | 'consent';
export type ChatLanguage = 'id' | 'en';

export interface ConversationState {
  step: ConversationStep;
  language: ChatLanguage;
  permitTypeId: number | null;
  description: string | null;
  /** ISO time of the last message: an exchange idle longer than `IDLE_LIMIT_MS` starts again. */
  updatedAt: string;
}

/** One permit type as the numbered list shows it; the list's order is the numbers' order. */
export interface PermitChoice {
  id: number;
  name: string;
}

export type ConversationInput =
  | { kind: 'text'; text: string }
  /** An interactive list or button reply: its row id (`permit:<id>`, `consent:yes`, …). */
  | { kind: 'choice'; id: string; title: string }
  /** A photo or document the service already checked and held (or refused: it answers that itself); its caption may tell the story. */
  | { kind: 'media'; caption?: string | null };

export interface FilingRequest {
  permitTypeId: number | null;
  description: string;
  language: ChatLanguage;
}

export interface ConversationOutcome {
  /** null: no exchange any more (finished, cancelled, refused consent). */
  state: ConversationState | null;
  replies: string[];
  /** Set once the person consented: file this complaint, then tell its number (`filedLine`). */
  file?: FilingRequest;
}

/** An exchange silent this long is forgotten: the next message starts a new one. */
export const IDLE_LIMIT_MS = 24 * 3_600_000;
export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 5000;

const CANCEL = new Set(['BATAL', 'CANCEL', 'STOP', 'BERHENTI']);
const YES = new Set(['YA', 'Y', 'IYA', 'SETUJU', 'YES', 'AGREE', 'OK']);
const NO = new Set(['TIDAK', 'T', 'TDK', 'NO', 'N', 'GAK', 'ENGGAK']);

type Lines = Record<ChatLanguage, string>;

const LINES = {
  greeting: {
    id: 'Selamat datang di layanan pengaduan DPMPTSP Kota Tangerang. Kami akan membantu Anda menyampaikan pengaduan tentang perizinan. (Ketik EN for English, BATAL untuk berhenti.)',
    en: 'Welcome to the DPMPTSP Kota Tangerang complaint service. We will help you file a complaint about a permit. (Type ID untuk Bahasa Indonesia, CANCEL to stop.)',
  },
  restarted: {
    id: 'Percakapan sebelumnya sudah berakhir karena lama tidak ada balasan. Kita mulai lagi.',
    en: 'The previous conversation ended after a long silence. Let us start again.',
  },
  choosePermit: { id: 'Pengaduan Anda tentang jenis izin apa? Balas dengan nomornya:', en: 'Which permit is your complaint about? Reply with its number:' },
  otherPermit: { id: 'Lainnya / tidak tahu', en: 'Other / not sure' },
  notANumber: { id: 'Mohon balas dengan salah satu nomor dari daftar.', en: 'Please reply with one of the numbers in the list.' },
  describe: {
    id: 'Ceritakan apa yang terjadi: permohonan apa, kapan, dan apa kendalanya (minimal 20 karakter). Anda juga boleh mengirim foto atau dokumen PDF sebagai bukti.',
    en: 'Tell us what happened: which application, when, and what went wrong (at least 20 characters). You may also send photos or PDF documents as evidence.',
  },
  tooShort: { id: 'Mohon ceritakan sedikit lebih rinci (minimal 20 karakter).', en: 'Please tell us a little more (at least 20 characters).' },
  tooLong: { id: 'Cerita Anda terlalu panjang (paling banyak 5000 karakter). Mohon diringkas.', en: 'Your story is too long (at most 5000 characters). Please shorten it.' },
  mediaHeld: { id: 'Lampiran diterima.', en: 'Attachment received.' },
  consent: {
    id: 'Untuk memproses pengaduan, kami mencatat nomor WhatsApp, nama profil, dan cerita Anda sesuai UU 27/2022 tentang Pelindungan Data Pribadi. Apakah Anda setuju? Balas YA atau TIDAK. (Sebelum menjawab, Anda masih boleh mengirim foto atau dokumen.)',
    en: 'To handle the complaint we record your WhatsApp number, profile name and story under Law 27/2022 on Personal Data Protection. Do you agree? Reply YES or NO. (You may still send photos or documents before answering.)',
  },
  yesOrNo: { id: 'Mohon balas YA atau TIDAK.', en: 'Please reply YES or NO.' },
  refused: {
    id: 'Baik, pengaduan tidak kami proses dan data Anda tidak disimpan. Anda dapat mengadu lewat portal pengaduan atau datang langsung ke kantor.',
    en: 'All right: the complaint is not filed and your data is not kept. You may complain on the complaint portal or at the office.',
  },
  cancelled: { id: 'Pengaduan dibatalkan. Kirim pesan apa saja untuk memulai lagi.', en: 'Complaint cancelled. Send any message to start again.' },
  nothingToCancel: { id: 'Tidak ada pengaduan yang sedang diisi. Kirim pesan apa saja untuk memulai.', en: 'No complaint is being filed. Send any message to start.' },
} satisfies Record<string, Lines>;

/** The line that ends a filed exchange: the tracking number (the access code follows in the receipt). */
export function filedLine(language: ChatLanguage, trackingNumber: string): string {
  return language === 'en'
    ? `Thank you. Your complaint is filed with tracking number ${trackingNumber}. The access code to follow it comes in a separate message; keep both. We respond within 1 working day.`
    : `Terima kasih. Pengaduan Anda tercatat dengan nomor ${trackingNumber}. Kode akses untuk memantaunya kami kirim dalam pesan terpisah; simpan keduanya. Kami menanggapi paling lambat 1 hari kerja.`;
}

/** The answer to the reporter's reply to a clarification, sent on WhatsApp. */
export function replyReceivedLine(language: ChatLanguage, trackingNumber: string): string {
  return language === 'en'
    ? `Thank you, your reply on complaint ${trackingNumber} has reached the office.`
    : `Terima kasih, balasan Anda untuk pengaduan ${trackingNumber} sudah kami terima.`;
}

/** Lines about media the service handled itself. */
export const MEDIA_LINES = {
  refusedType: { id: 'Maaf, kami hanya dapat menerima foto (JPEG, PNG, WebP, GIF) atau dokumen PDF. Lampiran ini tidak disimpan.', en: 'Sorry, we can only accept photos (JPEG, PNG, WebP, GIF) or PDF documents. This attachment was not kept.' },
  refusedSize: { id: 'Maaf, lampiran ini terlalu besar dan tidak disimpan.', en: 'Sorry, this attachment is too large and was not kept.' },
  tooMany: { id: 'Maaf, jumlah lampiran sudah mencapai batas; lampiran ini tidak disimpan.', en: 'Sorry, the number of attachments reached its limit; this attachment was not kept.' },
  unavailable: { id: 'Maaf, lampiran ini tidak dapat kami ambil. Silakan kirim ulang.', en: 'Sorry, we could not fetch this attachment. Please send it again.' },
  notSupported: { id: 'Maaf, jenis pesan ini belum dapat kami proses. Silakan kirim teks, foto, atau dokumen PDF.', en: 'Sorry, we cannot handle this kind of message yet. Please send text, photos or PDF documents.' },
} satisfies Record<string, Lines>;

/** The status of a complaint asked for with `STATUS <tracking number>`. */
export function statusLine(language: ChatLanguage, trackingNumber: string, stateLabel: string | null): string {
  if (stateLabel === null) {
    return language === 'en'
      ? `We found no complaint ${trackingNumber} filed from this number.`
      : `Tidak ada pengaduan ${trackingNumber} yang diajukan dari nomor ini.`;
  }
  return language === 'en' ? `Complaint ${trackingNumber}: ${stateLabel}.` : `Pengaduan ${trackingNumber}: ${stateLabel}.`;
}

/** `STATUS ADU-2026-000123` → the tracking number asked for, else null. */
export function statusRequestOf(input: ConversationInput): string | null {
  if (input.kind !== 'text') return null;
  const match = /^\s*(?:STATUS|CEK)\s+([A-Z]{2,5}-\d{4}-\d{1,9})\s*$/i.exec(input.text);
  return match?.[1]?.toUpperCase() ?? null;
}

/** The numbered list of permit types; 0 is "other / not sure". */
export function permitList(language: ChatLanguage, permits: readonly PermitChoice[]): string {
  const rows = permits.map((p, i) => `${i + 1}. ${p.name}`);
  return [LINES.choosePermit[language], ...rows, `0. ${LINES.otherPermit[language]}`].join('\n');
}

const word = (input: ConversationInput): string => (input.kind === 'text' ? input.text.trim().toUpperCase().replace(/[.!]+$/, '') : '');

/** The prompt of a step, in a language: asked again after a language switch or a wrong answer. */
function prompt(step: ConversationStep, language: ChatLanguage, permits: readonly PermitChoice[]): string {
  if (step === 'choose_permit') return permitList(language, permits);
  if (step === 'describe') return LINES.describe[language];
  return LINES.consent[language];
}

/** The permit chosen by a reply: a number from the list, or a list row's id; undefined when neither. */
function chosenPermit(input: ConversationInput, permits: readonly PermitChoice[]): { id: number | null } | undefined {
  if (input.kind === 'choice') {
    if (input.id === 'permit:other') return { id: null };
    const id = /^permit:(\d{1,9})$/.exec(input.id)?.[1];
    const permit = id === undefined ? undefined : permits.find((p) => p.id === Number(id));
    return permit ? { id: permit.id } : undefined;
  }
  if (input.kind !== 'text' || !/^\s*\d{1,4}\s*$/.test(input.text)) return undefined;
  const n = Number(input.text.trim());
  if (n === 0) return { id: null };
  const permit = permits[n - 1];
  return permit ? { id: permit.id } : undefined;
}

/** What the person's answer to the consent question is; undefined when it is neither. */
function consentOf(input: ConversationInput): boolean | undefined {
  if (input.kind === 'choice') return input.id === 'consent:yes' ? true : input.id === 'consent:no' ? false : undefined;
  const w = word(input);
  return YES.has(w) ? true : NO.has(w) ? false : undefined;
}

/** The next state and lines after one incoming message. */
export function converse(current: ConversationState | null, input: ConversationInput, now: Date, permits: readonly PermitChoice[]): ConversationOutcome {
  const at = now.toISOString();
  const expired = current !== null && now.getTime() - Date.parse(current.updatedAt) > IDLE_LIMIT_MS;
  const state = expired ? null : current;
  const command = word(input);
  const language: ChatLanguage = command === 'EN' || command === 'ENGLISH' ? 'en' : command === 'ID' || command === 'INDONESIA' ? 'id' : (state?.language ?? 'id');

  if (CANCEL.has(command)) {
    return { state: null, replies: [state ? LINES.cancelled[language] : LINES.nothingToCancel[language]] };
  }
  if (state === null) {
    const replies = [...(expired ? [LINES.restarted[language]] : []), LINES.greeting[language], permitList(language, permits)];
    return { state: { step: 'choose_permit', language, permitTypeId: null, description: null, updatedAt: at }, replies };
  }
  const next = (patch: Partial<ConversationState>, replies: string[]): ConversationOutcome => ({ state: { ...state, language, ...patch, updatedAt: at }, replies });
  if (language !== state.language) return next({}, [prompt(state.step, language, permits)]);

  switch (state.step) {
    case 'choose_permit': {
      if (input.kind === 'media') return next({}, [LINES.mediaHeld[language], prompt('choose_permit', language, permits)]);
      const chosen = chosenPermit(input, permits);
      if (!chosen) return next({}, [LINES.notANumber[language], prompt('choose_permit', language, permits)]);
      return next({ step: 'describe', permitTypeId: chosen.id }, [LINES.describe[language]]);
    }
    case 'describe': {
      if (input.kind === 'media') {
        const caption = input.caption?.trim() ?? '';
        if (caption.length < DESCRIPTION_MIN || caption.length > DESCRIPTION_MAX) return next({}, [LINES.mediaHeld[language]]);
        return next({ step: 'consent', description: caption }, [LINES.mediaHeld[language], LINES.consent[language]]);
      }
      const text = input.kind === 'text' ? input.text.trim() : input.title.trim();
      if (text.length < DESCRIPTION_MIN) return next({}, [LINES.tooShort[language]]);
      if (text.length > DESCRIPTION_MAX) return next({}, [LINES.tooLong[language]]);
      return next({ step: 'consent', description: text }, [LINES.consent[language]]);
    }
    case 'consent': {
      if (input.kind === 'media') return next({}, [LINES.mediaHeld[language]]);
      const consent = consentOf(input);
      if (consent === undefined) return next({}, [LINES.yesOrNo[language]]);
      if (!consent) return { state: null, replies: [LINES.refused[language]] };
      return { state: null, replies: [], file: { permitTypeId: state.permitTypeId, description: state.description ?? '', language } };
    }
  }
}

/** The complaint's subject: the start of the story on one line. */
export function subjectOf(description: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}
