/**
 * A register whose cells are long, as an office's yearly register is: the demo's complaints with
 * long subjects, a division with a long name, intake staff with long names, a 5,000-character
 * follow-up, and a head of division with position and NIP to sign.
 */
import { seedDemo } from '../../src/demo/seed-demo.js';
import type { TestApp } from '../support/test-app.js';

export const LONG_DIVISION = 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan Sektor Pembangunan, Lingkungan Hidup dan Tata Ruang';
export const LONG_STAFF = 'Rina Kusumawardhani Puspitasari';
export const SIGNER = { name: 'Dra. Sri Wahyuni Kusumaningrum, M.Si.', nip: '19780101 200501 2 001', position: 'Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan' };
/** Subjects of 200 characters (the most a complaint may have), each ending in its own word. */
export const longSubject = (i: number) => `Permohonan PBG rumah tinggal di Kelurahan Sukasari belum diproses walaupun seluruh berkas persyaratan teknis dan administrasi sudah lengkap sejak tiga bulan yang lalu, mohon kejelasan nomor ${String(i).padStart(4, '0')}`.slice(0, 200);

export async function buildLongRegister(t: TestApp, complaints: number): Promise<void> {
  await seedDemo(t.ctx, { complaints, seed: 11 });
  const db = t.db.kysely;
  await db.updateTable('divisions').set({ name: LONG_DIVISION }).where('code', '=', 'PP').execute();
  await db.updateTable('users').set({ name: LONG_STAFF }).where('role', '=', 'staff').execute();
  await db.updateTable('users').set(SIGNER).where('role', '=', 'division_head').execute();
  const rows = await db.selectFrom('complaints').select('id').orderBy('received_at').orderBy('id').execute();
  for (const [i, r] of rows.entries()) await db.updateTable('complaints').set({ subject: longSubject(i + 1) }).where('id', '=', r.id).execute();
  // Every complaint at the intake desk is handled by the long-named staff member.
  const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
  await db.updateTable('complaints').set({ owner_user_id: staff.id }).execute();
  const followed = await db.selectFrom('dispositions').select('id').where('follow_up', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
  await db.updateTable('dispositions').set({ follow_up: 'Berkas pemohon diverifikasi ulang bersama tim teknis. '.repeat(90).trim() }).where('id', '=', followed.id).execute();
}
