import type { Bilingual } from '../shared/i18n';

/** The words of the old-register import (decision 0024). */
export const I = {
  tab: { id: 'Impor buku lama', en: 'Import old register' },
  title: { id: 'Impor buku pengaduan lama', en: 'Import the old complaint register' },
  intro: {
    id: 'Unggah buku pengaduan kantor (.xlsx atau .csv, paling besar 10 MB, 5.000 baris). Semua baris diimpor sekaligus atau tidak sama sekali; baris yang pernah diimpor dilewati. Pelapor dan petugas tidak dikirimi apa pun.',
    en: 'Upload the office’s complaint register (.xlsx or .csv, at most 10 MB and 5,000 rows). All rows are imported at once or none; rows imported before are skipped. Nobody is sent anything.',
  },
  file: { id: 'Berkas buku pengaduan', en: 'Register file' },
  read: { id: 'Baca berkas', en: 'Read the file' },
  mappingTitle: { id: 'Kolom', en: 'Columns' },
  mappingIntro: { id: 'Baris judul {row}. Pilih kolom berkas untuk setiap isian; tebakan awal dari nama kolom.', en: 'Header row {row}. Choose the file’s column for each field; first guessed from the column names.' },
  noColumn: { id: '— tidak ada —', en: '— none —' },
  fallbackTitle: { id: 'Bila nilainya tidak dikenal', en: 'When a value is unknown' },
  refuseRow: { id: 'Tolak barisnya', en: 'Refuse the row' },
  leaveEmpty: { id: 'Kosongkan', en: 'Leave empty' },
  dryRun: { id: 'Uji coba', en: 'Dry run' },
  importNow: { id: 'Impor {n} pengaduan', en: 'Import {n} complaints' },
  resultTitle: { id: 'Hasil uji coba', en: 'Dry run result' },
  summary: { id: '{rows} baris: {ok} akan diimpor, {refused} baris ditolak, {skipped} sudah pernah diimpor.', en: '{rows} rows: {ok} would be imported, {refused} rows refused, {skipped} imported before.' },
  fixFirst: { id: 'Perbaiki berkas atau pemetaan lalu uji coba lagi: selama ada baris ditolak, tidak ada yang diimpor.', en: 'Fix the file or the mapping and run again: while any row is refused, nothing is imported.' },
  row: { id: 'Baris', en: 'Row' },
  column: { id: 'Kolom', en: 'Column' },
  reason: { id: 'Alasan', en: 'Reason' },
  refusedCaption: { id: 'Baris yang ditolak', en: 'Refused rows' },
  imported: { id: '{n} pengaduan diimpor.', en: '{n} complaints imported.' },
  originalNumber: { id: 'Nomor di buku pengaduan lama', en: 'Number in the old register' },
  originalShort: { id: 'No. buku lama {n}', en: 'Old register no. {n}' },
} satisfies Record<string, Bilingual>;

/** Each field of the mapping, in the order of the register. */
export const IMPORT_FIELD_NAMES = {
  originalNumber: { id: 'Nomor asli (wajib)', en: 'Original number (required)' },
  receivedAt: { id: 'Tanggal diterima (wajib)', en: 'Date received (required)' },
  reporterName: { id: 'Nama pelapor', en: 'Reporter name' },
  reporterContact: { id: 'Alamat / telepon / email pelapor', en: 'Reporter address / phone / email' },
  subject: { id: 'Perihal', en: 'Subject' },
  description: { id: 'Uraian pengaduan (wajib)', en: 'Description (required)' },
  permitType: { id: 'Jenis izin', en: 'Permit type' },
  theme: { id: 'Tema', en: 'Theme' },
  channel: { id: 'Saluran', en: 'Channel' },
  state: { id: 'Status', en: 'State' },
  followUp: { id: 'Tindak lanjut', en: 'Follow-up' },
  answer: { id: 'Jawaban', en: 'Answer' },
  answeredAt: { id: 'Tanggal dijawab', en: 'Date answered' },
  closedAt: { id: 'Tanggal selesai', en: 'Date closed' },
  remarks: { id: 'Keterangan', en: 'Remarks' },
} as const satisfies Record<string, Bilingual>;
