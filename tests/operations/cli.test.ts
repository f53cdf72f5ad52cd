/** Every command line command answers --help, and a wrong command or option gets one line and exit code 2. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const COMMANDS = ['migrate', 'version', 'create-user', 'reset-password', 'seed-demo', 'worker', 'recount-recap', 'import-holidays', 'import-register'];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A few at a time: two cores. */
async function inTurns<T>(items: readonly T[], run: (item: T) => Promise<void>, width = 3): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
}

describe('npm run cli', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists every command with its summary', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('answers --help on every command, and refuses an unknown option in one line with exit code 2', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    await inTurns(COMMANDS, async (name) => {
      const help = await cli(name, '--help');
      if (help.code !== 0 || !help.stdout.includes(`Usage: npm run cli -- ${name}`) || help.stderr !== '') failures.push(`${name} --help → ${help.code} ${help.stderr}`);
      const wrong = await cli(name, '--no-such-option');
      const lines = wrong.stderr.trim().split('\n');
      if (wrong.code !== 2 || lines.length !== 1 || !lines[0]?.includes("Unknown option '--no-such-option'") || !lines[0].includes(`${name} --help`)) failures.push(`${name} --no-such-option → ${wrong.code} ${wrong.stderr}`);
    });
    expect(failures).toEqual([]);
    // None of it touched a database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses an unknown command in one line naming the commands, exit code 2', async () => {
    const run = await cli('restart-everything');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("Unknown command 'restart-everything'");
    expect(run.stderr).toContain('migrate');
  });
});

describe('npm run bench', () => {
  it('answers --help and refuses an unknown option in one line', { timeout: 60_000 }, async () => {
    const run = (...args: string[]) =>
      new Promise<Run>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }));
      });
    const [help, wrong] = await Promise.all([run('--help'), run('--no-such-option')]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: npm run bench -- [options]');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toEqual(["bench: Unknown option '--no-such-option' (npm run bench -- --help)"]);
  });
});
