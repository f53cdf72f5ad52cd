import type { Bilingual } from './i18n';

/** Words both front ends use. Names follow ../shared/mission/GLOSSARY.md. */

export const STATE_NAMES = {
  received: { id: 'Diterima', en: 'Received' },
  acknowledged: { id: 'Ditanggapi', en: 'Acknowledged' },
  clarification: { id: 'Menunggu klarifikasi', en: 'Awaiting clarification' },
  disposed: { id: 'Diteruskan ke bidang terkait', en: 'With the related division' },
  followed_up: { id: 'Sudah ditindaklanjuti', en: 'Followed up' },
  answer_drafted: { id: 'Jawaban sedang disiapkan', en: 'Answer being prepared' },
  answered: { id: 'Dijawab', en: 'Answered' },
  closed: { id: 'Selesai', en: 'Closed' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  referred: { id: 'Bukan wewenang, diteruskan', en: 'Outside our authority, referred' },
  on_hold: { id: 'Ditunda', en: 'On hold' },
  reopened: { id: 'Dibuka kembali', en: 'Reopened' },
} as const satisfies Record<string, Bilingual>;

export type StateName = keyof typeof STATE_NAMES;

export function isStateName(value: string): value is StateName {
  return value in STATE_NAMES;
}

/** How a complaint reached the office. */
export const CHANNEL_NAMES = {
  web: { id: 'Situs web', en: 'Website' },
  letter: { id: 'Surat', en: 'Letter' },
  phone: { id: 'Telepon', en: 'Phone' },
  walk_in: { id: 'Datang langsung', en: 'Walk-in' },
  email: { id: 'Email', en: 'Email' },
  social_media: { id: 'Media sosial', en: 'Social media' },
  whatsapp: { id: 'WhatsApp', en: 'WhatsApp' },
  sms: { id: 'SMS', en: 'SMS' },
  lapor: { id: 'SP4N-LAPOR!', en: 'SP4N-LAPOR!' },
} as const satisfies Record<string, Bilingual>;

/** What each state means for the reporter, in one sentence. */
export const STATE_EXPLANATIONS: Record<StateName, Bilingual> = {
  received: { id: 'Pengaduan Anda sudah masuk dan menunggu tanggapan petugas.', en: 'Your complaint has arrived and is waiting for a first response.' },
  acknowledged: { id: 'Petugas sudah menanggapi dan sedang memeriksa pengaduan Anda.', en: 'Staff have responded and are looking into your complaint.' },
  clarification: { id: 'Petugas membutuhkan keterangan tambahan dari Anda. Silakan balas di bawah.', en: 'The office needs more information from you. Please reply below.' },
  disposed: { id: 'Pengaduan diteruskan ke bidang yang menangani izin Anda.', en: 'Your complaint was passed to the division that handles your permit.' },
  followed_up: { id: 'Bidang terkait sudah menindaklanjuti; jawaban segera disiapkan.', en: 'The related division has acted; an answer is being prepared.' },
  answer_drafted: { id: 'Jawaban sedang diperiksa sebelum dikirim kepada Anda.', en: 'The answer is being reviewed before it is sent to you.' },
  answered: { id: 'Pengaduan sudah dijawab. Terima jawaban ini atau sampaikan keberatan.', en: 'Your complaint has been answered. Accept the answer or dispute it.' },
  closed: { id: 'Penanganan pengaduan sudah selesai.', en: 'Handling of the complaint is finished.' },
  rejected: { id: 'Pengaduan tidak dapat diproses. Lihat pesan petugas.', en: 'The complaint could not be processed. See the office’s message.' },
  referred: { id: 'Masalah ini di luar wewenang kami dan diteruskan ke instansi yang berwenang.', en: 'This matter is outside our authority and was referred to the competent agency.' },
  on_hold: { id: 'Penanganan ditunda sementara menunggu pihak lain.', en: 'Handling is paused while waiting on someone else.' },
  reopened: { id: 'Pengaduan dibuka kembali dan ditangani lagi.', en: 'The complaint was reopened and is being handled again.' },
};

/** Public timeline entries (src/workflow/events.ts PUBLIC_EVENT_TYPES) and the office's actions. */
export const EVENT_NAMES: Readonly<Record<string, Bilingual>> = {
  submitted: { id: 'Pengaduan dikirim', en: 'Complaint submitted' },
  registered: { id: 'Pengaduan dicatat petugas', en: 'Complaint registered by staff' },
  acknowledge: { id: 'Ditanggapi petugas', en: 'Acknowledged by staff' },
  print_sheet: { id: 'Lembar pengaduan dicetak', en: 'Complaint sheet printed' },
  request_clarification: { id: 'Petugas meminta klarifikasi', en: 'The office asked for clarification' },
  reporter_reply: { id: 'Pelapor membalas', en: 'The reporter replied' },
  resume: { id: 'Penanganan dilanjutkan', en: 'Handling resumed' },
  dispose: { id: 'Diteruskan ke bidang terkait', en: 'Passed to the related division' },
  record_follow_up: { id: 'Tindak lanjut dicatat', en: 'Follow-up recorded' },
  draft_answer: { id: 'Jawaban disusun', en: 'Answer drafted' },
  return_answer: { id: 'Jawaban dikembalikan untuk diperbaiki', en: 'Answer returned for changes' },
  approve_answer: { id: 'Jawaban diterbitkan', en: 'Answer published' },
  accept_answer: { id: 'Pelapor menerima jawaban', en: 'The reporter accepted the answer' },
  dispute_answer: { id: 'Pelapor menyampaikan keberatan', en: 'The reporter disputed the answer' },
  auto_close: { id: 'Ditutup otomatis (tidak ada tanggapan)', en: 'Closed automatically (no response)' },
  close: { id: 'Ditutup', en: 'Closed' },
  reject: { id: 'Ditolak', en: 'Rejected' },
  refer: { id: 'Diteruskan ke instansi lain', en: 'Referred to another agency' },
  merged_into: { id: 'Digabung ke pengaduan asal', en: 'Merged into the original' },
  merged_from: { id: 'Duplikat digabung ke sini', en: 'A duplicate merged into this one' },
  hold: { id: 'Ditunda', en: 'Put on hold' },
  reopen: { id: 'Dibuka kembali', en: 'Reopened' },
  rated: { id: 'Survei kepuasan diisi', en: 'Satisfaction survey completed' },
  add_note: { id: 'Catatan ditambahkan', en: 'Note added' },
  classify: { id: 'Klasifikasi diubah', en: 'Classification changed' },
  personal_data_requested: { id: 'Permintaan atas data pribadi diajukan', en: 'Personal-data request made' },
  personal_data_request_answered: { id: 'Permintaan atas data pribadi dijawab', en: 'Personal-data request answered' },
  personal_data_erased: { id: 'Data pribadi dihapus', en: 'Personal data erased' },
  message_released: { id: 'Pesan pelapor dirilis ke bidang', en: 'Reporter’s message released to the division' },
  attachment_released: { id: 'Berkas pelapor dirilis ke bidang', en: 'Reporter’s file released to the division' },
  reporter_info: { id: 'Pelapor menambahkan keterangan', en: 'The reporter added information' },
  access_code_reissued: { id: 'Kode akses baru dikirim ke email pelapor', en: 'A new access code was mailed to the reporter' },
  publication_published: { id: 'Dipublikasikan (teks disamarkan)', en: 'Published (redacted text)' },
  publication_withdrawn: { id: 'Publikasi dibatalkan', en: 'Unpublished' },
};

export const DEADLINE_KINDS: Readonly<Record<string, Bilingual>> = {
  first_response: { id: 'Batas tanggapan pertama', en: 'First response due' },
  answer: { id: 'Batas waktu jawaban', en: 'Answer due' },
  auto_close: { id: 'Ditutup otomatis bila tidak ada tanggapan pada', en: 'Closes automatically without a reply on' },
};

export const MESSAGE_KINDS: Readonly<Record<string, Bilingual>> = {
  acknowledgement: { id: 'Tanggapan', en: 'Acknowledgement' },
  clarification_request: { id: 'Permintaan klarifikasi', en: 'Request for clarification' },
  reply: { id: 'Balasan', en: 'Reply' },
  answer: { id: 'Jawaban', en: 'Answer' },
  message: { id: 'Pesan', en: 'Message' },
  dispute: { id: 'Keberatan', en: 'Dispute' },
  note: { id: 'Catatan', en: 'Note' },
};

export const COMMON = {
  office: { id: 'DPMPTSP Kota Tangerang', en: 'DPMPTSP Tangerang City' },
  officeLong: {
    id: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Tangerang',
    en: 'Investment and One-Stop Integrated Services Agency, Tangerang City',
  },
  switchTo: { id: 'English', en: 'Bahasa Indonesia' },
  switchLabel: { id: 'Switch to English', en: 'Ganti ke Bahasa Indonesia' },
  errorSummaryTitle: { id: 'Ada {n} hal yang perlu diperbaiki', en: 'There are {n} things to fix' },
  errorSummaryTitleOne: { id: 'Ada 1 hal yang perlu diperbaiki', en: 'There is 1 thing to fix' },
  networkError: {
    id: 'Tidak dapat terhubung ke server. Periksa koneksi internet Anda lalu coba lagi.',
    en: 'Could not reach the server. Check your internet connection and try again.',
  },
  rateLimited: {
    id: 'Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {minutes} menit.',
    en: 'Too many requests from your address. Try again in {minutes} minutes.',
  },
  unknownError: { id: 'Terjadi kesalahan. Coba lagi.', en: 'Something went wrong. Try again.' },
  required: { id: 'Wajib diisi.', en: 'Required.' },
  optional: { id: '(tidak wajib)', en: '(optional)' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  sending: { id: 'Mengirim…', en: 'Sending…' },
  state: { id: 'Status', en: 'Status' },
} as const satisfies Record<string, Bilingual>;
