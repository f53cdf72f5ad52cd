import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createUser } from '../accounts/service.js';
import { RoleSchema } from '../accounts/roles.js';
import { createContext, prepareDatabase } from '../bootstrap.js';
import { importHolidays, parseHolidayFile } from '../catalogue/holidays.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { migrateToLatest } from '../db/migrate.js';
import { AppError } from '../shared/errors.js';
import { describeDemoLogins, seedDemo } from '../demo/seed-demo.js';
import { BACKUP_USAGE, backupCommands } from '../backup/commands.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               Bring the database schema up to date
  create-user --email E --name N --role R [--division CODE] [--password P]
                                        Roles: staff, section_head, division_head, division_officer, admin
  reset-password --email E              A new generated password for the user, printed once; ends all their sessions
  seed-demo [--complaints N]            Demo staff (generated passwords, printed once) and N complaints (default 120) in every state
  worker                                Send the mail outbox and run the timed jobs (reminders, auto-close, retention) until stopped
  recount-recap                         Recount the recap's running totals from the complaints (after restoring or hand-editing data)
  import-holidays FILE [--format json|csv]
                                        Add or replace non-working days; CSV header: date,kind,name,source[,confirmed]
${BACKUP_USAGE}
The database is the one the environment names (DATABASE_URL, or DATA_DIR's SQLite file).`;

type Handler = (args: string[]) => Promise<void>;

/** Every command that prepares a new database tells the admin login it created, as the server would. */
async function prepare(ctx: AppContext): Promise<void> {
  const prepared = await prepareDatabase(ctx);
  if (prepared.admin) console.log(`Admin login: ${prepared.admin.email} / ${prepared.admin.password}${prepared.admin.generated ? '  (generated; shown only this once)' : ''}`);
}

const commands: Record<string, Handler> = {
  async migrate() {
    const ctx = createContext(loadConfig());
    try {
      const applied = await migrateToLatest(ctx.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is up to date.');
    } finally {
      await ctx.db.close();
    }
  },

  async 'create-user'(args) {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, division: { type: 'string' }, password: { type: 'string' } } });
    const input = z
      .object({ email: z.email(), name: z.string().min(1), role: RoleSchema, division: z.string().optional(), password: z.string().min(12).optional() })
      .parse(values);
    const ctx = createContext(loadConfig());
    try {
      await prepare(ctx);
      const division = input.division ? await ctx.db.kysely.selectFrom('divisions').select('id').where('code', '=', input.division).executeTakeFirst() : undefined;
      if (input.division && !division) throw new Error(`Unknown division code: ${input.division}`);
      const { generatePassword } = await import('../accounts/passwords.js');
      const password = input.password ?? generatePassword();
      await createUser(ctx.db.kysely, { email: input.email, name: input.name, role: input.role, divisionId: division?.id ?? null, password }, new Date());
      console.log(`Created ${input.role} ${input.email}${input.password ? '' : ` with password ${password} (shown once)`}`);
    } finally {
      await ctx.db.close();
    }
  },

  async 'reset-password'(args) {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log('Usage: npm run cli -- reset-password --email E\n\nSets a new generated password for the user, prints it once, and ends all their sessions.\nThe change is written to the audit log (password.reset_by_admin, without the password).');
      return;
    }
    const { email } = z.object({ email: z.email() }).parse(values);
    const ctx = createContext(loadConfig());
    try {
      await prepare(ctx);
      const { resetPasswordFromCommandLine } = await import('../accounts/password-service.js');
      const password = await resetPasswordFromCommandLine(ctx, email);
      console.log(`New password for ${email.trim().toLowerCase()}: ${password}  (generated; shown only this once). All their sessions have ended.`);
    } finally {
      await ctx.db.close();
    }
  },

  async 'seed-demo'(args) {
    const { values } = parseArgs({ args, options: { complaints: { type: 'string', default: '120' } } });
    const complaints = z.coerce.number().int().min(0).max(1_000_000).parse(values.complaints);
    const ctx = createContext(loadConfig());
    try {
      await prepare(ctx);
      const result = await seedDemo(ctx, { complaints });
      console.log(`Seeded ${result.complaints} complaints.`);
      console.log(describeDemoLogins(result.staff));
    } finally {
      await ctx.db.close();
    }
  },

  async worker() {
    const ctx = createContext(loadConfig());
    await migrateToLatest(ctx.db);
    const { startBackgroundWork } = await import('../notifications/background.js');
    const verbose = ctx.config.logLevel === 'debug' || ctx.config.logLevel === 'trace';
    const log = {
      debug: (obj: object, msg: string) => {
        if (verbose) console.log(JSON.stringify({ level: 'debug', time: new Date().toISOString(), msg, ...obj }));
      },
      info: (obj: object, msg: string) => console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...obj })),
      error: (obj: object, msg: string) => console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, ...obj })),
    };
    const background = startBackgroundWork(ctx, log);
    console.log(`Worker started (database: ${ctx.db.dialect}, mail: ${ctx.config.mail.smtp ? 'SMTP' : `.eml files in ${ctx.config.mail.outboxDir}`})`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await background.stop();
    await ctx.db.close();
  },

  async 'recount-recap'() {
    const ctx = createContext(loadConfig());
    try {
      await migrateToLatest(ctx.db);
      const { recountRecapTotals } = await import('../reports/recap-totals.js');
      const rows = await recountRecapTotals(ctx);
      console.log(`Recounted the recap totals: ${rows} day rows.`);
    } finally {
      await ctx.db.close();
    }
  },

  async 'import-holidays'(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
    const file = positionals[0];
    if (!file) throw new Error('import-holidays needs a file');
    const format = z.enum(['json', 'csv']).parse(values.format ?? (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'json'));
    const items = parseHolidayFile(fs.readFileSync(file, 'utf8'), format);
    const ctx = createContext(loadConfig());
    try {
      await prepare(ctx);
      console.log(`Imported ${await importHolidays(ctx.db.kysely, items, { actor: null, ip: 'cli', at: ctx.now() })} non-working days.`);
    } finally {
      await ctx.db.close();
    }
  },
  ...backupCommands,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return;
  }
  const command = commands[name];
  if (!command) {
    console.error(USAGE);
    process.exit(2);
  }
  await command(args);
}

/** A refused value (a password breaking the rules, a taken email) in words, not an error code. */
function describeFailure(error: unknown): unknown {
  if (error instanceof z.ZodError) return z.prettifyError(error);
  if (error instanceof AppError && error.fields?.length) return error.fields.map((f) => `${f.path}: ${typeof f.message === 'string' ? f.message : f.message.en}`).join('\n');
  return error instanceof Error ? error.message : error;
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(1);
});
