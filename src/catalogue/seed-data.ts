/**
 * First contents of the admin-editable catalogues, from shared/mission/CATALOGUE.md
 * (DPMPTSP Kota Tangerang and comparable offices). Seeded once; admins change them after.
 */
export const SEED_DIVISIONS = [
  { code: 'PDA', name: 'Bidang Pengelolaan Data dan Advokasi' },
  { code: 'PM', name: 'Bidang Penanaman Modal' },
  { code: 'PP', name: 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan' },
  { code: 'PKP', name: 'Bidang Pengaduan, Kebijakan dan Pelaporan Layanan' },
  { code: 'IPP', name: 'Bidang Informasi dan Pengendalian Pelaksanaan Penanaman Modal' },
  { code: 'SEK', name: 'Sekretariat' },
] as const;

export const SEED_PERMIT_TYPES = [
  { code: 'PBG-HUNIAN', name: 'PBG — Persetujuan Bangunan Gedung (hunian)', category: 'Bangunan dan tanah' },
  { code: 'PBG-USAHA', name: 'PBG — Persetujuan Bangunan Gedung (usaha)', category: 'Bangunan dan tanah' },
  { code: 'PBG-CAMPURAN', name: 'PBG — Persetujuan Bangunan Gedung (campuran)', category: 'Bangunan dan tanah' },
  { code: 'PBG-SOSBUD', name: 'PBG — Persetujuan Bangunan Gedung (sosial-budaya, tempat ibadah)', category: 'Bangunan dan tanah' },
  { code: 'PBG-10JAM', name: 'PBG 10 Jam (rumah sederhana)', category: 'Bangunan dan tanah' },
  { code: 'IMB', name: 'IMB (Izin Mendirikan Bangunan, sebelum PBG)', category: 'Bangunan dan tanah' },
  { code: 'KRK', name: 'KRK — Keterangan Rencana Kota', category: 'Bangunan dan tanah' },
  { code: 'KKPR', name: 'KKPR — Kesesuaian Kegiatan Pemanfaatan Ruang', category: 'Bangunan dan tanah' },
  { code: 'SLF', name: 'SLF — Sertifikat Laik Fungsi', category: 'Bangunan dan tanah' },
  { code: 'REKLAME', name: 'Izin penyelenggaraan reklame', category: 'Reklame' },
  { code: 'SIP-DOKTER', name: 'SIP dokter', category: 'Kesehatan' },
  { code: 'SIP-BIDAN', name: 'SIP bidan', category: 'Kesehatan' },
  { code: 'SIP-PERAWAT', name: 'SIP perawat', category: 'Kesehatan' },
  { code: 'SIPA', name: 'SIPA — Surat Izin Praktik Apoteker', category: 'Kesehatan' },
  { code: 'NIB', name: 'NIB melalui OSS RBA', category: 'Usaha' },
  { code: 'LKPM', name: 'Pendampingan LKPM', category: 'Usaha' },
  { code: 'SIUP', name: 'SIUP (lama)', category: 'Usaha' },
  { code: 'TDP', name: 'TDP (lama)', category: 'Usaha' },
  { code: 'IUTM', name: 'Izin Usaha Toko Modern (IUTM)', category: 'Usaha' },
  { code: 'MAKAM', name: 'Perpanjangan izin petak makam', category: 'Lainnya' },
  { code: 'IUI', name: 'Izin usaha industri', category: 'Usaha' },
  { code: 'IUJK', name: 'Izin usaha jasa konstruksi', category: 'Usaha' },
  { code: 'PAUD', name: 'Izin operasional PAUD/TK', category: 'Pendidikan' },
  { code: 'KURSUS', name: 'Izin kursus', category: 'Pendidikan' },
  { code: 'LAINNYA', name: 'Lainnya / tidak terkait izin tertentu', category: 'Lainnya' },
] as const;

/** Complaint classes and their working days to answer (SP4N-LAPOR! practice: 5, 14, 60). */
export const SEED_COMPLAINT_CLASSES = [
  { code: 'SEDERHANA', name_id: 'Sederhana', name_en: 'Simple', answer_days: 5 },
  { code: 'BIASA', name_id: 'Biasa', name_en: 'Normal', answer_days: 14 },
  { code: 'INVESTIGASI', name_id: 'Perlu investigasi', name_en: 'Needs investigation', answer_days: 60 },
] as const;

/** The class a complaint has until staff classify it. */
export const DEFAULT_CLASS_CODE = 'BIASA';

/** Ombudsman RI maladministration classes, plus themes seen in Kota Tangerang reporting. */
export const SEED_COMPLAINT_THEMES = [
  { code: 'PENUNDAAN', name_id: 'Penundaan berlarut', name_en: 'Undue delay' },
  { code: 'PROSEDUR', name_id: 'Penyimpangan prosedur', name_en: 'Procedure deviation' },
  { code: 'TIDAK-LAYANI', name_id: 'Tidak memberikan pelayanan', name_en: 'Service not given' },
  { code: 'TIDAK-PATUT', name_id: 'Perlakuan tidak patut', name_en: 'Improper treatment' },
  { code: 'TIDAK-KOMPETEN', name_id: 'Tidak kompeten', name_en: 'Incompetence' },
  { code: 'IMBALAN', name_id: 'Permintaan imbalan', name_en: 'Asking for money or favours' },
  { code: 'CALO', name_id: 'Praktik calo', name_en: 'Brokers (calo)' },
  { code: 'SISTEM', name_id: 'Gangguan sistem perizinan daring', name_en: 'Online permit system outage' },
  { code: 'INFORMASI', name_id: 'Permintaan informasi', name_en: 'Information request' },
] as const;
