/**
 * A CSV reader for registers saved by spreadsheets: quoted fields (with doubled quotes and line
 * breaks inside), `;` or `,` or tab between fields — whichever the first lines use most outside
 * quotes, as Indonesian-locale Excel writes `;` — and a UTF-8 byte-order mark. One pass over the
 * text, so a hostile file costs time and memory in proportion to its size; limits stop it early.
 */

export interface CsvLimits {
  maxRows: number;
  maxColumns: number;
}

/** The file has more rows or columns than an import takes. */
export class CsvLimitError extends Error {
  constructor(readonly limit: 'rows' | 'columns') {
    super(`too many ${limit}`);
  }
}

const SEPARATORS = [';', ',', '\t'] as const;

/** The separator used most outside quotes in the first lines. */
export function detectSeparator(text: string): string {
  const sample = text.slice(0, 8192);
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = SEPARATORS[0];
  for (const s of SEPARATORS) if ((counts.get(s) ?? 0) > (counts.get(best) ?? 0)) best = s;
  return best;
}

export function parseCsv(input: string, limits: CsvLimits, separator?: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = separator ?? detectSeparator(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    if (row.length >= limits.maxColumns) throw new CsvLimitError('columns');
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (rows.length >= limits.maxRows) throw new CsvLimitError('rows');
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) endField();
    else if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
