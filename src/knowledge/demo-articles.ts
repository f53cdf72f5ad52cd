import type { AppContext } from '../context.js';
import type { ArticleContent, FaqContent } from './content.js';

/**
 * Example knowledge-base entries for the demo: clearly marked "Contoh" so nobody mistakes them for
 * the office's rules; an admin replaces them with the official texts.
 */

const NOTE = { id: 'Contoh isi untuk demo — ganti dengan ketentuan resmi kantor.', en: 'Example text for the demo — replace with the office’s official rules.' };

export const DEMO_ARTICLES: Record<string, ArticleContent> = {
  'PBG-HUNIAN': {
    title: { id: 'Contoh: PBG rumah tinggal (hunian)', en: 'Example: building approval for a house' },
    summary: { id: `PBG rumah tinggal diajukan melalui SIMBG dan terbit setelah konsultasi teknis dan pembayaran retribusi. ${NOTE.id}`, en: `A house's building approval is applied for through SIMBG and issued after the technical consultation and the levy. ${NOTE.en}` },
    requirements: { id: '- KTP pemohon\n- Bukti kepemilikan tanah (sertifikat)\n- Gambar rencana arsitektur\n- KRK/KKPR bila diminta', en: "- Applicant's ID card\n- Proof of land ownership\n- Architectural drawings\n- City plan statement (KRK/KKPR) if asked" },
    steps: { id: '1. Daftar dan unggah berkas di SIMBG\n2. Konsultasi teknis dengan Tim Profesi Ahli\n3. Terima SKRD dan bayar retribusi\n4. PBG terbit dan dapat diunduh', en: '1. Register and upload the documents in SIMBG\n2. Technical consultation\n3. Receive the levy notice and pay\n4. The approval is issued for download' },
    duration: { id: 'Contoh: 28 hari kerja sejak berkas dinyatakan lengkap.', en: 'Example: 28 working days once the file is complete.' },
    cost: { id: 'Retribusi PBG menurut Perda; tidak ada biaya lain. Petugas tidak menerima pembayaran tunai.', en: 'The levy set by the regional regulation; nothing else. Staff never take cash.' },
    legalBasis: { id: 'PP 16 Tahun 2021 tentang Peraturan Pelaksanaan UU Bangunan Gedung.', en: 'Government Regulation 16/2021 on buildings.' },
  },
  REKLAME: {
    title: { id: 'Contoh: Izin penyelenggaraan reklame', en: 'Example: billboard permit' },
    summary: { id: `Izin reklame diajukan sebelum reklame dipasang dan berlaku untuk jangka waktu tertentu. ${NOTE.id}`, en: `A billboard permit is applied for before the billboard goes up and lasts for a set period. ${NOTE.en}` },
    requirements: { id: '- KTP/NIB pemohon\n- Desain dan ukuran reklame\n- Foto lokasi\n- Persetujuan pemilik lahan', en: '- ID card or business number\n- Design and size\n- Photo of the site\n- Landowner consent' },
    steps: { id: '1. Ajukan permohonan\n2. Survei lokasi\n3. Bayar pajak reklame\n4. Izin terbit', en: '1. Apply\n2. Site survey\n3. Pay the billboard tax\n4. Permit issued' },
    duration: { id: 'Contoh: 5 hari kerja.', en: 'Example: 5 working days.' },
    cost: { id: 'Pajak reklame menurut Perda; izinnya tidak dipungut biaya.', en: 'Billboard tax under the regional regulation; the permit itself is free.' },
    legalBasis: { id: 'Perda tentang Pajak Daerah dan Retribusi Daerah.', en: 'Regional regulation on regional taxes and levies.' },
  },
  NIB: {
    title: { id: 'Contoh: NIB melalui OSS RBA', en: 'Example: business number (NIB) through OSS RBA' },
    summary: { id: `NIB diurus sendiri secara daring di oss.go.id tanpa biaya; kantor membantu bila ada kendala. ${NOTE.id}`, en: `The NIB is obtained online at oss.go.id free of charge; the office helps with problems. ${NOTE.en}` },
    requirements: { id: '- NIK dan email aktif\n- Data usaha (KBLI, lokasi, modal)', en: '- National ID number and an email address\n- Business data (KBLI code, location, capital)' },
    steps: { id: '1. Buat akun di oss.go.id\n2. Isi data usaha dan pilih KBLI\n3. NIB terbit otomatis untuk usaha risiko rendah', en: '1. Create an account at oss.go.id\n2. Enter the business data and KBLI\n3. The NIB is issued at once for low-risk businesses' },
    duration: { id: 'Contoh: hari yang sama untuk usaha risiko rendah.', en: 'Example: the same day for low-risk businesses.' },
    cost: { id: 'Gratis.', en: 'Free.' },
    legalBasis: { id: 'PP 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko.', en: 'Government Regulation 5/2021 on risk-based business licensing.' },
  },
};

export const DEMO_FAQS: { permit: string | null; content: FaqContent }[] = [
  {
    permit: 'PBG-HUNIAN',
    content: {
      question: { id: 'Contoh: PBG saya belum terbit, padahal sudah lewat 28 hari kerja. Apa yang harus saya lakukan?', en: 'Example: my building approval is past 28 working days. What should I do?' },
      answer: { id: 'Periksa status di SIMBG: hitungan waktu dimulai setelah berkas lengkap dan retribusi dibayar. Bila sudah lewat, sampaikan pengaduan dengan nomor permohonan Anda.', en: 'Check the status in SIMBG: the time counts once the file is complete and the levy paid. If it is past, file a complaint with your application number.' },
    },
  },
  {
    permit: null,
    content: {
      question: { id: 'Contoh: Apakah ada biaya untuk mengurus izin di kantor ini?', en: 'Example: does the office charge for handling a permit?' },
      answer: { id: 'Tidak ada biaya selain retribusi atau pajak yang ditetapkan Perda, dibayar melalui bank. Bila ada yang meminta imbalan, laporkan melalui formulir pengaduan.', en: 'Nothing beyond the levy or tax set by regulation, paid through the bank. If anyone asks for money, report it on the complaint form.' },
    },
  },
];

/** Adds the examples once, to an office with no knowledge base yet; published so the demo shows them. */
export async function seedKnowledgeExamples(ctx: AppContext): Promise<number> {
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('kb_entries').select('id').limit(1).executeTakeFirst();
    if (any) return 0;
    const permits = new Map((await trx.selectFrom('permit_types').select(['id', 'code']).execute()).map((p) => [p.code, p.id]));
    const entries = [
      ...Object.entries(DEMO_ARTICLES).map(([code, content]) => ({ kind: 'article' as const, permit: code as string | null, content: content as ArticleContent | FaqContent })),
      ...DEMO_FAQS.map((f) => ({ kind: 'faq' as const, permit: f.permit, content: f.content as ArticleContent | FaqContent })),
    ];
    let added = 0;
    for (const e of entries) {
      const permitTypeId = e.permit === null ? null : (permits.get(e.permit) ?? undefined);
      // A permit type an admin removed from the catalogue: its example is left out.
      if (permitTypeId === undefined) continue;
      const content = JSON.stringify(e.content);
      const row = await trx.insertInto('kb_entries').values({ kind: e.kind, permit_type_id: permitTypeId, content, version: 1, published: 1, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('kb_revisions').values({ entry_id: row.id, version: 1, content, changed: JSON.stringify(['created']), restored_from: null, saved_by: null, published: 1, saved_at: at }).execute();
      added++;
    }
    return added;
  });
}
