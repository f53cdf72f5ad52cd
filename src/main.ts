import { buildApp } from './app.js';
import { createContext, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { describeDemoLogins, seedDemo } from './demo/seed-demo.js';
import { startBackgroundWork } from './notifications/background.js';
import { fileStoreFor } from './storage/file-store.js';

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
  const shutdown = async () => {
    await background?.stop();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`Aduan is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${ctx.db.dialect})`);
  console.log(`API documentation: ${address}/api/docs`);
  if (prepared.admin) {
    console.log(`Admin login: ${prepared.admin.email} / ${prepared.admin.password}${prepared.admin.generated ? '  (generated; shown only this once)' : ''}`);
  }
  // Last, with the admin's, so the logins are not lost above the server's log lines.
  if (demoLogins) console.log(demoLogins);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
