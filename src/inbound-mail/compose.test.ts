import { describe, expect, it } from 'vitest';
import { automaticReason, headersOf } from './automatic.js';
import { complaintText, refusalNote, replyText, sortAttachments, withoutQuotedText } from './compose.js';

const headers = (lines: Record<string, string>) => headersOf(Object.entries(lines).map(([k, v]) => ({ key: k.toLowerCase(), line: `${k}: ${v}` })));

describe('what a mail says', () => {
  it('cuts the quoted mail from a reply, in Indonesian and English mail programs', () => {
    expect(withoutQuotedText('Nomornya 123.\n\nPada Sel, 24 Nov 2026 pukul 11.00, Pengaduan <p@x.id> menulis:\n> Kode akses: ABCDEFGH23')).toBe('Nomornya 123.');
    expect(withoutQuotedText('Done.\r\n\r\nOn Tue, 24 Nov 2026 at 11:00, Office wrote:\r\n> question')).toBe('Done.');
    expect(withoutQuotedText('Baik.\n-----Original Message-----\nFrom: kantor')).toBe('Baik.');
    expect(withoutQuotedText('> only quoted\n')).toBe('');
    expect(replyText('> only quoted\n', '')).toBe('(Balasan email tanpa teks / email reply without text)');
  });

  it('gives every mail a subject and description within the form’s limits', () => {
    expect(complaintText('Re: Fwd: Izin reklame ditolak', 'Izin reklame saya ditolak tanpa alasan yang jelas.', '')).toEqual({
      subject: 'Izin reklame ditolak',
      description: 'Izin reklame saya ditolak tanpa alasan yang jelas.',
    });
    const short = complaintText('', 'Tolong', '');
    expect(short.subject).toBe('Pengaduan melalui email');
    expect(short.description.length).toBeGreaterThanOrEqual(20);
    const long = complaintText('x'.repeat(300), 'y'.repeat(9000), refusalNote([{ name: 'a.exe', reason: 'type' }]));
    expect(long.subject.length).toBe(200);
    expect(long.description.length).toBeLessThanOrEqual(5000);
    expect(long.description).toContain('a.exe: bukan gambar atau PDF');
  });

  it('keeps the attachments the portal would take', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const sorted = sortAttachments(
      [
        { filename: 'a.png', content: png },
        { filename: undefined, content: Buffer.from('hello') },
        { filename: 'big.png', content: Buffer.concat([png, Buffer.alloc(100)]) },
        { filename: 'b.png', content: png },
      ],
      { maxBytes: 50, maxCount: 1 },
    );
    expect(sorted.files.map((f) => f.filename)).toEqual(['a.png']);
    expect(sorted.refused).toEqual([
      { name: 'lampiran-2', reason: 'type' },
      { name: 'big.png', reason: 'size' },
      { name: 'b.png', reason: 'count' },
    ]);
  });
});

describe('mail no person wrote', () => {
  it('tells bounces, automatic replies and bulk mail from a person’s mail', () => {
    expect(automaticReason(headers({ 'Content-Type': 'multipart/report; report-type=delivery-status' }), 'x@y.id', 'Hi')).toBe('bounce');
    expect(automaticReason(headers({}), 'mailer-daemon@mx.y.id', 'Hi')).toBe('bounce');
    expect(automaticReason(headers({ 'Return-Path': '<>' }), 'x@y.id', 'Hi')).toBe('bounce');
    expect(automaticReason(headers({ 'X-Failed-Recipients': 'a@b.id' }), 'x@y.id', 'Hi')).toBe('bounce');
    expect(automaticReason(headers({ 'Auto-Submitted': 'auto-replied' }), 'x@y.id', 'Hi')).toBe('auto_reply');
    expect(automaticReason(headers({ 'Auto-Submitted': 'no' }), 'x@y.id', 'Izin')).toBeNull();
    expect(automaticReason(headers({ Precedence: 'auto_reply' }), 'x@y.id', 'Hi')).toBe('auto_reply');
    expect(automaticReason(headers({ Precedence: 'bulk' }), 'x@y.id', 'Hi')).toBe('bulk');
    expect(automaticReason(headers({ 'List-Id': '<warga.list>' }), 'x@y.id', 'Hi')).toBe('bulk');
    expect(automaticReason(headers({}), 'x@y.id', 'Balasan otomatis: Izin')).toBe('auto_reply');
    expect(automaticReason(headers({ 'Return-Path': '<x@y.id>' }), 'x@y.id', 'Izin usaha belum terbit')).toBeNull();
  });
});
