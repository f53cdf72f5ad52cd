/**
 * The end of a record the office files (the register, the recap): place and date, "Mengetahui,",
 * the signer's position, room for the signature and stamp, the name underlined and the NIP; and
 * the "Dicetak …" line that dates the print. Drawn with pdfkit on the document being written.
 */
import type { Config } from '../config.js';
import { FONT, formatJakartaLong, type Doc } from '../reports/pdf.js';
import type { Signatory } from './signatory.js';

/** Whose position a register or recap is signed in when the signer's profile has none. */
export const DEFAULT_SIGNING_POSITION = 'Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan';

const SIGNATURE_SPACE = 48;
const FONT_SIZE = 9;
const LINE_GAP = 2;

export interface ClosingBlock {
  /** "Tangerang, 1 Desember 2026" */
  placeAndDate: string;
  position: string;
  /** Empty when nobody can sign yet: a dotted line to write the name on. */
  name: string;
  /** "NIP 19780101 200501 1 001" or "NIP -". */
  nip: string;
}

/**
 * Where the office signs: the city named in the office's name or address ("… Kota Tangerang" →
 * "Tangerang"), else the address up to its first comma.
 */
export function signingPlace(office: Config['office']): string {
  for (const text of [office.name, office.address]) {
    const m = /\b(?:Kota|Kabupaten)\s+([^,]+)/.exec(text);
    if (m?.[1]) return m[1].trim();
  }
  return office.address.split(',')[0]?.trim() ?? office.address;
}

export function closingBlock(office: Config['office'], signatory: Signatory | null, nowIso: string): ClosingBlock {
  return {
    placeAndDate: `${signingPlace(office)}, ${formatJakartaLong(nowIso)}`,
    position: signatory?.position?.trim() || DEFAULT_SIGNING_POSITION,
    name: signatory?.name.trim() ?? '',
    nip: `NIP ${signatory?.nip?.trim() || '-'}`,
  };
}

/** "Dicetak 1 Desember 2026 pukul 13.04 WIB" */
export function printedLine(nowIso: string): string {
  return `Dicetak ${formatJakartaLong(nowIso, true)}`;
}

/** Height the block takes in `width`, so a caller can move it to a new page rather than split it. */
export function closingHeight(doc: Doc, block: ClosingBlock, width: number): number {
  doc.font(FONT.regular).fontSize(FONT_SIZE);
  const line = doc.currentLineHeight(true) + LINE_GAP;
  const position = doc.heightOfString(block.position, { width, align: 'center' }) + LINE_GAP;
  doc.font(FONT.bold);
  const name = doc.heightOfString(block.name || '.', { width, align: 'center' }) + LINE_GAP;
  return line * 3 + position + SIGNATURE_SPACE + name;
}

/** Draws the block centred in the column [x, x + width] from y; returns the y below it. */
export function drawClosing(doc: Doc, block: ClosingBlock, x: number, y: number, width: number): number {
  const text = (value: string, bold = false, underline = false) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(FONT_SIZE).fillColor('black');
    doc.text(value, x, y, { width, align: 'center', underline });
    y = doc.y + LINE_GAP;
  };
  text(block.placeAndDate);
  text('Mengetahui,');
  text(block.position);
  y += SIGNATURE_SPACE;
  if (block.name) text(block.name, true, true);
  else text('(______________________________)');
  text(block.nip);
  return y;
}
