import { z } from 'zod';

/**
 * What a field problem says to the person who typed it, in the office's words rather than the
 * validator's ("Minimal 5 karakter.", not "Terlalu kecil: diharapkan string memiliki >=5 karakter").
 * A message a schema sets itself (`.refine(..., { message })`) wins over these.
 */
type Language = 'id' | 'en';
type Issue = z.core.$ZodRawIssue;
type Said = { id: string; en: string };

const fallback = { id: z.locales.id().localeError, en: z.locales.en().localeError };

const TYPE_NAMES: Record<string, Said> = {
  string: { id: 'teks', en: 'text' },
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'ya atau tidak', en: 'yes or no' },
  array: { id: 'daftar', en: 'a list' },
  object: { id: 'kumpulan isian', en: 'a group of fields' },
};

const FORMAT_NAMES: Record<string, Said> = {
  email: { id: 'Alamat email tidak valid.', en: 'Not a valid email address.' },
  date: { id: 'Tanggal tidak valid (TTTT-BB-HH).', en: 'Not a valid date (YYYY-MM-DD).' },
  datetime: { id: 'Waktu tidak valid.', en: 'Not a valid date and time.' },
  url: { id: 'Alamat web tidak valid.', en: 'Not a valid web address.' },
  regex: { id: 'Formatnya tidak sesuai.', en: 'Not in the expected format.' },
};

function sizeMessage(issue: Issue & { code: 'too_small' | 'too_big' }): Said | undefined {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const exact = (issue as { exact?: boolean }).exact === true;
  switch (issue.origin) {
    case 'string':
      if (small && limit <= 1) return { id: 'Wajib diisi.', en: 'Required.' };
      if (exact) return { id: `Harus ${limit} karakter.`, en: `Must be ${limit} characters.` };
      return small ? { id: `Minimal ${limit} karakter.`, en: `At least ${limit} characters.` } : { id: `Maksimal ${limit} karakter.`, en: `At most ${limit} characters.` };
    case 'array':
    case 'set':
      if (exact) return { id: `Harus tepat ${limit} pilihan.`, en: `Exactly ${limit} choices are needed.` };
      if (small && limit <= 1) return { id: 'Pilih minimal satu.', en: 'Choose at least one.' };
      return small ? { id: `Pilih minimal ${limit}.`, en: `Choose at least ${limit}.` } : { id: `Paling banyak ${limit} pilihan.`, en: `At most ${limit} choices.` };
    case 'number':
    case 'int':
    case 'bigint':
      return small ? { id: `Paling kecil ${limit}.`, en: `At least ${limit}.` } : { id: `Paling besar ${limit}.`, en: `At most ${limit}.` };
    default:
      return undefined;
  }
}

function friendly(issue: Issue): Said | undefined {
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'invalid_type': {
      if (issue.input === undefined) return { id: 'Wajib diisi.', en: 'Required.' };
      const expected = TYPE_NAMES[String(issue.expected)];
      return expected ? { id: `Harus berupa ${expected.id}.`, en: `Must be ${expected.en}.` } : { id: 'Jenis isian tidak sesuai.', en: 'Wrong kind of value.' };
    }
    case 'invalid_format':
      return FORMAT_NAMES[issue.format] ?? FORMAT_NAMES.regex;
    case 'invalid_value':
      return { id: 'Pilihan tidak dikenal.', en: 'Not one of the choices.' };
    case 'unrecognized_keys':
      return { id: 'Kolom ini tidak dikenal.', en: 'This field is not known.' };
    case 'not_multiple_of':
      return { id: 'Nilainya tidak sesuai kelipatan yang diminta.', en: 'Not a multiple of the required step.' };
    default:
      return undefined;
  }
}

/** The Zod error map of `parseOrThrow`: a friendly sentence where we have one, Zod's own otherwise. */
export function fieldMessage(issue: Issue, language: Language): string | undefined {
  const said = friendly(issue);
  if (said) return said[language];
  const own = fallback[language](issue);
  return typeof own === 'string' ? own : own?.message;
}
