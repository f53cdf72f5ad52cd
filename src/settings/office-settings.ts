import type { Kysely } from 'kysely';
import { DEFAULT_OFFICE_HOURS, type OfficeHours, type WeeklyOfficeHours, type WorkingCalendar } from '../calendar/working-time.js';
import type { Database } from '../db/schema.js';
import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings } from '../workflow/deadlines.js';
import { DEFAULT_STEP_ROLES, STAFF_ACTIONS, type StaffAction, type StaffRole, type StepRoles } from '../workflow/state-machine.js';

/** Everything the workflow reads on each action, kept together and cached briefly. */
export interface OfficeSettings {
  calendar: WorkingCalendar;
  stepRoles: StepRoles;
  deadlines: DeadlineSettings;
  /** Working days to answer per complaint class id, and the default class. */
  classDays: ReadonlyMap<number, number>;
  defaultClassId: number | null;
}

const DEADLINES_KEY = 'deadlines';
const DEFAULT_CLASS_KEY = 'default_class_id';
/** Other instances see an admin's change within this time. */
const CACHE_MS = 30_000;

export class OfficeSettingsStore {
  private cached: { at: number; value: OfficeSettings } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
  ) {}

  async get(): Promise<OfficeSettings> {
    const t = this.now().getTime();
    if (this.cached && t - this.cached.at < CACHE_MS && t >= this.cached.at) return this.cached.value;
    const value = await this.load();
    this.cached = { at: t, value };
    return value;
  }

  /** Call after an admin change so this instance uses it at once. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<OfficeSettings> {
    const [holidays, hours, roles, settings, classes] = await Promise.all([
      this.db.selectFrom('holidays').select('date').execute(),
      this.db.selectFrom('office_hours').selectAll().execute(),
      this.db.selectFrom('step_roles').selectAll().execute(),
      this.db.selectFrom('settings').selectAll().execute(),
      this.db.selectFrom('complaint_classes').select(['id', 'answer_days']).execute(),
    ]);
    const weekly: (OfficeHours | null)[] = [...DEFAULT_OFFICE_HOURS];
    if (hours.length > 0) {
      for (let day = 0; day < 7; day++) {
        const row = hours.find((h) => h.weekday === day);
        weekly[day] = row?.open && row.close ? { open: row.open, close: row.close } : null;
      }
    }
    const stepRoles: Record<StaffAction, StaffRole[]> = Object.fromEntries(STAFF_ACTIONS.map((a) => [a, [] as StaffRole[]])) as Record<StaffAction, StaffRole[]>;
    if (roles.length === 0) Object.assign(stepRoles, DEFAULT_STEP_ROLES);
    for (const row of roles) {
      const list = stepRoles[row.action as StaffAction];
      if (list) list.push(row.role as StaffRole);
    }
    const byKey = new Map(settings.map((s) => [s.key, s.value]));
    const deadlines: DeadlineSettings = {
      ...DEFAULT_DEADLINE_SETTINGS,
      ...(byKey.has(DEADLINES_KEY) ? (JSON.parse(byKey.get(DEADLINES_KEY) as string) as Partial<DeadlineSettings>) : {}),
    };
    const defaultClass = byKey.get(DEFAULT_CLASS_KEY);
    return {
      calendar: { officeHours: weekly as unknown as WeeklyOfficeHours, nonWorkingDates: new Set(holidays.map((h) => h.date)) },
      stepRoles,
      deadlines,
      classDays: new Map(classes.map((c) => [c.id, c.answer_days])),
      defaultClassId: defaultClass ? Number(defaultClass) : null,
    };
  }
}

export const SETTING_KEYS = { deadlines: DEADLINES_KEY, defaultClassId: DEFAULT_CLASS_KEY } as const;
