import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';

const SECTIONS: readonly { title: Bilingual; paragraphs: readonly Bilingual[] }[] = [
  {
    title: { id: 'Data apa yang kami simpan', en: 'What we keep' },
    paragraphs: [
      {
        id: 'Isi pengaduan (judul, uraian, jenis izin, nomor permohonan, tanggal kejadian), lampiran yang Anda kirim, serta nama, email, nomor telepon/WhatsApp, dan alamat bila Anda mengisinya. Kami juga mencatat riwayat penanganan (siapa di kantor melakukan apa dan kapan).',
        en: 'The complaint (subject, description, permit type, application number, date of the incident), the files you attach, and your name, email, phone/WhatsApp number and address if you give them. We also record the handling history (who at the office did what, and when).',
      },
      {
        id: 'Kode akses hanya disimpan dalam bentuk tersandi; petugas pun tidak dapat melihatnya. Alamat IP dipakai untuk membatasi penyalahgunaan dan dapat tercatat sementara di log server; alamat IP tidak disimpan bersama pengaduan.',
        en: 'The access code is stored only in hashed form; not even staff can read it. Your IP address is used to limit abuse and may appear for a while in the server logs; it is not stored with the complaint.',
      },
    ],
  },
  {
    title: { id: 'Untuk apa', en: 'Why' },
    paragraphs: [
      {
        id: 'Untuk menangani pengaduan Anda sesuai SOP/DATA/16a: menanggapi, meminta klarifikasi, meneruskan ke bidang terkait, dan menjawab. Angka rekap dan statistik publik disusun tanpa identitas. Dasar pemrosesan adalah persetujuan Anda dan pelaksanaan tugas pelayanan publik (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi).',
        en: 'To handle your complaint under procedure SOP/DATA/16a: respond, ask for clarification, pass it to the related division, and answer. Recaps and public statistics are compiled without identities. The legal bases are your consent and the performance of a public-service task (Law 27/2022 on Personal Data Protection).',
      },
    ],
  },
  {
    title: { id: 'Siapa yang dapat melihatnya', en: 'Who can see it' },
    paragraphs: [
      {
        id: 'Petugas penerima pengaduan (staf, Kepala Seksi, Kepala Bidang) melihat identitas Anda. Bila Anda memilih anonim, bidang terkait dan publik hanya melihat "Anonim". Pengaduan yang dirahasiakan tidak pernah tampil di daftar atau statistik publik. Kami tidak membagikan data kepada pihak ketiga dan tidak memakai layanan pelacak.',
        en: 'The intake desk (staff, head of section, head of division) sees your identity. If you choose anonymous, the related division and the public see only "Anonymous". Confidential complaints never appear in a public list or figure. We share no data with third parties and use no tracking services.',
      },
    ],
  },
  {
    title: { id: 'Berapa lama', en: 'For how long' },
    paragraphs: [
      {
        id: 'Data pribadi disimpan selama pengaduan ditangani dan sesudahnya selama masa simpan yang ditetapkan kantor (bawaan: 2 tahun setelah pengaduan selesai). Setelah itu nama, kontak, dan alamat dihapus; yang tersisa hanya catatan tanpa identitas untuk buku pengaduan dan rekap.',
        en: 'Personal data is kept while the complaint is handled and afterwards for the retention period the office sets (by default 2 years after the complaint is finished). Then the name, contact and address are erased; only an anonymous record remains for the complaint register and the recap.',
      },
    ],
  },
  {
    title: { id: 'Hak Anda', en: 'Your rights' },
    paragraphs: [
      {
        id: 'Anda berhak meminta salinan data Anda, perbaikan, atau penghapusan lebih awal, dan menarik persetujuan. Sampaikan permintaan dengan datang langsung ke kantor DPMPTSP Kota Tangerang atau melalui surat, dengan menyebut nomor pengaduan Anda dan membawa tanda terima. Kami menanggapi dalam batas waktu yang ditetapkan UU 27/2022.',
        en: 'You may ask for a copy of your data, its correction or its earlier erasure, and withdraw your consent. Make the request in person at the DPMPTSP Tangerang City office or by letter, quoting your tracking number and bringing your receipt. We respond within the time Law 27/2022 sets.',
      },
    ],
  },
];

const M = { title: { id: 'Kebijakan privasi', en: 'Privacy notice' } } as const satisfies Record<string, Bilingual>;

export function Privacy() {
  const { t } = useLanguage();
  return (
    <>
      <h1 tabIndex={-1}>{t(M.title)}</h1>
      <p>{t(COMMON.officeLong)}</p>
      {SECTIONS.map((section) => (
        <section key={section.title.id}>
          <h2>{t(section.title)}</h2>
          {section.paragraphs.map((p) => (
            <p key={p.id.slice(0, 40)}>{t(p)}</p>
          ))}
        </section>
      ))}
    </>
  );
}
