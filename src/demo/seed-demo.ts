import { generatePassword } from '../accounts/passwords.js';
import { createUser } from '../accounts/service.js';
import type { Role } from '../accounts/roles.js';
import { addWorkingDays, clockStart } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import type { StaffPrincipal } from '../shared/http.js';
import { createComplaint } from '../complaints/submit.js';
import type { Channel } from '../complaints/schema.js';
import { LETTERHEAD_SETTING_KEY, type StoredLetterhead } from '../paper/letterhead.js';
import { seedKnowledgeExamples } from '../knowledge/demo-articles.js';
import { applyReporterAction, applyStaffAction } from '../workflow/service.js';
import type { StaffAction } from '../workflow/state-machine.js';

/** Deterministic, so a demo looks the same each time it is made. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_NAMES = ['Budi Santoso', 'Siti Rahmawati', 'Agus Wijaya', 'Dewi Lestari', 'Rizky Pratama', 'Nurul Hidayah', 'Hendra Gunawan', 'Ratna Sari', 'Yusuf Maulana', 'Fitri Handayani', 'PT Maju Bersama', 'CV Sinar Tangerang', 'Andi Saputra', 'Lina Marlina', 'Eko Prasetyo'];
export const DEMO_SUBJECTS = [
  'PBG belum terbit lewat batas waktu',
  'Berkas dinyatakan tidak lengkap tanpa penjelasan',
  'Sistem perizinan daring tidak bisa diakses',
  'Diminta biaya tambahan di luar ketentuan',
  'Petugas loket tidak ramah',
  'Status permohonan SIP tidak berubah',
  'Ada calo menawarkan jasa percepatan izin',
  'Izin reklame ditolak tanpa alasan jelas',
  'NIB OSS tidak sinkron dengan data daerah',
  'SLF belum diproses setelah survei lapangan',
  'Informasi persyaratan KKPR membingungkan',
  'Perpanjangan izin petak makam tertunda',
];
export const DEMO_DETAILS = [
  'Saya sudah mengajukan permohonan sejak bulan lalu dan semua persyaratan sudah diunggah, tetapi sampai sekarang belum ada kabar.',
  'Ketika saya datang ke loket, petugas menyampaikan bahwa berkas saya kurang, padahal sebelumnya dinyatakan lengkap melalui sistem.',
  'Mohon penjelasan mengenai tahapan verifikasi dan perkiraan waktu penyelesaian karena usaha saya menunggu izin ini.',
  'Saya mendapat pesan dari seseorang yang mengaku bisa mempercepat proses dengan membayar sejumlah uang.',
  'Aplikasi menampilkan pesan galat setiap kali saya mencoba mengunggah dokumen gambar teknis bangunan.',
  'Nomor permohonan saya tercantum di bawah ini, mohon dibantu pengecekan status dan tindak lanjutnya.',
];

/**
 * Names only: the header adds the role ("Masuk sebagai Rina Kusuma (Staf)"). NIP and position
 * print under their signatures; Rina is contract staff, with no NIP ("NIP -").
 */
export const DEMO_STAFF: { email: string; name: string; role: Role; division?: string; nip: string | null; position: string }[] = [
  { email: 'staf@aduan.local', name: 'Rina Kusuma', role: 'staff', nip: null, position: 'Pengadministrasi Pengaduan' },
  { email: 'kasie@aduan.local', name: 'Bambang Setiawan', role: 'section_head', nip: '198106152009011004', position: 'Kepala Seksi Pengaduan dan Advokasi' },
  { email: 'kabid@aduan.local', name: 'Dra. Sri Wahyuni', role: 'division_head', nip: '197404221998032005', position: 'Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan' },
  { email: 'bidang.pp@aduan.local', name: 'Joko Susilo', role: 'division_officer', division: 'PP', nip: '198809302014021001', position: 'Analis Perizinan' },
  { email: 'bidang.pm@aduan.local', name: 'Maya Anggraini', role: 'division_officer', division: 'PM', nip: '199203172019032012', position: 'Penata Perizinan Ahli Pertama' },
];

/** The demo's letterhead over env's office name and address (an admin changes it under Administrasi). */
const DEMO_LETTERHEAD: StoredLetterhead = { agency: 'Pemerintah Kota Tangerang', website: 'dpmptsp.tangerangkota.go.id', email: 'dpmptsp@tangerangkota.go.id' };

/** How far along the SOP each demo complaint goes, chosen so every state appears. */
const JOURNEYS: StaffAction[][] = [
  [],
  ['acknowledge'],
  ['acknowledge', 'print_sheet', 'request_clarification'],
  ['acknowledge', 'print_sheet', 'dispose'],
  ['acknowledge', 'print_sheet', 'dispose', 'record_follow_up'],
  ['acknowledge', 'print_sheet', 'dispose', 'record_follow_up', 'draft_answer'],
  ['acknowledge', 'print_sheet', 'dispose', 'record_follow_up', 'draft_answer', 'approve_answer'],
  ['acknowledge', 'print_sheet', 'dispose', 'record_follow_up', 'draft_answer', 'approve_answer', 'close'],
  ['acknowledge', 'print_sheet', 'dispose', 'record_follow_up', 'draft_answer', 'approve_answer', 'close'],
  ['acknowledge', 'hold'],
  ['reject'],
  ['acknowledge', 'refer'],
];

const INPUTS: Record<string, (r: () => number, divisionId: number) => Record<string, unknown>> = {
  acknowledge: () => ({ message: 'Terima kasih, pengaduan Anda telah kami terima dan sedang kami pelajari.' }),
  print_sheet: () => ({}),
  request_clarification: () => ({ message: 'Mohon lampirkan nomor permohonan dan tangkapan layar pesan galat yang muncul.' }),
  dispose: (_r, divisionId) => ({ divisionIds: [divisionId], instruction: 'Mohon ditindaklanjuti dan berikan pendampingan kepada pelapor.' }),
  record_follow_up: () => ({ followUp: 'Berkas telah diverifikasi ulang dan diproses ke tahap penetapan.', advocacy: 'Pelapor diarahkan melengkapi gambar teknis melalui sistem dan dihubungi via telepon.' }),
  draft_answer: () => ({ body: 'Permohonan Anda telah diproses. Izin dapat diunduh melalui sistem perizinan daring dalam 2 hari kerja.' }),
  approve_answer: () => ({}),
  close: () => ({ note: 'Pelapor mengonfirmasi melalui telepon.' }),
  hold: () => ({ reason: 'Menunggu hasil kajian teknis dari Perkimtan.' }),
  reject: () => ({ reason: 'spam', message: 'Pengaduan tidak dapat diproses karena tidak memuat informasi layanan.' }),
  refer: () => ({ referredTo: 'Dinas Perumahan, Permukiman dan Pertanahan (Perkimtan)', message: 'Pengaduan ini merupakan kewenangan Perkimtan dan telah kami teruskan.' }),
};

export interface DemoLogin {
  email: string;
  role: Role;
  /** Generated now and shown once; null for a demo user made by an earlier run. */
  password: string | null;
}

export interface DemoResult {
  complaints: number;
  staff: DemoLogin[];
}

/** The demo staff's logins as the start-up output prints them, once. */
export function describeDemoLogins(staff: readonly DemoLogin[]): string {
  const lines = staff.map((s) => `  ${s.email} (${s.role}) / ${s.password ?? '(unchanged: made by an earlier run)'}`);
  return `Demo staff logins (passwords generated now; shown only this once):\n${lines.join('\n')}`;
}

/** Demo staff and `complaints` complaints over the last months, in every state, made through the real workflow. */
export async function seedDemo(ctx: AppContext, options: { complaints: number; seed?: number }): Promise<DemoResult> {
  const r = random(options.seed ?? 16);
  const db = ctx.db.kysely;
  const divisions = await db.selectFrom('divisions').select(['id', 'code']).execute();
  const permits = await db.selectFrom('permit_types').select('id').execute();
  const principals = new Map<Role | string, StaffPrincipal>();
  const logins: DemoLogin[] = [];
  for (const s of DEMO_STAFF) {
    const existing = await db.selectFrom('users').select('id').where('email', '=', s.email).executeTakeFirst();
    const divisionId = s.division ? (divisions.find((d) => d.code === s.division)?.id ?? null) : null;
    let userId = existing?.id;
    if (userId === undefined) {
      // Never a constant: a published demo password would open every deployment that kept the demo staff.
      const password = generatePassword();
      userId = await createUser(db, { email: s.email, name: s.name, password, role: s.role, divisionId, nip: s.nip, position: s.position }, ctx.now());
      logins.push({ email: s.email, role: s.role, password });
    } else {
      logins.push({ email: s.email, role: s.role, password: null });
    }
    principals.set(s.division ?? s.role, { userId, name: s.name, email: s.email, role: s.role, divisionId, sessionId: 'demo', csrfToken: 'demo' });
  }
  const letterhead = JSON.stringify(DEMO_LETTERHEAD);
  await db.insertInto('settings').values({ key: LETTERHEAD_SETTING_KEY, value: letterhead }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const settings = await ctx.settings.get();
  const end = ctx.now().getTime();
  const span = 180 * 86_400_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const actorFor = (action: StaffAction, division: string): StaffPrincipal => {
    const role = settings.stepRoles[action][0] ?? 'staff';
    return (role === 'division_officer' ? principals.get(division) : principals.get(role)) as StaffPrincipal;
  };
  const channels: Channel[] = ['web', 'web', 'web', 'web', 'letter', 'phone', 'walk_in', 'email', 'social_media'];
  for (let i = 0; i < options.complaints; i++) {
    const receivedAt = new Date(end - span + Math.floor((i / Math.max(1, options.complaints)) * span) + Math.floor(r() * 3_600_000));
    const journey = JOURNEYS[i % JOURNEYS.length] as StaffAction[];
    const anonymous = r() < 0.15;
    const channel = pick(channels);
    const name = pick(DEMO_NAMES);
    const at = { ...ctx, now: () => receivedAt };
    const receipt = await createComplaint(at, {
      input: {
        reporter: anonymous ? { name: undefined, email: undefined, phone: undefined, address: undefined } : { name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@contoh.id`, phone: `08${Math.floor(1e9 + r() * 8e9)}`, address: 'Kota Tangerang' },
        anonymous,
        confidential: r() < 0.1,
        permitTypeId: pick(permits).id,
        applicationNumber: r() < 0.6 ? `PRM-${2026}-${String(Math.floor(r() * 99999)).padStart(5, '0')}` : undefined,
        subject: pick(DEMO_SUBJECTS),
        description: `${pick(DEMO_DETAILS)} ${pick(DEMO_DETAILS)}`,
        incidentDate: undefined,
        language: r() < 0.9 ? 'id' : 'en',
      },
      channel,
      consent: true,
      receivedAt,
      language: 'id',
      actor: channel === 'web' ? { type: 'reporter' } : { type: 'staff', userId: principals.get('staff')?.userId ?? 1, role: 'staff' },
      files: [],
    });
    const division = pick(['PP', 'PM'] as const);
    const divisionId = divisions.find((d) => d.code === division)?.id ?? 1;
    let version = 1;
    let t = receivedAt;
    for (const action of journey) {
      // Most steps happen in good time; some are late, so the recap has both.
      const lateness = r() < 0.2 ? 2 + r() * 4 : r() * 0.8;
      t = addWorkingDays(settings.calendar, clockStart(settings.calendar, t), lateness);
      if (t.getTime() > end) break;
      const result = await applyStaffAction({ ...ctx, now: () => t }, actorFor(action, division), receipt.trackingNumber, action, { version, ...INPUTS[action]?.(r, divisionId) }, 'id');
      version = result.version;
      if (action === 'request_clarification' && r() < 0.5) {
        t = new Date(t.getTime() + 3_600_000);
        if (t.getTime() > end) break;
        const reply = await applyReporterAction({ ...ctx, now: () => t }, receipt.trackingNumber, 'reporter_reply', 'Berikut nomor permohonan saya: PRM-2026-01234.', []);
        version = reply.version;
      }
    }
  }
  await seedKnowledgeExamples(ctx);
  return { complaints: options.complaints, staff: logins };
}
