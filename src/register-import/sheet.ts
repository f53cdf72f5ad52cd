/**
 * An uploaded register as rows of text: the first worksheet of an .xlsx (read as a stream, so the
 * row cap stops a huge sheet early) or a CSV. Cells become text; a number stays its digits, so a
 * date typed into Excel arrives as its serial and `dates.ts` reads it.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CsvLimitError, parseCsv, type CsvLimits } from './csv.js';

export type SheetProblem = 'too_many_rows' | 'too_many_columns' | 'unreadable';

export class SheetError extends Error {
  constructor(readonly problem: SheetProblem) {
    super(problem);
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** By content, not by name: an .xlsx is a zip; anything else is read as CSV text. */
export const isXlsx = (data: Buffer): boolean => data.subarray(0, 4).equals(ZIP_MAGIC);

export async function readSheet(data: Buffer, limits: CsvLimits): Promise<string[][]> {
  if (!isXlsx(data)) {
    try {
      return parseCsv(data.toString('utf8'), limits);
    } catch (error) {
      if (error instanceof CsvLimitError) throw new SheetError(error.limit === 'rows' ? 'too_many_rows' : 'too_many_columns');
      throw error;
    }
  }
  return readXlsx(data, limits);
}

/** What the parts of an .xlsx may unpack to in all: a 5,000-row register is a few MB. */
const XLSX_MAX_UNPACKED = 200 * 1024 * 1024;

/**
 * The unpacked size the zip's central directory declares, or null when it cannot be read (or is ZIP64).
 * A register that declares more is refused before anything is inflated: a sheet stored before the shared
 * strings would be unpacked whole to a temporary file.
 */
export function declaredUnpackedSize(data: Buffer): number | null {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > data.length) return null;
  const entries = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return null;
    const size = data.readUInt32LE(at + 24);
    if (size === 0xffffffff) return null;
    total += size;
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return total;
}

async function readXlsx(data: Buffer, limits: CsvLimits): Promise<string[][]> {
  const rows: string[][] = [];
  const unpacked = declaredUnpackedSize(data);
  if (unpacked === null) throw new SheetError('unreadable');
  if (unpacked > XLSX_MAX_UNPACKED) throw new SheetError('too_many_rows');
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        // Row numbers may skip empty rows: keep the gaps so reported row numbers match the sheet.
        if (row.number > limits.maxRows) throw new SheetError('too_many_rows');
        while (rows.length < row.number - 1) rows.push([]);
        const values = Array.isArray(row.values) ? row.values : [];
        if (values.length - 1 > limits.maxColumns) throw new SheetError('too_many_columns');
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c] as ExcelJS.CellValue | undefined));
        rows.push(cells);
      }
      // The first worksheet is the register.
      break;
    }
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError('unreadable');
  }
  return rows;
}

/** A cell's shown text: a formula's last result, rich text joined, an error or nothing as empty. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? cellText(value.result as ExcelJS.CellValue) : '';
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}
