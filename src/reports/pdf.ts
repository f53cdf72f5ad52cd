/**
 * What every PDF of the office shares: embedded fonts, the letterhead, Jakarta dates, and a
 * producer that waits for the reader so long documents stream with flat memory.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { contactLine, logoExists, type Letterhead } from '../paper/letterhead.js';
import { MONTHS_ID } from './period.js';

/**
 * DejaVu Sans (Debian package fonts-dejavu-core) is embedded so every character prints:
 * the built-in Helvetica has no glyph for e.g. '–', '’' or 'ā' beyond WinAnsi. Without the
 * package the documents fall back to Helvetica.
 */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu'];

function findFonts(): { regular: string; bold: string; condensed: string; condensedBold: string } | null {
  for (const dir of FONT_DIRS) {
    const files = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', condensed: 'DejaVuSansCondensed.ttf', condensedBold: 'DejaVuSansCondensed-Bold.ttf' };
    const paths = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, `${dir}/${f}`])) as typeof files;
    if (Object.values(paths).every((p) => fs.existsSync(p))) return paths;
  }
  return null;
}

const FONTS = findFonts();

/** Condensed faces for the wide tables of the register. */
export const FONT = { regular: 'body', bold: 'body-bold', condensed: 'table', condensedBold: 'table-bold' } as const;

export type Doc = PDFKit.PDFDocument;

export function createDoc(layout: 'portrait' | 'landscape', title: string, options: { bufferPages?: boolean } = {}): Doc {
  const doc = new PDFDocument({ size: 'A4', layout, bufferPages: options.bufferPages ?? false, margins: { top: 40, bottom: 40, left: 40, right: 40 }, info: { Title: title, Creator: 'Aduan' }, autoFirstPage: false });
  if (FONTS) {
    doc.registerFont(FONT.regular, FONTS.regular);
    doc.registerFont(FONT.bold, FONTS.bold);
    doc.registerFont(FONT.condensed, FONTS.condensed);
    doc.registerFont(FONT.condensedBold, FONTS.condensedBold);
  } else {
    doc.registerFont(FONT.regular, 'Helvetica');
    doc.registerFont(FONT.bold, 'Helvetica-Bold');
    doc.registerFont(FONT.condensed, 'Helvetica');
    doc.registerFont(FONT.condensedBold, 'Helvetica-Bold');
  }
  return doc;
}

/**
 * The one letterhead of every PDF: logo at the left, agency line, office name, address and
 * contacts centred, a double rule below; returns the y under the rule. `l` is what
 * `loadLetterhead` (src/paper/letterhead.ts) read for this PDF.
 */
export function letterhead(doc: Doc, l: Letterhead, subtitle?: string): number {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.page.margins.top;
  const logoSize = 62;
  let textLeft = left;
  let textWidth = width;
  if (l.logo && logoExists(l)) {
    try {
      doc.image(l.logo, left, top, { fit: [logoSize, logoSize], align: 'center', valign: 'center' });
      // The text stays centred on the page: the logo takes the same room on both sides.
      textLeft = left + logoSize + 8;
      textWidth = width - 2 * (logoSize + 8);
    } catch {
      // An unreadable logo is left out rather than failing the document.
    }
  }
  const line = (text: string, font: string, size: number, gap: number) => doc.font(font).fontSize(size).fillColor('black').text(text, textLeft, doc.y + gap, { width: textWidth, align: 'center' });
  doc.y = top;
  if (l.agency) line(l.agency.toUpperCase(), FONT.bold, 12, 0);
  line(l.name.toUpperCase(), FONT.bold, 13, l.agency ? 1 : 0);
  line(l.address, FONT.regular, 9, 2);
  const contacts = contactLine(l);
  if (contacts) line(contacts, FONT.regular, 8.5, 1);
  if (subtitle) line(subtitle, FONT.regular, 9, 1);
  const y = Math.max(doc.y, top + (textLeft === left ? 0 : logoSize)) + 6;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(1.5).stroke();
  doc.moveTo(left, y + 2.5).lineTo(left + width, y + 2.5).lineWidth(0.5).stroke();
  doc.lineWidth(1);
  return y + 12;
}

const WIB_MS = 7 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** '24/11/2026 10:00 WIB' */
export function formatJakarta(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + WIB_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} WIB`;
}

/** '1 Desember 2026' or, with the time, '1 Desember 2026 pukul 13.04 WIB': how an Indonesian letter dates things. */
export function formatJakartaLong(iso: string | null | undefined, withTime = false): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + WIB_MS);
  const date = `${d.getUTCDate()} ${MONTHS_ID[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return withTime ? `${date} pukul ${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())} WIB` : date;
}

/** The same instant as a Date whose UTC fields read as Jakarta wall time: spreadsheets have no time zones. */
export function jakartaWallClock(iso: string | null): Date | null {
  return iso ? new Date(Date.parse(iso) + WIB_MS) : null;
}

/** Lets the reader catch up: a producer calls this between batches so buffered output stays small. */
export async function waitForReader(stream: Readable, limit = 1024 * 1024): Promise<void> {
  while (!stream.destroyed && stream.readableLength > limit) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
