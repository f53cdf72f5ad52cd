import { useLanguage, formatNumber, type Bilingual } from '../shared/i18n';
import { Link, PATHS } from './router';
import { useStatistics } from './statistics-data';

const M = {
  title: { id: 'Ada masalah dengan izin Anda? Sampaikan di sini.', en: 'A problem with your permit? Tell us here.' },
  intro: {
    id: 'Warga dan pelaku usaha dapat menyampaikan pengaduan tentang layanan perizinan DPMPTSP Kota Tangerang — tanpa akun, dalam beberapa menit.',
    en: 'Residents and businesses can complain about the permit services of DPMPTSP Tangerang City — no account needed, in a few minutes.',
  },
  promise: { id: 'Janji kami: tanggapan pertama paling lambat 1 hari kerja.', en: 'Our promise: a first response within 1 working day.' },
  report: { id: 'Buat pengaduan', en: 'File a complaint' },
  published: { id: 'Sudah pernah dijawab? Cari pengaduan dan jawaban yang dipublikasikan', en: 'Answered before? Search published complaints and answers' },
  track: { id: 'Lacak pengaduan', en: 'Track a complaint' },
  stepsTitle: { id: 'Bagaimana pengaduan Anda ditangani', en: 'How your complaint is handled' },
  figuresTitle: { id: 'Angka tahun ini', en: 'This year in figures' },
  received: { id: 'pengaduan tahun ini', en: 'complaints this year' },
  onTime: { id: 'dijawab tepat waktu', en: 'answered on time' },
  satisfaction: { id: 'indeks kepuasan (skala 25–100)', en: 'satisfaction index (25–100 scale)' },
  allFigures: { id: 'Lihat semua statistik', en: 'See all statistics' },
} as const satisfies Record<string, Bilingual>;

export const STEPS: readonly { title: Bilingual; text: Bilingual }[] = [
  {
    title: { id: 'Kirim pengaduan', en: 'Send your complaint' },
    text: { id: 'Isi formulir singkat. Anda mendapat nomor pengaduan dan kode akses.', en: 'Fill in a short form. You get a tracking number and an access code.' },
  },
  {
    title: { id: 'Ditanggapi dalam 1 hari kerja', en: 'Response within 1 working day' },
    text: { id: 'Petugas mencatat dan menanggapi pengaduan Anda.', en: 'Staff register your complaint and respond.' },
  },
  {
    title: { id: 'Klarifikasi bila perlu', en: 'Clarification if needed' },
    text: { id: 'Jika ada yang kurang jelas, petugas bertanya dan Anda membalas lewat halaman Lacak.', en: 'If something is unclear the office asks, and you reply on the Track page.' },
  },
  {
    title: { id: 'Ditindaklanjuti bidang terkait', en: 'Followed up by the related division' },
    text: { id: 'Bidang yang menangani izin Anda menyelesaikan masalahnya.', en: 'The division that handles your permit resolves the problem.' },
  },
  {
    title: { id: 'Jawaban', en: 'Answer' },
    text: { id: 'Jawaban dikirim lewat web. Anda dapat menerimanya atau mengajukan keberatan.', en: 'The answer is published on the web. You can accept it or dispute it.' },
  },
  {
    title: { id: 'Nilai layanan kami', en: 'Rate our service' },
    text: { id: 'Isi survei kepuasan singkat, bila Anda berkenan.', en: 'Fill in a short satisfaction survey, if you wish.' },
  },
];

export function Landing() {
  const { t, lang } = useLanguage();
  const stats = useStatistics();
  const c = stats.status === 'ready' ? stats.stats.current : null;
  const candidates: [number | null | undefined, (n: number) => string, Bilingual][] = [
    [c?.total, (n) => formatNumber(n, lang), M.received],
    [c?.answer.shareMet, (n) => formatNumber(n, lang, { style: 'percent', maximumFractionDigits: 0 }), M.onTime],
    [c?.satisfaction.ikm, (n) => formatNumber(n, lang, { maximumFractionDigits: 1 }), M.satisfaction],
  ];
  const figures = candidates.flatMap(([value, format, label]) => (typeof value === 'number' ? [{ text: format(value), label }] : []));
  return (
    <>
      <section className="hero">
        <h1 tabIndex={-1}>{t(M.title)}</h1>
        <p>{t(M.intro)}</p>
        <p className="promise">{t(M.promise)}</p>
        <div className="actions">
          <Link href={PATHS.report} className="btn btn-primary">
            {t(M.report)}
          </Link>
          <Link href={PATHS.track} className="btn btn-secondary">
            {t(M.track)}
          </Link>
        </div>
        {/* Server-rendered pages (src/publications/pages.ts), not part of this app: a full page load. */}
        <p>
          <a href="/publik">{t(M.published)}</a>
        </p>
      </section>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t(M.stepsTitle)}</h2>
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step.title.id}>
              <strong>{t(step.title)}</strong>
              <span>{t(step.text)}</span>
            </li>
          ))}
        </ol>
      </section>
      {figures.length > 0 && (
        <section aria-labelledby="figures-title">
          <h2 id="figures-title">{t(M.figuresTitle)}</h2>
          <ul className="figures">
            {figures.map(({ text, label }) => (
              <li key={label.id}>
                <span className="figure-value">{text}</span> <span className="figure-label">{t(label)}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link href={PATHS.statistics}>{t(M.allFigures)}</Link>
          </p>
        </section>
      )}
    </>
  );
}
