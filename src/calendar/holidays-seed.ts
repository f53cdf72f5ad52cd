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

const national2026 = ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'];
const cuti2026 = ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'];
const national2027 = ['01-01', '01-05', '02-06', '03-08', '03-10', '03-11', '03-26', '03-28', '05-01', '05-06', '05-17', '05-20', '06-01', '06-06', '08-15', '08-17', '12-25', '12-26'];
const cuti2027 = ['02-05', '03-09', '03-12', '03-15', '03-25', '05-18', '05-19', '12-24'];

function days(year: number, list: string[], kind: HolidaySeed['kind'], source: string, confirmed: boolean): HolidaySeed[] {
  return list.map((md) => ({
    date: `${year}-${md}`,
    kind,
    name: kind === 'national' ? 'Hari libur nasional' : 'Cuti bersama',
    source,
    confirmed,
  }));
}

export const SEED_HOLIDAYS: HolidaySeed[] = [
  ...days(2026, national2026, 'national', SKB_2026, true),
  ...days(2026, cuti2026, 'cuti_bersama', SKB_2026, true),
  ...days(2027, national2027, 'national', SKB_2027, false),
  ...days(2027, cuti2027, 'cuti_bersama', SKB_2027, false),
];
