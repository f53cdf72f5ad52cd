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
import { createDoc, FONT, formatJakarta, letterhead, type Doc } from './pdf.js';

/** The reporter's tracking page; the public web app serves it (see the report to the lead). */
export function trackingUrl(config: Config, trackingNumber: string): string {
  const base = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
  return `${base.replace(/\/$/, '')}/lacak?nomor=${encodeURIComponent(trackingNumber)}`;
}

function onTime(done: string | null, due: string | null, met: boolean | null): string {
  if (!due) return done ? formatJakarta(done) : '';
  const verdict = met === null ? '' : met ? ' — tepat waktu' : ' — terlambat';
  return `${done ? formatJakarta(done) : '……………………'} (batas ${formatJakarta(due)})${verdict}`;
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
  const doc = createDoc('portrait', title);
  const now = ctx.now();
  for (const view of views) {
    const qr = await QRCode.toBuffer(trackingUrl(ctx.config, view.trackingNumber), { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
    doc.addPage();
    drawSheet(doc, ctx.config, view, qr, now);
  }
  doc.end();
  return doc;
}

function drawSheet(doc: Doc, config: Config, v: StaffComplaintView, qr: Buffer, now: Date): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let y = letterhead(doc, config);

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
  field('Tanggal diterima', formatJakarta(v.receivedAt));
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
    doc.font(FONT.regular).fontSize(9).text(value || '……………………………………………………………………………………………', left + 10, doc.y + 1, { width: width - 10 });
    doc.y += 4;
  };
  labelled('1. Tanggapan pertama (1 hari kerja)', onTime(v.deadlines.firstRespondedAt, v.deadlines.firstResponseDueAt, v.deadlines.firstResponseMet));

  const clarifications = v.messages.filter((m) => m.kind === 'clarification_request' || m.kind === 'reply');
  labelled('2. Klarifikasi', clarifications.map((m) => `${formatJakarta(m.at)} — ${m.kind === 'reply' ? 'Jawaban pelapor' : 'Permintaan'}: ${m.body}`).join('\n'));

  labelled(
    '3. Disposisi ke bidang terkait',
    v.dispositions.map((d) => `${d.division.name}\nInstruksi: ${d.instruction}\nOleh ${d.disposedBy}, ${formatJakarta(d.disposedAt)}`).join('\n\n'),
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
    published ? `${published.body}\nDisetujui oleh ${published.reviewedBy ?? '—'}; dijawab ${onTime(v.deadlines.answeredAt, v.deadlines.answerDueAt, v.deadlines.answerMet)}` : v.deadlines.answerDueAt ? `(batas ${formatJakarta(v.deadlines.answerDueAt)})` : '',
  );
  if (v.referredTo) labelled('Diteruskan ke instansi lain', v.referredTo);

  signatures(doc, ['Staf', 'Kepala Seksi', 'Kepala Bidang']);
  doc.font(FONT.regular).fontSize(7).fillColor('#555555').text(`Dicetak ${formatJakarta(now.toISOString())} — ${v.trackingNumber}`, left, doc.page.height - doc.page.margins.bottom - 10, { width, align: 'right', lineBreak: false });
  doc.fillColor('black');
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

function signatures(doc: Doc, roles: string[]): void {
  ensureSpace(doc, 100);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const column = width / roles.length;
  const top = doc.y + 16;
  roles.forEach((role, i) => {
    const x = left + i * column;
    doc.font(FONT.regular).fontSize(9).text(role, x, top, { width: column, align: 'center' });
    doc.text('(………………………………)', x, top + 60, { width: column, align: 'center' });
    doc.fontSize(7.5).text('Nama, tanda tangan, tanggal', x, top + 72, { width: column, align: 'center' });
  });
  doc.y = top + 90;
}
