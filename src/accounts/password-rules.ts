import { z } from 'zod';
import { AppError, type FieldError } from '../shared/errors.js';

/**
 * The one definition of what a password must be: checked here on every path that sets one
 * (admin create, change, reset, command line, first admin), served by `GET /api/auth/password-rules`
 * so each form shows the rules before anyone types.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
const MIN_DISTINCT_CHARACTERS = 5;

/**
 * Passwords that were published (the demo data's old constant) or top every leaked list;
 * compared in lower case.
 */
const KNOWN_PASSWORDS = new Set([
  'demo-aduan-2026',
  'admin-aduan-2026',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'katasandi123',
  'katasandi1234',
  'qwertyuiop123',
  'qwerty123456',
  '123456789012',
  '1234567890123',
  '12345678901234',
  'abcdefghijkl',
  'iloveyou1234',
  'admin1234567',
  'administrator',
]);

export type PasswordRuleId = 'min_length' | 'max_length' | 'not_email' | 'not_known' | 'variety';

export interface PasswordRule {
  id: PasswordRuleId;
  text: { id: string; en: string };
}

export const PASSWORD_RULES: readonly PasswordRule[] = [
  { id: 'min_length', text: { id: `Paling sedikit ${PASSWORD_MIN_LENGTH} karakter.`, en: `At least ${PASSWORD_MIN_LENGTH} characters.` } },
  { id: 'max_length', text: { id: `Paling banyak ${PASSWORD_MAX_LENGTH} karakter.`, en: `At most ${PASSWORD_MAX_LENGTH} characters.` } },
  { id: 'not_email', text: { id: 'Bukan alamat email Anda (atau bagian sebelum @).', en: 'Not your email address (or the part before the @).' } },
  { id: 'not_known', text: { id: 'Bukan kata sandi yang umum atau pernah diumumkan (misalnya kata sandi demo).', en: 'Not a common or published password (such as the demo password).' } },
  {
    id: 'variety',
    text: { id: `Memuat paling sedikit ${MIN_DISTINCT_CHARACTERS} karakter yang berbeda (bukan satu karakter diulang).`, en: `Has at least ${MIN_DISTINCT_CHARACTERS} different characters (not one character repeated).` },
  },
];

/** The rules the password breaks (none when it is acceptable). */
export function brokenPasswordRules(password: string, email: string): PasswordRule[] {
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? address;
  const broken = new Set<PasswordRuleId>();
  if ([...password].length < PASSWORD_MIN_LENGTH) broken.add('min_length');
  if (password.length > PASSWORD_MAX_LENGTH) broken.add('max_length');
  if (address && (lower === address || lower === local)) broken.add('not_email');
  if (KNOWN_PASSWORDS.has(lower)) broken.add('not_known');
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) broken.add('variety');
  return PASSWORD_RULES.filter((r) => broken.has(r.id));
}

/** Throws a 422 naming `path` and each broken rule, in both languages. */
export function assertPasswordAcceptable(password: string, email: string, path: string): void {
  const broken = brokenPasswordRules(password, email);
  if (broken.length === 0) return;
  const fields: FieldError[] = broken.map((r) => ({ path, message: r.text }));
  throw new AppError('validation_failed', fields);
}

/** The body field of a new password; the length bounds only, the other rules need the email. */
export const NewPasswordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH)
  .describe(`New password. Rules (also at GET /api/auth/password-rules): ${PASSWORD_RULES.map((r) => r.text.en).join(' ')}`);

export const PasswordRulesSchema = z.object({
  minLength: z.number().int(),
  maxLength: z.number().int(),
  rules: z.array(z.object({ id: z.string(), text: z.object({ id: z.string(), en: z.string() }) })),
});

export function passwordRulesDocument(): z.infer<typeof PasswordRulesSchema> {
  return { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, rules: PASSWORD_RULES.map((r) => ({ id: r.id, text: r.text })) };
}
