/**
 * What an import would do with each row of an old register: the complaint it becomes, or every
 * reason it is refused (row, column, Indonesian and English). Reads the catalogue and the keys
 * already imported; writes nothing. The dry run shows this plan; the import writes it or nothing.
 */
import { jakartaDate, jakartaYear } from '../calendar/working-time.js';
import type { Channel } from '../complaints/schema.js';
import type { AppContext } from '../context.js';
import type { FieldError } from '../shared/errors.js';
import { jakartaInstant, parseRegisterDate } from './dates.js';
import { findHeaderRow, guessColumns, IMPORT_FIELDS, REQUIRED_FIELDS, type ImportField, type ImportMapping } from './mapping.js';

type Text = { id: string; en: string };

export interface RowProblem {
  /** 1-based row of the sheet, as the spreadsheet program numbers it. */
  row: number;
  /** The sheet's header of the column at fault; null for the row as a whole. */
  column: string | null;
  reason: Text;
}

export type ImportedState = 'acknowledged' | 'answered' | 'closed' | 'referred' | 'rejected';

export interface PlannedComplaint {
  row: number;
  originalNumber: string;
  importKey: string;
  receivedAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
  state: ImportedState;
  anonymous: boolean;
  reporter: { name: string | null; phone: string | null; email: string | null; address: string | null } | null;
  subject: string;
  description: string;
  permitTypeId: number | null;
  themeId: number | null;
  channel: Channel;
  followUp: string | null;
  answer: string | null;
  remarks: string | null;
}

export interface SkippedRow {
  row: number;
  originalNumber: string;
  trackingNumber: string;
}

export interface ImportPlan {
  headerRow: number;
  headers: string[];
  columns: Partial<Record<ImportField, string>>;
  /** Non-empty rows under the header. */
  rows: number;
  complaints: PlannedComplaint[];
  /** Rows imported before (same Jakarta year and original number): left as they are. */
  skipped: SkippedRow[];
  refused: RowProblem[];
  /** A column or fallback the mapping names wrongly, or a required field left out: no row was read. */
  mappingProblems: FieldError[];
}

/** The time of day a date without one is taken at (Jakarta): the office's opening. */
const DEFAULT_TIME = '08:00';
const MAX_TEXT = 5000;

const normal = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const CHANNEL_WORDS: Record<string, Channel> = {
  website: 'web', web: 'web', situs: 'web', portal: 'web', online: 'web', daring: 'web',
  sp4nlapor: 'lapor', lapor: 'lapor', sp4n: 'lapor',
  sms: 'sms', pesansingkat: 'sms',
  surat: 'letter', suratmasuk: 'letter', letter: 'letter', kotaksaran: 'letter',
  telepon: 'phone', telpon: 'phone', telp: 'phone', phone: 'phone', telephone: 'phone', hotline: 'phone', callcenter: 'phone',
  datanglangsung: 'walk_in', langsung: 'walk_in', walkin: 'walk_in', tatapmuka: 'walk_in', loket: 'walk_in',
  email: 'email', surel: 'email', surelemail: 'email',
  whatsapp: 'whatsapp', wa: 'whatsapp', instagram: 'social_media', ig: 'social_media', facebook: 'social_media', fb: 'social_media',
  twitter: 'social_media', x: 'social_media', tiktok: 'social_media', mediasosial: 'social_media', medsos: 'social_media', socialmedia: 'social_media',
};

/** State words of registers; "in process" keeps the complaint open. */
const STATE_WORDS: Record<string, ImportedState> = {
  selesai: 'closed', ditutup: 'closed', tutup: 'closed', tuntas: 'closed', closed: 'closed', done: 'closed',
  dijawab: 'answered', terjawab: 'answered', sudahdijawab: 'answered', answered: 'answered',
  bukankewenangan: 'referred', bukanwewenang: 'referred', dirujuk: 'referred', diteruskan: 'referred', referred: 'referred',
  ditolak: 'rejected', tolak: 'rejected', rejected: 'rejected',
  proses: 'acknowledged', dalamproses: 'acknowledged', diproses: 'acknowledged', belumselesai: 'acknowledged', terbuka: 'acknowledged', open: 'acknowledged', tunda: 'acknowledged',
};

const ANONYMOUS_NAMES = new Set(['anonim', 'anonymous', 'tanpanama', 'hambaallah', '']);

interface CatalogueEntry {
  id: number;
  keys: string[];
}

/** Code, name, and a name's short form before " — " or " (": how registers write them. */
function catalogueKeys(code: string, ...names: string[]): string[] {
  const keys = [code, ...names, ...names.map((n) => n.split(/\s+—\s+|\s+\(/)[0] ?? n)].map(normal).filter((k) => k !== '');
  return [...new Set(keys)];
}

class CatalogueIndex {
  private readonly byKey = new Map<string, Set<number>>();
  private readonly byCode = new Map<string, number>();
  constructor(entries: Array<CatalogueEntry & { code: string }>) {
    for (const e of entries) {
      this.byCode.set(e.code.toUpperCase(), e.id);
      for (const k of e.keys) this.byKey.set(k, (this.byKey.get(k) ?? new Set()).add(e.id));
    }
  }
  find(text: string): number | 'unknown' | 'ambiguous' {
    const ids = this.byKey.get(normal(text));
    if (!ids) return 'unknown';
    if (ids.size > 1) return 'ambiguous';
    return [...ids][0] as number;
  }
  code(code: string): number | undefined {
    return this.byCode.get(code.toUpperCase());
  }
}

async function loadCatalogue(ctx: AppContext): Promise<{ permits: CatalogueIndex; themes: CatalogueIndex }> {
  const db = ctx.db.kysely;
  const [permits, themes] = await Promise.all([
    db.selectFrom('permit_types').select(['id', 'code', 'name']).where('active', '=', 1).execute(),
    db.selectFrom('complaint_themes').select(['id', 'code', 'name_id', 'name_en']).where('active', '=', 1).execute(),
  ]);
  return {
    permits: new CatalogueIndex(permits.map((p) => ({ id: p.id, code: p.code, keys: catalogueKeys(p.code, p.name) }))),
    themes: new CatalogueIndex(themes.map((t) => ({ id: t.id, code: t.code, keys: catalogueKeys(t.code, t.name_id, t.name_en) }))),
  };
}

const mappingError = (path: string, id: string, en: string): FieldError => ({ path, message: { id, en } });

/** `none` leaves an unknown value empty; a code must name an active catalogue entry. */
function fallbackId(index: CatalogueIndex, value: string | undefined, path: string, errors: FieldError[]): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'none') return null;
  const id = index.code(value);
  if (id === undefined) errors.push(mappingError(path, `Kode "${value}" tidak ada di katalog.`, `Code "${value}" is not in the catalogue.`));
  return id;
}

function splitContact(contact: string): { phone: string | null; email: string | null; address: string | null } {
  let rest = contact;
  const email = /[^\s@;,/<>()]+@[^\s@;,/<>()]+\.[a-z]{2,}/i.exec(rest)?.[0] ?? null;
  if (email) rest = rest.replace(email, ' ');
  const phoneMatch = /(?:\+62|\b62|\b0)\d[\d -]{5,16}\d/.exec(rest)?.[0] ?? null;
  if (phoneMatch) rest = rest.replace(phoneMatch, ' ');
  const address = rest.replace(/^[\s/,;|-]+|[\s/,;|-]+$/g, '').replace(/\s+/g, ' ');
  return { phone: phoneMatch ? phoneMatch.replace(/[ -]/g, '') : null, email: email ? email.toLowerCase() : null, address: address || null };
}

/** The first sentence of the description, at most 200 characters, cut at a word. */
export function subjectFrom(description: string): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{5,200}?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  if (sentence.length <= 200) return sentence;
  const cut = sentence.slice(0, 199);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}

export async function planImport(ctx: AppContext, sheet: string[][], mapping: ImportMapping): Promise<ImportPlan> {
  const headerRow = mapping.headerRow ?? findHeaderRow(sheet);
  const headers = (sheet[headerRow - 1] ?? []).map((h) => h.trim());
  const columns = { ...guessColumns(headers), ...mapping.columns };
  const errors: FieldError[] = [];
  const index = new Map<ImportField, number>();
  for (const field of IMPORT_FIELDS) {
    const name = columns[field];
    if (name === undefined) continue;
    const i = headers.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (i < 0) errors.push(mappingError(`columns.${field}`, `Kolom "${name}" tidak ada di baris judul ${headerRow}.`, `Column "${name}" is not in header row ${headerRow}.`));
    else index.set(field, i);
  }
  for (const field of REQUIRED_FIELDS) {
    if (columns[field] === undefined) errors.push(mappingError(`columns.${field}`, 'Pilih kolomnya; wajib untuk impor.', 'Choose its column; the import needs it.'));
  }
  if (columns.channel === undefined && mapping.fallback.channel === undefined) {
    errors.push(mappingError('columns.channel', 'Pilih kolom saluran, atau saluran pengganti untuk semua baris.', 'Choose the channel column, or a fallback channel for every row.'));
  }
  const catalogue = await loadCatalogue(ctx);
  const permitFallback = fallbackId(catalogue.permits, mapping.fallback.permitType, 'fallback.permitType', errors);
  const themeFallback = fallbackId(catalogue.themes, mapping.fallback.theme, 'fallback.theme', errors);
  const ownWords = (field: 'permitType' | 'theme', idx: CatalogueIndex): Map<string, number | null> => {
    const words = new Map<string, number | null>();
    for (const [word, code] of Object.entries(mapping.values[field] ?? {})) {
      const id = fallbackId(idx, code, `values.${field}.${word}`, errors);
      if (id !== undefined) words.set(normal(word), id);
    }
    return words;
  };
  const permitWords = ownWords('permitType', catalogue.permits);
  const themeWords = ownWords('theme', catalogue.themes);
  if (errors.length) return { headerRow, headers, columns, rows: 0, complaints: [], skipped: [], refused: [], mappingProblems: errors };

  const now = ctx.now();
  const refused: RowProblem[] = [];
  const planned: PlannedComplaint[] = [];
  const keysInFile = new Map<string, number>();
  let rows = 0;
  for (let r = headerRow; r < sheet.length; r++) {
    const cells = sheet[r] as string[];
    if (cells.every((c) => c.trim() === '')) continue;
    rows++;
    const rowNumber = r + 1;
    const problems: RowProblem[] = [];
    const cell = (field: ImportField): string => {
      const i = index.get(field);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const refuse = (field: ImportField | null, id: string, en: string) => problems.push({ row: rowNumber, column: field ? (columns[field] ?? null) : null, reason: { id, en } });
    const text = (field: ImportField, max: number): string | null => {
      const v = cell(field);
      if (v.length > max) refuse(field, `Terlalu panjang (paling banyak ${max} karakter).`, `Too long (at most ${max} characters).`);
      return v === '' ? null : v;
    };
    const date = (field: ImportField): Date | null => {
      const v = cell(field);
      if (v === '') return null;
      const parsed = parseRegisterDate(v);
      if (!parsed) {
        refuse(field, `"${v.slice(0, 40)}" bukan tanggal yang dikenal (mis. 10/01/2024, 15 Januari 2024, 2024-01-15).`, `"${v.slice(0, 40)}" is not a date we read (e.g. 10/01/2024, 15 Januari 2024, 2024-01-15).`);
        return null;
      }
      const at = jakartaInstant(parsed, DEFAULT_TIME);
      if (jakartaDate(at) > jakartaDate(now)) {
        refuse(field, 'Tanggal di masa depan.', 'The date is in the future.');
        return null;
      }
      return at;
    };

    const originalNumber = text('originalNumber', 60);
    if (originalNumber === null) refuse('originalNumber', 'Nomor asli kosong.', 'The original number is empty.');
    const receivedAt = date('receivedAt');
    if (receivedAt === null && cell('receivedAt') === '') refuse('receivedAt', 'Tanggal diterima kosong.', 'The date received is empty.');
    const answeredAt = date('answeredAt');
    const closedAt = date('closedAt');
    if (receivedAt && answeredAt && answeredAt < receivedAt) refuse('answeredAt', 'Tanggal dijawab sebelum tanggal diterima.', 'Answered before it was received.');
    if (receivedAt && closedAt && closedAt < receivedAt) refuse('closedAt', 'Tanggal selesai sebelum tanggal diterima.', 'Closed before it was received.');
    if (answeredAt && closedAt && closedAt < answeredAt) refuse('closedAt', 'Tanggal selesai sebelum tanggal dijawab.', 'Closed before it was answered.');

    const description = text('description', MAX_TEXT);
    if (description === null) refuse('description', 'Uraian pengaduan kosong.', 'The description is empty.');
    const subjectCell = text('subject', 200);

    const name = text('reporterName', 120);
    const anonymous = ANONYMOUS_NAMES.has(normal(name ?? ''));
    const contact = text('reporterContact', 300);
    const split = contact ? splitContact(contact) : { phone: null, email: null, address: null };
    const reporter = !anonymous || split.phone || split.email || split.address ? { name: anonymous ? null : name, ...split } : null;

    const lookup = (field: 'permitType' | 'theme', idx: CatalogueIndex, words: Map<string, number | null>, fallback: number | null | undefined, what: Text): number | null => {
      const v = cell(field);
      if (v === '') return null;
      const own = words.get(normal(v));
      if (own !== undefined) return own;
      const found = idx.find(v);
      if (typeof found === 'number') return found;
      if (fallback !== undefined) return fallback;
      if (found === 'ambiguous') refuse(field, `"${v.slice(0, 60)}" cocok dengan lebih dari satu ${what.id} di katalog; tulis kodenya.`, `"${v.slice(0, 60)}" matches more than one ${what.en} in the catalogue; write its code.`);
      else refuse(field, `${what.id[0]?.toUpperCase()}${what.id.slice(1)} "${v.slice(0, 60)}" tidak ada di katalog.`, `No ${what.en} "${v.slice(0, 60)}" in the catalogue.`);
      return null;
    };
    const permitTypeId = lookup('permitType', catalogue.permits, permitWords, permitFallback, { id: 'jenis izin', en: 'permit type' });
    const themeId = lookup('theme', catalogue.themes, themeWords, themeFallback, { id: 'tema', en: 'theme' });

    let channel: Channel | undefined = mapping.fallback.channel;
    const channelText = cell('channel');
    if (channelText !== '' || columns.channel !== undefined) {
      const known = CHANNEL_WORDS[normal(channelText)];
      if (known) channel = known;
      else if (channel === undefined) refuse('channel', `Saluran "${channelText.slice(0, 60)}" tidak dikenal.`, `Unknown channel "${channelText.slice(0, 60)}".`);
    }

    let state: ImportedState = closedAt ? 'closed' : answeredAt ? 'answered' : 'acknowledged';
    const stateText = cell('state');
    if (stateText !== '') {
      const word = normal(stateText);
      const known = STATE_WORDS[word] ?? Object.entries(STATE_WORDS).find(([w]) => w.length >= 5 && word.startsWith(w))?.[1];
      if (!known) refuse('state', `Status "${stateText.slice(0, 60)}" tidak dikenal.`, `Unknown state "${stateText.slice(0, 60)}".`);
      else state = known;
      if (known && known !== 'acknowledged' && known !== 'answered' && !closedAt) refuse('closedAt', 'Status selesai/ditolak/bukan kewenangan perlu tanggal selesai.', 'A closed, rejected or referred complaint needs the date closed.');
      if (known === 'answered' && !answeredAt && !closedAt) refuse('answeredAt', 'Status dijawab perlu tanggal dijawab.', 'An answered complaint needs the date answered.');
      if (known === 'acknowledged' && closedAt) refuse('state', 'Status masih diproses tetapi ada tanggal selesai.', 'The state says open but a date closed is given.');
    }

    const followUp = text('followUp', MAX_TEXT);
    const answer = text('answer', MAX_TEXT);
    const remarks = text('remarks', MAX_TEXT);

    if (originalNumber !== null && receivedAt) {
      const key = `${jakartaYear(receivedAt)}/${originalNumber}`;
      const first = keysInFile.get(key);
      if (first !== undefined) refuse('originalNumber', `Nomor ${originalNumber} tahun ${jakartaYear(receivedAt)} sudah ada di baris ${first}.`, `Number ${originalNumber} of ${jakartaYear(receivedAt)} is already on row ${first}.`);
      else keysInFile.set(key, rowNumber);
    }
    if (problems.length > 0 || originalNumber === null || receivedAt === null || description === null || channel === undefined) {
      refused.push(...problems);
      continue;
    }
    planned.push({
      row: rowNumber,
      originalNumber,
      importKey: `${jakartaYear(receivedAt)}/${originalNumber}`,
      receivedAt,
      answeredAt: answeredAt ?? (state === 'closed' || state === 'answered' ? closedAt : null),
      closedAt: state === 'acknowledged' || state === 'answered' ? null : closedAt,
      state,
      anonymous,
      reporter,
      subject: subjectCell ?? subjectFrom(description),
      description,
      permitTypeId,
      themeId,
      channel,
      followUp,
      answer,
      remarks,
    });
  }
  const skipped = await alreadyImported(ctx, planned);
  const skippedRows = new Set(skipped.map((s) => s.row));
  return { headerRow, headers, columns, rows, complaints: planned.filter((p) => !skippedRows.has(p.row)), skipped, refused, mappingProblems: [] };
}

/** Rows whose key is in the database: a second import of the same register adds nothing. */
async function alreadyImported(ctx: AppContext, planned: PlannedComplaint[]): Promise<SkippedRow[]> {
  const skipped: SkippedRow[] = [];
  const byKey = new Map(planned.map((p) => [p.importKey, p]));
  const keys = [...byKey.keys()];
  for (let i = 0; i < keys.length; i += 500) {
    const found = await ctx.db.kysely.selectFrom('complaints').select(['import_key', 'tracking_number']).where('import_key', 'in', keys.slice(i, i + 500)).execute();
    for (const f of found) {
      const p = byKey.get(f.import_key as string);
      if (p) skipped.push({ row: p.row, originalNumber: p.originalNumber, trackingNumber: f.tracking_number });
    }
  }
  return skipped.sort((a, b) => a.row - b.row);
}
