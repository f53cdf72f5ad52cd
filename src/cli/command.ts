/**
 * One command line command: what `--help` prints and what it does. Commands live in a plain record
 * (src/cli/main.ts), so a module adds its own with one line there.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** The synopsis and its options, printed by `<command> --help`. */
  usage: string;
  /** Runs with the arguments after the command's name; throws UsageError for a wrong one. */
  run(args: string[]): Promise<void>;
}

/** A wrong command line: one line on stderr and exit code 2, no stack trace. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, strict: an unknown option, a missing value or an unexpected argument becomes a
 * UsageError naming it (node's own message, which already says which option and why).
 */
export function parseOptions<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(error.message.split('\n')[0] ?? error.message);
    throw error;
  }
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere). */
export const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
