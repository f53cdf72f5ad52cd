import type { Channel } from '../complaints/schema.js';
import type { ComplaintState } from '../workflow/state-machine.js';

/** Paper is in Indonesian; the same words as web/src/shared/messages.ts (GLOSSARY.md names). */
export const STATE_LABELS: Record<ComplaintState, string> = {
  received: 'Diterima',
  acknowledged: 'Ditanggapi',
  clarification: 'Menunggu klarifikasi',
  disposed: 'Diteruskan ke bidang terkait',
  followed_up: 'Sudah ditindaklanjuti',
  answer_drafted: 'Jawaban sedang disiapkan',
  answered: 'Dijawab',
  closed: 'Selesai',
  rejected: 'Ditolak',
  referred: 'Bukan wewenang, diteruskan',
  on_hold: 'Ditunda',
  reopened: 'Dibuka kembali',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Situs web',
  letter: 'Surat',
  phone: 'Telepon',
  walk_in: 'Datang langsung',
  email: 'Email',
  social_media: 'Media sosial',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  lapor: 'SP4N-LAPOR!',
};

export const NOT_STATED = 'Tidak disebutkan';
