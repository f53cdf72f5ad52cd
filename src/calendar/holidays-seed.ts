/** Non-working days from shared/mission/HOLIDAYS.md; data that admins edit, seeded once. */
export interface HolidaySeed {
  date: string;
  kind: 'national' | 'cuti_bersama';
  name: string;
  source: string;
  confirmed: boolean;
}

const SKB_2026 = 'SKB 1497/2025, 2/2025, 5/2025 (19 September 2025)';
const SKB_2027 = 'SKB 1205/2026, 3/2026, 2/2026 (15 September 2026) — belum dikonfirmasi';

/** Each day with the name the decree gives it (Hijri and Saka years as the SKB writes them). */
const national2026: Record<string, string> = {
  '01-01': 'Tahun Baru 2026 Masehi',
  '01-16': 'Isra Mikraj Nabi Muhammad SAW',
  '02-17': 'Tahun Baru Imlek 2577 Kongzili',
  '03-19': 'Hari Suci Nyepi (Tahun Baru Saka 1948)',
  '03-21': 'Idulfitri 1447 Hijriah',
  '03-22': 'Idulfitri 1447 Hijriah (hari kedua)',
  '04-03': 'Wafat Yesus Kristus',
  '04-05': 'Kebangkitan Yesus Kristus (Paskah)',
  '05-01': 'Hari Buruh Internasional',
  '05-14': 'Kenaikan Yesus Kristus',
  '05-27': 'Iduladha 1447 Hijriah',
  '05-31': 'Hari Raya Waisak 2570 BE',
  '06-01': 'Hari Lahir Pancasila',
  '06-16': 'Tahun Baru Islam 1448 Hijriah',
  '08-17': 'Hari Kemerdekaan Republik Indonesia',
  '08-25': 'Maulid Nabi Muhammad SAW',
  '12-25': 'Kelahiran Yesus Kristus (Natal)',
};
const cuti2026: Record<string, string> = {
  '02-16': 'Cuti bersama Tahun Baru Imlek',
  '03-18': 'Cuti bersama Hari Suci Nyepi',
  '03-20': 'Cuti bersama Idulfitri',
  '03-23': 'Cuti bersama Idulfitri',
  '03-24': 'Cuti bersama Idulfitri',
  '05-15': 'Cuti bersama Kenaikan Yesus Kristus',
  '05-28': 'Cuti bersama Iduladha',
  '12-24': 'Cuti bersama Kelahiran Yesus Kristus (Natal)',
};
const national2027: Record<string, string> = {
  '01-01': 'Tahun Baru 2027 Masehi',
  '01-05': 'Isra Mikraj Nabi Muhammad SAW',
  '02-06': 'Tahun Baru Imlek 2578 Kongzili',
  '03-08': 'Hari Suci Nyepi (Tahun Baru Saka 1949)',
  '03-10': 'Idulfitri 1448 Hijriah',
  '03-11': 'Idulfitri 1448 Hijriah (hari kedua)',
  '03-26': 'Wafat Yesus Kristus',
  '03-28': 'Kebangkitan Yesus Kristus (Paskah)',
  '05-01': 'Hari Buruh Internasional',
  '05-06': 'Kenaikan Yesus Kristus',
  '05-17': 'Iduladha 1448 Hijriah',
  '05-20': 'Hari Raya Waisak 2571 BE',
  '06-01': 'Hari Lahir Pancasila',
  '06-06': 'Tahun Baru Islam 1449 Hijriah',
  '08-15': 'Maulid Nabi Muhammad SAW',
  '08-17': 'Hari Kemerdekaan Republik Indonesia',
  '12-25': 'Kelahiran Yesus Kristus (Natal)',
  '12-26': 'Kelahiran Yesus Kristus (hari kedua)',
};
const cuti2027: Record<string, string> = {
  '02-05': 'Cuti bersama Tahun Baru Imlek',
  '03-09': 'Cuti bersama Idulfitri',
  '03-12': 'Cuti bersama Idulfitri',
  '03-15': 'Cuti bersama Idulfitri',
  '03-25': 'Cuti bersama Wafat Yesus Kristus',
  '05-18': 'Cuti bersama Iduladha',
  '05-19': 'Cuti bersama Iduladha',
  '12-24': 'Cuti bersama Kelahiran Yesus Kristus (Natal)',
};

function days(year: number, list: Record<string, string>, kind: HolidaySeed['kind'], source: string, confirmed: boolean): HolidaySeed[] {
  return Object.entries(list).map(([md, name]) => ({ date: `${year}-${md}`, kind, name, source, confirmed }));
}

export const SEED_HOLIDAYS: HolidaySeed[] = [
  ...days(2026, national2026, 'national', SKB_2026, true),
  ...days(2026, cuti2026, 'cuti_bersama', SKB_2026, true),
  ...days(2027, national2027, 'national', SKB_2027, false),
  ...days(2027, cuti2027, 'cuti_bersama', SKB_2027, false),
];
