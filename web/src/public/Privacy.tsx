import { useLanguage, type Bilingual } from '../shared/i18n';
import { COMMON } from '../shared/messages';
import { usePortalInfo } from './portal-info';
import { Link, PATHS } from './router';

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
];

/** Each right of UU 27/2022 and where to use it online; `online` rights go through the tracking page. */
const RIGHTS: readonly { right: Bilingual; how: Bilingual; online: boolean }[] = [
  {
    right: { id: 'Mendapat salinan data Anda', en: 'Get a copy of your data' },
    how: { id: 'Di halaman Lacak, buka pengaduan Anda dengan nomor dan kode akses, lalu di bagian "Data pribadi Anda" pilih "Salinan data pribadi". Salinan dapat diunduh di bagian yang sama setelah petugas menyiapkannya.', en: 'On the Track page, open your complaint with its number and access code, then under "Your personal data" choose "A copy of my personal data". Download the copy there once the office has prepared it.' },
    online: true,
  },
  {
    right: { id: 'Memperbaiki data yang salah', en: 'Correct wrong data' },
    how: { id: 'Di bagian "Data pribadi Anda" pada halaman Lacak, pilih "Perbaikan data pribadi" dan tulis data yang benar.', en: 'Under "Your personal data" on the Track page, choose "Correction of my personal data" and write the right data.' },
    online: true,
  },
  {
    right: { id: 'Menghapus data lebih awal', en: 'Have your data erased early' },
    how: { id: 'Di bagian "Data pribadi Anda" pada halaman Lacak, pilih "Penghapusan data pribadi". Pengaduan yang masih ditangani tidak dapat dihapus; petugas akan menjelaskan alasannya.', en: 'Under "Your personal data" on the Track page, choose "Erasure of my personal data". A complaint still being handled cannot be erased; the office will tell you why.' },
    online: true,
  },
  {
    right: { id: 'Menarik persetujuan', en: 'Withdraw your consent' },
    how: { id: 'Ajukan "Penghapusan data pribadi" di halaman Lacak: setelah dihapus, data Anda tidak diproses lagi. Bila pengaduan masih ditangani, hubungi petugas pelindungan data di bawah.', en: 'Ask for "Erasure of my personal data" on the Track page: once erased, your data is no longer processed. If the complaint is still being handled, contact the data-protection contact below.' },
    online: true,
  },
  {
    right: { id: 'Menolak atau membatasi pemrosesan, dan bertanya', en: 'Object to or restrict processing, and ask questions' },
    how: { id: 'Kirim email atau telepon petugas pelindungan data di bawah, dengan menyebut nomor pengaduan Anda. Bila kode akses hilang, sebutkan nomor pengaduan dan kontak yang Anda isi di formulir.', en: 'Email or call the data-protection contact below, quoting your tracking number. If you lost the access code, give the tracking number and the contact you gave in the form.' },
    online: false,
  },
];

const M = {
  title: { id: 'Kebijakan privasi', en: 'Privacy notice' },
  rights: { id: 'Hak Anda dan cara menggunakannya', en: 'Your rights and how to use them' },
  rightsIntro: { id: 'Semua permintaan di bawah dapat diajukan secara daring. Kami menjawab paling lambat {n} hari.', en: 'You can make every request below online. We answer within {n} days.' },
  openTrack: { id: 'Buka halaman Lacak', en: 'Open the Track page' },
  contact: { id: 'Petugas pelindungan data pribadi', en: 'Data-protection contact' },
  contactIntro: { id: 'Untuk pertanyaan atau keberatan tentang data pribadi Anda:', en: 'For questions or objections about your personal data:' },
  email: { id: 'Email', en: 'Email' },
  phone: { id: 'Telepon', en: 'Phone' },
  address: { id: 'Alamat', en: 'Address' },
} as const satisfies Record<string, Bilingual>;

/** UU 27/2022 gives 3 × 24 hours, the default of PERSONAL_DATA_REQUEST_DAYS. */
const DEFAULT_REQUEST_DAYS = 3;

export function Privacy() {
  const { t } = useLanguage();
  const info = usePortalInfo();
  const officer = info?.dataProtectionOfficer;
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
      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t(M.rights)}</h2>
        <p>{t(M.rightsIntro, { n: info?.personalDataRequestDays ?? DEFAULT_REQUEST_DAYS })}</p>
        <dl className="rights">
          {RIGHTS.map((r) => (
            <div key={r.right.id}>
              <dt>{t(r.right)}</dt>
              <dd>
                {t(r.how)}
                {r.online && (
                  <>
                    {' '}
                    <Link href={PATHS.track}>{t(M.openTrack)}</Link>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="privacy-contact" data-testid="privacy-contact">
        <h2 id="privacy-contact">{t(M.contact)}</h2>
        <p>{t(M.contactIntro)}</p>
        {officer && (
          <dl className="contact">
            <div>
              <dt className="visually-hidden">{t(M.contact)}</dt>
              <dd>
                <strong>{officer.name}</strong>, {officer.office}
              </dd>
            </div>
            {officer.email && (
              <div>
                <dt>{t(M.email)}</dt>
                <dd>
                  <a href={`mailto:${officer.email}`}>{officer.email}</a>
                </dd>
              </div>
            )}
            {officer.phone && (
              <div>
                <dt>{t(M.phone)}</dt>
                <dd>
                  <a href={`tel:${officer.phone.replace(/[^+0-9]/g, '')}`}>{officer.phone}</a>
                </dd>
              </div>
            )}
            <div>
              <dt>{t(M.address)}</dt>
              <dd>{officer.address}</dd>
            </div>
          </dl>
        )}
      </section>
    </>
  );
}
