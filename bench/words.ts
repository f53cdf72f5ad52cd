/**
 * Indonesian complaint text for the generated data set and the load scenarios: word lists
 * combined so that full-text search sees thousands of distinct subjects and words of very
 * different frequency (from "izin" in most complaints to a kecamatan name in a few).
 */

/** Deterministic PRNG (mulberry32), so a data set of a given size is the same each time. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

const PERMITS = ['PBG', 'PBG rumah tinggal', 'IMB', 'SLF', 'KRK', 'KKPR', 'izin reklame', 'SIP dokter', 'SIP bidan', 'SIP perawat', 'SIPA', 'NIB', 'LKPM', 'izin usaha toko modern', 'izin petak makam', 'izin usaha industri', 'izin jasa konstruksi', 'izin operasional PAUD', 'izin kursus', 'izin usaha'];
const PROBLEMS = [
  'belum terbit lewat batas waktu',
  'terlambat diproses',
  'ditolak tanpa alasan jelas',
  'berkas dinyatakan tidak lengkap',
  'status permohonan tidak berubah',
  'diminta biaya tambahan',
  'ditawari jasa calo',
  'sistem daring tidak bisa diakses',
  'data tidak sinkron dengan OSS',
  'petugas loket tidak ramah',
  'persyaratan membingungkan',
  'survei lapangan belum dijadwalkan',
  'retribusi tidak sesuai ketentuan',
  'dokumen hilang di loket',
  'antrean terlalu panjang',
  'verifikasi teknis tertunda',
  'pesan galat saat unggah dokumen',
  'tidak ada jawaban dari petugas',
];
const OPENERS = [
  'Saya mengajukan permohonan {permit} sejak {when} dan semua persyaratan sudah diunggah.',
  'Permohonan {permit} atas nama {name} di Kecamatan {place} sudah lama diajukan.',
  'Kami dari {company} mengajukan {permit} untuk bangunan di Kelurahan {place}.',
  'Pada {when} saya datang ke loket DPMPTSP untuk menanyakan {permit}.',
  'Nomor permohonan {permit} saya tercantum di bawah ini, mohon dibantu pengecekan.',
  'Sebagai pemilik usaha di {place}, saya membutuhkan {permit} secepatnya.',
];
const MIDDLES = [
  'Sampai sekarang belum ada kabar dan status di sistem tidak berubah.',
  'Petugas menyampaikan bahwa berkas saya kurang, padahal sebelumnya dinyatakan lengkap.',
  'Ada seseorang yang mengaku calo dan menawarkan percepatan dengan membayar sejumlah uang.',
  'Aplikasi menampilkan pesan galat setiap kali saya mengunggah gambar teknis bangunan.',
  'Saya diminta membayar retribusi yang jumlahnya berbeda dengan perhitungan di website.',
  'Survei lapangan sudah dilakukan tetapi hasil verifikasi belum disampaikan.',
  'Antrean di loket sangat panjang dan nomor antrean habis sebelum jam sepuluh.',
  'Informasi persyaratan di website berbeda dengan yang disampaikan petugas.',
  'Data NIB di OSS tidak sinkron dengan data perizinan daerah.',
  'Saya sudah menghubungi nomor WhatsApp layanan tetapi tidak dibalas.',
  'Gambar arsitektur dan struktur sudah direvisi dua kali sesuai catatan tim teknis.',
  'Usaha saya tidak bisa beroperasi karena menunggu izin ini terbit.',
];
const CLOSERS = [
  'Mohon penjelasan mengenai tahapan verifikasi dan perkiraan waktu penyelesaian.',
  'Mohon ditindaklanjuti sesuai standar pelayanan.',
  'Saya berharap ada kepastian waktu karena kontrak sewa sudah berjalan.',
  'Mohon petugas yang bersangkutan diberi pembinaan.',
  'Terima kasih atas perhatian dan bantuannya.',
  'Mohon agar praktik pungutan di luar ketentuan ditertibkan.',
];
const WHEN = ['bulan lalu', 'awal tahun', 'tiga minggu lalu', 'dua bulan lalu', 'pertengahan bulan', 'akhir pekan lalu', 'Januari', 'Maret', 'Juni', 'Agustus', 'Oktober', 'Desember'];
export const PLACES = ['Cipondoh', 'Karawaci', 'Ciledug', 'Benda', 'Batuceper', 'Cibodas', 'Jatiuwung', 'Karang Tengah', 'Larangan', 'Neglasari', 'Periuk', 'Pinang', 'Tangerang', 'Poris', 'Sukasari', 'Babakan', 'Cikokol', 'Panunggangan', 'Kunciran', 'Gondrong'];
const FIRST = ['Budi', 'Siti', 'Agus', 'Dewi', 'Rizky', 'Nurul', 'Hendra', 'Ratna', 'Yusuf', 'Fitri', 'Andi', 'Lina', 'Eko', 'Wahyu', 'Sri', 'Bambang', 'Indah', 'Joko', 'Maya', 'Taufik', 'Putri', 'Ahmad', 'Yuliana', 'Dedi'];
const LAST = ['Santoso', 'Rahmawati', 'Wijaya', 'Lestari', 'Pratama', 'Hidayah', 'Gunawan', 'Sari', 'Maulana', 'Handayani', 'Saputra', 'Marlina', 'Prasetyo', 'Kurniawan', 'Setiawan', 'Susanti', 'Nugroho', 'Permata', 'Hakim', 'Siregar'];
const COMPANIES = ['PT Maju Bersama', 'CV Sinar Tangerang', 'PT Karya Mandiri', 'CV Berkah Jaya', 'PT Graha Pinang', 'Koperasi Sejahtera', 'PT Cahaya Karawaci', 'CV Mitra Ciledug'];

/** Words for the search scenario: common, medium and rare in the generated text. */
export const SEARCH_WORDS = ['izin', 'bangunan', 'PBG', 'reklame', 'berkas', 'loket', 'calo', 'sistem', 'terlambat', 'retribusi', 'survei', 'OSS', 'Cipondoh', 'Karawaci', 'makam', 'apoteker', 'antrean', 'galat', 'verifikasi', 'WhatsApp'];

export function personName(random: Random): string {
  return `${pick(random, FIRST)} ${pick(random, LAST)}`;
}

function fill(random: Random, template: string, permit: string): string {
  return template
    .replace('{permit}', permit)
    .replace('{when}', pick(random, WHEN))
    .replace('{place}', pick(random, PLACES))
    .replace('{name}', personName(random))
    .replace('{company}', pick(random, COMPANIES));
}

export interface ComplaintText {
  subject: string;
  description: string;
}

export function complaintText(random: Random): ComplaintText {
  const permit = pick(random, PERMITS);
  const problem = pick(random, PROBLEMS);
  const subject = random() < 0.3 ? `${permit} ${problem} (${pick(random, PLACES)})` : `${permit[0]?.toUpperCase()}${permit.slice(1)} ${problem}`;
  const parts = [fill(random, pick(random, OPENERS), permit)];
  const middles = 1 + Math.floor(random() * 3);
  for (let i = 0; i < middles; i++) parts.push(pick(random, MIDDLES));
  parts.push(pick(random, CLOSERS));
  return { subject, description: parts.join(' ') };
}

export const STAFF_TEXT = {
  acknowledgement: ['Pengaduan Anda telah kami terima dan sedang kami pelajari.', 'Terima kasih, pengaduan sudah diregistrasi dan akan ditindaklanjuti.', 'Pengaduan diterima; kami akan menghubungi bidang terkait.'],
  clarification: ['Mohon lampirkan nomor permohonan dan foto tanda terima berkas.', 'Mohon jelaskan tanggal pengajuan dan nama petugas yang melayani.', 'Mohon kirimkan tangkapan layar pesan galat dari sistem.'],
  reply: ['Nomor permohonan sudah saya cantumkan, tanda terima terlampir.', 'Saya mengajukan pada awal bulan dan dilayani di loket tiga.', 'Tangkapan layar sudah saya kirim melalui email.'],
  instruction: ['Mohon dicek status berkas dan disampaikan hasilnya.', 'Mohon ditindaklanjuti dan dilaporkan dalam lima hari kerja.', 'Mohon klarifikasi kepada petugas loket yang bersangkutan.'],
  followUp: ['Berkas sudah diverifikasi ulang dan diteruskan ke tim teknis.', 'Petugas sudah diberi teguran dan pembinaan.', 'Sistem sudah diperbaiki oleh tim pengelola aplikasi.', 'Izin sudah terbit dan dapat diunduh.'],
  advocacy: ['Pemohon didampingi melengkapi dokumen teknis.', 'Pemohon diberi penjelasan alur perizinan.'],
  answer: [
    'Berdasarkan hasil penelusuran, permohonan Anda sudah diproses dan izin telah terbit. Silakan unduh melalui sistem.',
    'Kami mohon maaf atas keterlambatan. Berkas Anda telah diverifikasi dan akan selesai dalam tiga hari kerja.',
    'Tidak ada biaya tambahan di luar retribusi resmi. Kami sudah menindak petugas yang bersangkutan.',
    'Gangguan sistem sudah diperbaiki; silakan unggah ulang dokumen Anda.',
  ],
  reject: ['Pengaduan tidak dapat kami proses karena tidak berisi informasi yang cukup.', 'Pengaduan ini sama dengan pengaduan sebelumnya.'],
  refer: ['Pengaduan kami teruskan ke instansi yang berwenang.', 'Materi pengaduan merupakan kewenangan instansi lain.'],
  referredTo: ['Dinas Perumahan dan Permukiman', 'Dinas Kesehatan', 'Badan Pendapatan Daerah', 'Kementerian Investasi/BKPM', 'Satpol PP'],
  hold: ['Menunggu hasil pemeriksaan tim teknis.', 'Menunggu keputusan rapat koordinasi.'],
  dispute: ['Jawaban belum menjawab pertanyaan saya, izin belum bisa diunduh.', 'Saya masih dimintai biaya tambahan oleh oknum.'],
} as const;
