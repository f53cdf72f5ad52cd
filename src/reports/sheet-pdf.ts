/**
 * The complaint sheet (*lembar pengaduan*, SOP steps 2 and 6): the complaint as received, then
 * its handling — clarification, disposition, follow-up and advocacy, answer — each date beside
 * its deadline, and the signature blocks. Printed at step 2 its handling part is still blank;
 * printed after step 6 it is the filled sheet the office files.
 *
 * The sheet is built from staffView, so it shows exactly what the viewer may see: an anonymous
 * reporter is masked for division officers, and they only get sheets of their division.
 * Printing does not record the SOP action `print_sheet`: that action changes the complaint's
 * version and belongs to the explicit POST …/actions/print_sheet, not to a GET.
 */
import type { Readable } from 'node:stream';
import QRCode from 'qrcode';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { CHANNEL_LABELS, STATE_LABELS } from './labels.js';
import type { StaffPrincipal } from '../shared/http.js';
import { AppError } from '../shared/errors.js';
import { staffView, type StaffComplaintView } from '../complaints/views.js';
import { loadLetterhead, type Letterhead } from '../paper/letterhead.js';
import { sheetSigners, type SheetSigner } from '../paper/sheet-signers.js';
import { createDoc, FONT, formatJakartaLong, letterhead, type Doc } from './pdf.js';

/** The reporter's tracking page; the public web app serves it (see the report to the lead). */
export function trackingUrl(config: Config, trackingNumber: string): string {
  const base = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
  return `${base.replace(/\/$/, '')}/lacak?nomor=${encodeURIComponent(trackingNumber)}`;
}

/** '1 Oktober 2026 pukul 11.00 WIB': the sheet is a letter and dates the Indonesian way. */
const when = (iso: string | null | undefined) => formatJakartaLong(iso, true);

function onTime(done: string | null, due: string | null, met: boolean | null): string {
  if (!due) return done ? when(done) : '';
  const verdict = met === null ? '' : met ? ' — tepat waktu' : ' — terlambat';
  return `${done ? when(done) : 'belum'} (batas ${when(due)})${verdict}`;
}

export async function complaintSheetPdf(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string): Promise<Readable> {
  return sheetsPdf(ctx, [await staffView(ctx, principal, trackingNumber)], `Lembar Pengaduan ${trackingNumber}`);
}

/** Most sheets printed in one PDF: a day's intake, and a bound on one request's work. */
export const MAX_SHEETS = 50;

/**
 * Several complaints' sheets in one PDF, each starting on its own page, in the order asked.
 * Complaints this viewer may not see (or that do not exist) are left out and named in `skipped`.
 */
export async function complaintSheetsPdf(ctx: AppContext, principal: StaffPrincipal, trackingNumbers: readonly string[]): Promise<{ pdf: Readable; printed: string[]; skipped: string[] } | null> {
  const views: StaffComplaintView[] = [];
  const skipped: string[] = [];
  for (const trackingNumber of [...new Set(trackingNumbers)]) {
    try {
      views.push(await staffView(ctx, principal, trackingNumber));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
      skipped.push(trackingNumber);
    }
  }
  if (views.length === 0) return null;
  return { pdf: await sheetsPdf(ctx, views, `Lembar Pengaduan (${views.length})`), printed: views.map((v) => v.trackingNumber), skipped };
}

async function sheetsPdf(ctx: AppContext, views: readonly StaffComplaintView[], title: string): Promise<Readable> {
  // Pages are kept until the end so each page of a sheet can name its complaint and "halaman i dari n".
  const doc = createDoc('portrait', title, { bufferPages: true });
  const printed = `Dicetak ${when(ctx.now().toISOString())}`;
  const head = await loadLetterhead(ctx);
  const sheets: { trackingNumber: string; first: number; pages: number }[] = [];
  for (const view of views) {
    const qr = await QRCode.toBuffer(trackingUrl(ctx.config, view.trackingNumber), { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
    const signers = await sheetSigners(ctx.db.kysely, view.trackingNumber);
    const first = doc.bufferedPageRange().count;
    doc.addPage();
    drawSheet(doc, head, view, qr, signers);
    sheets.push({ trackingNumber: view.trackingNumber, first, pages: doc.bufferedPageRange().count - first });
  }
  for (const sheet of sheets) {
    for (let i = 0; i < sheet.pages; i++) {
      doc.switchToPage(sheet.first + i);
      footer(doc, `${printed} — ${sheet.trackingNumber}${sheet.pages > 1 ? ` — halaman ${i + 1} dari ${sheet.pages}` : ''}`);
    }
  }
  doc.end();
  return doc;
}

function drawSheet(doc: Doc, head: Letterhead, v: StaffComplaintView, qr: Buffer, signers: readonly SheetSigner[]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let y = letterhead(doc, head);

  doc.font(FONT.bold).fontSize(14).text('LEMBAR PENGADUAN', left, y, { width, align: 'center' });
  doc.font(FONT.regular).fontSize(8).text('SOP/DATA/16a — Penanganan Pengaduan dan Advokasi melalui Website', left, doc.y, { width, align: 'center' });
  y = doc.y + 10;

  const qrSize = 78;
  doc.image(qr, left + width - qrSize, y, { width: qrSize });
  doc.font(FONT.regular).fontSize(6.5).text('Pindai untuk melacak', left + width - qrSize, y + qrSize + 1, { width: qrSize, align: 'center' });
  const fieldsWidth = width - qrSize - 12;
  const field = (label: string, value: string) => {
    const top = doc.y;
    doc.font(FONT.regular).fontSize(9).text(label, left, top, { width: 120 });
    doc.font(FONT.regular).fontSize(9).text(`: ${value || '—'}`, left + 120, top, { width: fieldsWidth - 120 });
    doc.y = Math.max(doc.y, top) + 2;
  };
  doc.y = y;
  doc.font(FONT.bold).fontSize(11).text(`Nomor Pengaduan: ${v.trackingNumber}`, left, doc.y, { width: fieldsWidth });
  doc.y += 4;
  field('Tanggal diterima', when(v.receivedAt));
  field('Saluran', CHANNEL_LABELS[v.channel]);
  field('Status', STATE_LABELS[v.state]);
  field('Pelapor', v.reporter.name ?? '—');
  if (!v.reporter.masked) {
    field('Email / telepon', [v.reporter.email, v.reporter.phone].filter(Boolean).join(' / '));
    if (v.reporter.address) field('Alamat', v.reporter.address);
  }
  field('Jenis izin', v.permitType?.name ?? '—');
  if (v.applicationNumber) field('Nomor permohonan', v.applicationNumber);
  if (v.class) field('Kelas pengaduan', `${v.class.name} (${v.class.answerDays} hari kerja)`);
  if (v.confidential) field('Kerahasiaan', 'RAHASIA — tidak dipublikasikan');
  doc.y = Math.max(doc.y, y + qrSize + 12);

  section(doc, 'A. Isi Pengaduan');
  doc.font(FONT.bold).fontSize(10).text(v.subject, left, doc.y, { width });
  doc.font(FONT.regular).fontSize(9).text(v.description, left, doc.y + 2, { width, align: 'left' });
  doc.y += 4;
  const attachments = v.attachments.filter((a) => a.uploadedBy === 'reporter');
  doc.font(FONT.regular).fontSize(9).text(`Lampiran: ${attachments.length === 0 ? 'tidak ada' : attachments.map((a, i) => `${i + 1}. ${a.name} (${Math.ceil(a.sizeBytes / 1024)} KB)`).join('; ')}`, left, doc.y, { width });

  section(doc, 'B. Penanganan');
  const labelled = (label: string, value: string) => {
    ensureSpace(doc, 30);
    doc.font(FONT.bold).fontSize(9).text(label, left, doc.y, { width });
    if (value) doc.font(FONT.regular).fontSize(9).text(value, left + 10, doc.y + 1, { width: width - 10 });
    else writingLines(doc, left + 10, width - 10, 2);
    doc.y += 4;
  };
  labelled('1. Tanggapan pertama (1 hari kerja)', onTime(v.deadlines.firstRespondedAt, v.deadlines.firstResponseDueAt, v.deadlines.firstResponseMet));

  const clarifications = v.messages.filter((m) => m.kind === 'clarification_request' || m.kind === 'reply');
  labelled('2. Klarifikasi', clarifications.map((m) => `${when(m.at)} — ${m.kind === 'reply' ? 'Jawaban pelapor' : 'Permintaan'}: ${m.body}`).join('\n'));

  labelled(
    '3. Disposisi ke bidang terkait',
    v.dispositions.map((d) => `${d.division.name}\nInstruksi: ${d.instruction}\nOleh ${d.disposedBy}, ${when(d.disposedAt)}`).join('\n\n'),
  );
  labelled(
    '4. Tindak lanjut dan advokasi',
    v.dispositions
      .filter((d) => d.followUp)
      .map((d) => `${d.division.name} — ${onTime(d.followedUpAt, d.dueAt, d.followUpMet)}\nTindak lanjut: ${d.followUp}\nAdvokasi: ${d.advocacy ?? '—'}${d.followedUpBy ? `\nOleh ${d.followedUpBy}` : ''}`)
      .join('\n\n'),
  );
  const published = [...v.answers].reverse().find((a) => a.status === 'published');
  labelled(
    '5. Jawaban',
    published ? `${published.body}\nDisetujui oleh ${published.reviewedBy ?? '—'}; dijawab ${onTime(v.deadlines.answeredAt, v.deadlines.answerDueAt, v.deadlines.answerMet)}` : v.deadlines.answerDueAt ? `Belum dijawab (batas ${when(v.deadlines.answerDueAt)})` : '',
  );
  if (v.referredTo) labelled('Diteruskan ke instansi lain', v.referredTo);

  signatures(doc, signers);
}

function section(doc: Doc, title: string): void {
  ensureSpace(doc, 40);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.y += 8;
  doc.rect(left, doc.y, width, 16).fill('#e8e8e8');
  doc.fillColor('black').font(FONT.bold).fontSize(10).text(title, left + 4, doc.y + 3, { width: width - 8 });
  doc.y += 6;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom - 20) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}

/** Dotted lines to write on by hand, where a step is not yet taken. */
function writingLines(doc: Doc, x: number, width: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const y = doc.y + 12;
    doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).dash(1, { space: 2 }).stroke().undash();
    doc.y = y + 2;
  }
  doc.lineWidth(1);
}

/** The footer sits in the bottom margin: lift the margin while writing so pdfkit opens no page for it. */
function footer(doc: Doc, text: string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.font(FONT.regular).fontSize(7).fillColor('#555555').text(text, left, doc.page.height - bottom - 10, { width, align: 'right' });
  doc.page.margins.bottom = bottom;
  doc.fillColor('black');
}

/** Four signature blocks a row: the step, its date, room to sign, then the name, position and NIP of who took it. */
function signatures(doc: Doc, signers: readonly SheetSigner[]): void {
  const perRow = 4;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const gap = 10;
  const column = (width - gap * (perRow - 1)) / perRow;
  doc.y += 8;
  for (let start = 0; start < signers.length; start += perRow) {
    ensureSpace(doc, 130);
    const top = doc.y + 8;
    const row = signers.slice(start, start + perRow);
    const opts = { width: column, align: 'center' as const };
    // Names sit on one line across the row, below the tallest step title.
    const titles = Math.max(...row.map((s) => doc.font(FONT.bold).fontSize(8).heightOfString(s.step, opts)));
    const nameTop = top + titles + 12 + 40;
    let bottom = top;
    row.forEach((s, i) => {
      const x = left + i * (column + gap);
      doc.font(FONT.bold).fontSize(8).text(s.step, x, top, opts);
      doc.font(FONT.regular).fontSize(8).text(s.at ? formatJakartaLong(s.at) : ' ', x, top + titles + 1, opts);
      if (s.signer) {
        doc.font(FONT.bold).fontSize(8).text(s.signer.name, x, nameTop, { ...opts, underline: true });
        if (s.signer.position) doc.font(FONT.regular).fontSize(7.5).text(s.signer.position, x, doc.y + 1, opts);
        doc.font(FONT.regular).fontSize(7.5).text(`NIP ${s.signer.nip ?? '-'}`, x, doc.y + 1, opts);
      } else {
        doc.y = nameTop - 2;
        writingLines(doc, x + 8, column - 16, 1);
        doc.font(FONT.regular).fontSize(7.5).text('NIP', x + 8, doc.y + 3, { width: column - 16 });
      }
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 8;
  }
}
