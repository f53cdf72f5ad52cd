/**
 * A real IMAP server for the inbound-mail tests: Debian's Dovecot (dovecot-imapd, installed by
 * scripts/ensure-test-tools.sh) started from a configuration in a temporary folder, listening on a
 * free port on 127.0.0.1, with one user in a passwd-file and its maildir beside it. The system's
 * Dovecot service is neither used nor touched. Mail is delivered by APPENDing raw messages.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';

export interface TestMailbox {
  port: number;
  user: string;
  password: string;
  /** INBOUND_MAIL_IMAP_URL for the app. */
  url: string;
  /** Delivers one raw RFC 822 message into INBOX, unseen. */
  deliver(raw: string): Promise<void>;
  /** How many messages in INBOX are still unseen. */
  unseen(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function uidOf(name: string, flag: '-u' | '-g'): number {
  const out = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`no ${name} user: is dovecot-imapd installed?`);
  return Number(out.stdout.trim());
}

function groupName(gid: number): string {
  const out = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8' });
  return out.stdout.split(':')[0] || String(gid);
}

export async function startDovecot(): Promise<TestMailbox> {
  if (!fs.existsSync(DOVECOT)) throw new Error('Dovecot is missing: run scripts/ensure-test-tools.sh (apt-get install dovecot-imapd)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-dovecot-'));
  const port = await freePort();
  const me = os.userInfo();
  // Dovecot runs neither its login processes nor a mailbox as root: as root (CI) it takes its own users.
  const root = me.uid === 0;
  const owner = root ? { uid: uidOf('dovecot', '-u'), gid: uidOf('dovecot', '-g') } : { uid: me.uid, gid: me.gid };
  const user = 'pengaduan';
  const password = 'kotak-masuk-rahasia';
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'mail'));
  if (root) fs.chownSync(path.join(dir, 'mail'), owner.uid, owner.gid);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${dir}/mail/${user}\n`);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      ...(root ? [] : [`default_login_user = ${me.username}`, `default_internal_user = ${me.username}`, `default_internal_group = ${groupName(me.gid)}`]),
      `first_valid_uid = ${owner.uid}`,
      `last_valid_uid = ${owner.uid}`,
      'first_valid_gid = 0',
      `mail_location = maildir:${dir}/mail/%u`,
      `passdb {\n  driver = passwd-file\n  args = ${dir}/users\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${dir}/users\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      'service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
      '',
    ].join('\n'),
  );
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    await waitForPort(port, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    const logFile = path.join(dir, 'dovecot.log');
    throw new Error(`${String(error)}\n${stderr}\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}`);
  }
  // One connection for the test's own deliveries and counts; the app under test opens its own.
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  await client.connect();
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    deliver: async (raw) => void (await client.append('INBOX', raw.replace(/\r?\n/g, '\r\n'), [])),
    unseen: async () => {
      const status = await client.status('INBOX', { unseen: true });
      return status ? (status.unseen ?? 0) : Number.NaN;
    },
    async stop() {
      await client.logout().catch(() => client.close());
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
