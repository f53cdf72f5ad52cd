import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { OfficeSettingsStore } from './settings/office-settings.js';

/** What every module's routes and services are built from; time is injected so tests can move it. */
export interface AppContext {
  db: Db;
  config: Config;
  now: () => Date;
  settings: OfficeSettingsStore;
}
