/**
 * `npm run cli -- <command>`: a record of commands, each with its summary, usage and run. Every
 * command answers `--help`; a wrong command or option is one line on stderr and exit code 2.
 * Command bodies import what they need when they run, so `--help` answers at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { parseOptions, UsageError, wantsHelp, type CliCommand } from './command.js';
import { backupCommands } from '../backup/commands.js';
import { IMPORT_REGISTER_USAGE } from '../register-import/usage.js';

const ROLES = 'staff, section_head, division_head, division_officer, admin';
const DATABASE_NOTE = 'The database is the one the environment names (DATABASE_URL, or DATA_DIR\'s SQLite file).';

async function openContext(): Promise<AppContext> {
  const [{ createContext }, { loadConfig }] = await Promise.all([import('../bootstrap.js'), import('../config.js')]);
  return createContext(loadConfig());
}

/** Runs `body` with a context and closes its database afterwards, however the body ends. */
async function withContext(body: (ctx: AppContext) => Promise<void>): Promise<void> {
  const ctx = await openContext();
  try {
    await body(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** Every command that prepares a new database tells the admin login it created, as the server would. */
async function prepare(ctx: AppContext): Promise<void> {
  const { prepareDatabase } = await import('../bootstrap.js');
  const prepared = await prepareDatabase(ctx);
  if (prepared.admin) console.log(`Admin login: ${prepared.admin.email} / ${prepared.admin.password}${prepared.admin.generated ? '  (generated; shown only this once)' : ''}`);
}

const migrate: CliCommand = {
  summary: 'Bring the database schema up to date (refused on a database migrated by a newer version)',
  usage: 'npm run cli -- migrate',
  async run(args) {
    parseOptions(args, {});
    await withContext(async (ctx) => {
      const { migrateToLatest } = await import('../db/migrate.js');
      const applied = await migrateToLatest(ctx.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is up to date.');
    });
  },
};

const version: CliCommand = {
  summary: "This program's version and the database's schema version (read only: migrates nothing)",
  usage: 'npm run cli -- version',
  async run(args) {
    parseOptions(args, {});
    const { appVersion } = await import('../operations/version.js');
    await withContext(async (ctx) => {
      const { KNOWN_MIGRATIONS, schemaStatus } = await import('../db/migrate.js');
      const status = await schemaStatus(ctx.db);
      const latest = status.applied.at(-1) ?? 'none (a new database)';
      const state =
        status.unknown.length > 0
          ? `NEWER than this version (unknown: ${status.unknown.join(', ')}); this version will not start on it`
          : status.pending.length > 0
            ? `${status.pending.length} migration(s) to apply at the next start or \`migrate\`: ${status.pending.join(', ')}`
            : 'up to date';
      console.log(`Aduan ${appVersion()} (schema ${KNOWN_MIGRATIONS.at(-1)})`);
      console.log(`Database (${ctx.db.dialect}): schema ${latest}; ${state}`);
    });
  },
};

const createUserCommand: CliCommand = {
  summary: 'Create a staff account (a generated password is printed once unless --password is given)',
  usage: `npm run cli -- create-user --email E --name N --role R [--division CODE] [--password P]\n\n  --role       one of: ${ROLES}\n  --division   the division's code (division officers)\n  --password   at least 12 characters; generated when left out`,
  async run(args) {
    const { values } = parseOptions(args, { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, division: { type: 'string' }, password: { type: 'string' } });
    const { RoleSchema } = await import('../accounts/roles.js');
    const input = z
      .object({ email: z.email(), name: z.string().min(1), role: RoleSchema, division: z.string().optional(), password: z.string().min(12).optional() })
      .parse(values);
    await withContext(async (ctx) => {
      await prepare(ctx);
      const division = input.division ? await ctx.db.kysely.selectFrom('divisions').select('id').where('code', '=', input.division).executeTakeFirst() : undefined;
      if (input.division && !division) throw new UsageError(`Unknown division code: ${input.division}`);
      const [{ generatePassword }, { createUser }] = await Promise.all([import('../accounts/passwords.js'), import('../accounts/service.js')]);
      const password = input.password ?? generatePassword();
      await createUser(ctx.db.kysely, { email: input.email, name: input.name, role: input.role, divisionId: division?.id ?? null, password }, new Date());
      console.log(`Created ${input.role} ${input.email}${input.password ? '' : ` with password ${password} (shown once)`}`);
    });
  },
};

const resetPassword: CliCommand = {
  summary: 'A new generated password for a user, printed once; ends all their sessions',
  usage:
    'npm run cli -- reset-password --email E\n\nSets a new generated password for the user, prints it once, and ends all their sessions.\nThe change is written to the audit log (password.reset_by_admin, without the password).',
  async run(args) {
    const { values } = parseOptions(args, { email: { type: 'string' } });
    const { email } = z.object({ email: z.email() }).parse(values);
    await withContext(async (ctx) => {
      await prepare(ctx);
      const { resetPasswordFromCommandLine } = await import('../accounts/password-service.js');
      const password = await resetPasswordFromCommandLine(ctx, email);
      console.log(`New password for ${email.trim().toLowerCase()}: ${password}  (generated; shown only this once). All their sessions have ended.`);
    });
  },
};

const seedDemoCommand: CliCommand = {
  summary: 'Demo staff (generated passwords, printed once) and N complaints in every state',
  usage: 'npm run cli -- seed-demo [--complaints N]\n\n  --complaints   how many complaints (default 120, at most 1,000,000)',
  async run(args) {
    const { values } = parseOptions(args, { complaints: { type: 'string', default: '120' } });
    const complaints = z.coerce.number().int().min(0).max(1_000_000).parse(values.complaints);
    await withContext(async (ctx) => {
      await prepare(ctx);
      const { describeDemoLogins, seedDemo } = await import('../demo/seed-demo.js');
      const result = await seedDemo(ctx, { complaints });
      console.log(`Seeded ${result.complaints} complaints.`);
      console.log(describeDemoLogins(result.staff));
    });
  },
};

const worker: CliCommand = {
  summary: 'Send the mail outbox and run the timed jobs (reminders, auto-close, retention) until SIGTERM',
  usage:
    'npm run cli -- worker   (or: npm run worker)\n\nRuns until SIGINT or SIGTERM; then finishes the mail being sent and the job running, and exits.\nRun it beside servers started with WORKER_IN_PROCESS=false.',
  async run(args) {
    parseOptions(args, {});
    const ctx = await openContext();
    const [{ migrateToLatest }, { startBackgroundWork }, { lineLogger }] = await Promise.all([
      import('../db/migrate.js'),
      import('../notifications/background.js'),
      import('../operations/logging.js'),
    ]);
    await migrateToLatest(ctx.db);
    const { fileStoreFor } = await import('../storage/file-store.js');
    await fileStoreFor(ctx.config).check();
    const log = lineLogger(ctx.config);
    const background = startBackgroundWork(ctx, log);
    log.info({ database: ctx.db.dialect, mail: ctx.config.mail.smtp ? 'SMTP' : `.eml files in ${ctx.config.mail.outboxDir}` }, 'worker started');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    log.info({}, 'stopping: finishing the mail being sent and the job running');
    await background.stop();
    await ctx.db.close();
  },
};

const recountRecap: CliCommand = {
  summary: "Recount the recap's running totals from the complaints (after restoring or hand-editing data)",
  usage: 'npm run cli -- recount-recap\n\nRecounts in one transaction; needed after loading data with triggers off.',
  async run(args) {
    parseOptions(args, {});
    await withContext(async (ctx) => {
      const [{ migrateToLatest }, { recountRecapTotals }] = await Promise.all([import('../db/migrate.js'), import('../reports/recap-totals.js')]);
      await migrateToLatest(ctx.db);
      console.log(`Recounted the recap totals: ${await recountRecapTotals(ctx)} day rows.`);
    });
  },
};

const importHolidaysCommand: CliCommand = {
  summary: 'Add or replace non-working days from a JSON or CSV file',
  usage: 'npm run cli -- import-holidays FILE [--format json|csv]\n\n  --format   json or csv (default: by the file\'s extension)\nCSV header: date,kind,name,source[,confirmed]',
  async run(args) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string' } }, true);
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('import-holidays needs a FILE');
    if (extra.length > 0) throw new UsageError(`import-holidays takes one FILE; unexpected: ${extra.join(' ')}`);
    const format = z.enum(['json', 'csv']).parse(values.format ?? (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'json'));
    const { importHolidays, parseHolidayFile } = await import('../catalogue/holidays.js');
    const items = parseHolidayFile(fs.readFileSync(file, 'utf8'), format);
    await withContext(async (ctx) => {
      await prepare(ctx);
      console.log(`Imported ${await importHolidays(ctx.db.kysely, items, { actor: null, ip: 'cli', at: ctx.now() })} non-working days.`);
    });
  },
};

const importRegisterCommand: CliCommand = {
  summary: "Import an office's old complaint register (.xlsx or .csv): all rows or none; --dry-run reports each refused row",
  usage: IMPORT_REGISTER_USAGE,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { 'dry-run': { type: 'boolean', default: false }, map: { type: 'string', multiple: true }, mapping: { type: 'string' }, 'header-row': { type: 'string' }, fallback: { type: 'string', multiple: true }, as: { type: 'string' } },
      true,
    );
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('import-register takes one FILE');
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const { formatReport, importFromCommandLine } = await import('../register-import/command-line.js');
    await withContext(async (ctx) => {
      await prepare(ctx);
      const { report, refused } = await importFromCommandLine(ctx, { file, dryRun: values['dry-run'], map: values.map, mapping: values.mapping, headerRow: values['header-row'], fallback: values.fallback, as: values.as });
      console.log(formatReport(report));
      if (refused) process.exitCode = 1;
    });
  },
};

/** Every command; a module adds its own with one line here. */
export const COMMANDS: Record<string, CliCommand> = {
  migrate,
  version,
  'create-user': createUserCommand,
  'reset-password': resetPassword,
  'seed-demo': seedDemoCommand,
  worker,
  'recount-recap': recountRecap,
  'import-holidays': importHolidaysCommand,
  'import-register': importRegisterCommand,
  ...backupCommands,
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n\`npm run cli -- <command> --help\` describes each. ${DATABASE_NOTE}`;
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`Unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')} (npm run cli -- --help)`);
  if (wantsHelp(args)) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}\n\n${DATABASE_NOTE}`);
    return;
  }
  try {
    await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${name}: ${error.message} (npm run cli -- ${name} --help)`);
    throw error;
  }
}

/** A refused value (a password breaking the rules, a taken email) in words, not an error code. */
function describeFailure(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error);
  if (error instanceof AppError && error.fields?.length) return error.fields.map((f) => `${f.path}: ${typeof f.message === 'string' ? f.message : f.message.en}`).join('\n');
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(error instanceof UsageError || error instanceof z.ZodError ? 2 : 1);
});
