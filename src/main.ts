import { buildApp } from './app.js';
import { createContext, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { SchemaTooNewError } from './db/migrate.js';
import { describeDemoLogins, seedDemo } from './demo/seed-demo.js';
import { startBackgroundWork } from './notifications/background.js';
import { fileStoreFor } from './storage/file-store.js';
import { appVersion } from './operations/version.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  try {
    // A bucket that cannot be written is said now, not at the first reporter's upload.
    await fileStoreFor(config).check();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const ctx = createContext(config);
  const prepared = await prepareDatabase(ctx);
  let demoLogins: string | undefined;
  if (prepared.seeded && config.seedDemo) {
    const demo = await seedDemo(ctx, { complaints: config.demoComplaints });
    console.log(`Demo data: ${demo.complaints} complaints.`);
    demoLogins = describeDemoLogins(demo.staff);
    // Demo reporters have made-up addresses: a real mail server must not be sent their mail.
    if (config.mail.smtp) await ctx.db.kysely.updateTable('outbox_messages').set({ status: 'cancelled', payload: null }).where('status', '=', 'pending').execute();
  }
  const { app } = await buildApp(ctx);
  // Mail outbox worker and timed jobs (auto-close, reminders, retention); off when `npm run worker` runs them.
  const background = config.workerInProcess ? startBackgroundWork(ctx, app.log) : undefined;
  let stopping = false;
  // SIGTERM (systemd, docker stop): stop taking requests, let those in flight and the mail being sent finish, then exit.
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'stopping: finishing the requests in flight and the mail being sent');
    const force = setTimeout(() => {
      app.log.error({ graceSeconds: config.shutdownGraceSeconds }, 'not finished within SHUTDOWN_GRACE_SECONDS: exiting anyway (unsent mail is sent again by the next worker)');
      process.exit(1);
    }, config.shutdownGraceSeconds * 1000);
    force.unref();
    try {
      await Promise.all([app.close(), background?.stop()]);
      await ctx.db.close();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'stopping failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', (signal) => void shutdown(signal));
  process.once('SIGTERM', (signal) => void shutdown(signal));
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`Aduan ${appVersion()} is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${ctx.db.dialect})`);
  console.log(`API documentation: ${address}/api/docs`);
  if (prepared.admin) {
    console.log(`Admin login: ${prepared.admin.email} / ${prepared.admin.password}${prepared.admin.generated ? '  (generated; shown only this once)' : ''}`);
  }
  // Last, with the admin's, so the logins are not lost above the server's log lines.
  if (demoLogins) console.log(demoLogins);
}

main().catch((error: unknown) => {
  // A database newer than this code is an operator's situation, not a bug: one line, no stack.
  console.error(error instanceof SchemaTooNewError ? error.message : error);
  process.exit(1);
});
