import { describe, expect, it } from 'vitest';
import { CsvLimitError, parseCsv } from './csv.js';
import { parseRegisterDate } from './dates.js';
import { findHeaderRow, guessColumns } from './mapping.js';
import { subjectFrom } from './plan.js';
import { declaredUnpackedSize } from './sheet.js';

const LIMITS = { maxRows: 100, maxColumns: 10 };

describe('the register CSV reader', () => {
  it('reads semicolons, quotes with separators, doubled quotes and line breaks inside, CRLF and a BOM', () => {
    const text = '\uFEFFNo;Uraian;Ket\r\n1;"Antre; lama ""sekali""\r\nbaris dua";x\r\n2;;\n';
    expect(parseCsv(text, LIMITS)).toEqual([
      ['No', 'Uraian', 'Ket'],
      ['1', 'Antre; lama "sekali"\r\nbaris dua', 'x'],
      ['2', '', ''],
    ]);
    expect(parseCsv('a,b\n1,"2,5"', LIMITS)).toEqual([['a', 'b'], ['1', '2,5']]);
  });

  it('stops at the row and column caps', () => {
    expect(() => parseCsv('1\n'.repeat(101), LIMITS)).toThrow(CsvLimitError);
    expect(() => parseCsv(';'.repeat(10), LIMITS)).toThrow(CsvLimitError);
    expect(() => parseCsv('"never closed;\n'.repeat(50), LIMITS)).not.toThrow();
  });
});

describe('register dates', () => {
  it('reads the ways offices write a date, day first, and Excel serials', () => {
    expect(parseRegisterDate('10/01/2024')).toEqual({ date: '2024-01-10', time: null });
    expect(parseRegisterDate('22-01-2024')).toEqual({ date: '2024-01-22', time: null });
    expect(parseRegisterDate('2024-03-05')).toEqual({ date: '2024-03-05', time: null });
    expect(parseRegisterDate('15 Januari 2024')).toEqual({ date: '2024-01-15', time: null });
    expect(parseRegisterDate('Senin, 2 Des 2024 pukul 09.30')).toEqual({ date: '2024-12-02', time: '09:30' });
    expect(parseRegisterDate('45301')).toEqual({ date: '2024-01-10', time: null });
    expect(parseRegisterDate('45301.5')).toEqual({ date: '2024-01-10', time: '12:00' });
  });

  it('refuses what is not a date', () => {
    for (const text of ['31/02/2024', '15 Brumaire 2024', '12', '2024-13-01', 'besok', '10/01/2024 25:00', '']) expect(parseRegisterDate(text), text).toBeNull();
  });
});

describe('the column mapping', () => {
  it('finds the header row under title rows and guesses the example register’s columns', () => {
    const rows = [['BUKU PENGADUAN'], ['DINAS'], [], ['No', 'Tanggal Diterima', 'Nama Pengadu', 'Alamat / No. Telp', 'Jenis Izin', 'Uraian Pengaduan', 'Media Pengaduan', 'Tindak Lanjut', 'Tanggal Selesai', 'Keterangan']];
    expect(findHeaderRow(rows)).toBe(4);
    expect(guessColumns(rows[3] as string[])).toEqual({
      originalNumber: 'No', receivedAt: 'Tanggal Diterima', reporterName: 'Nama Pengadu', reporterContact: 'Alamat / No. Telp', permitType: 'Jenis Izin',
      description: 'Uraian Pengaduan', channel: 'Media Pengaduan', followUp: 'Tindak Lanjut', closedAt: 'Tanggal Selesai', remarks: 'Keterangan',
    });
  });

  it('takes the subject from the first sentence of the description', () => {
    expect(subjectFrom('Berkas SIPA dikembalikan. Tidak ada penjelasan.')).toBe('Berkas SIPA dikembalikan.');
    expect(subjectFrom('kata '.repeat(100)).length).toBeLessThanOrEqual(200);
  });
});

describe('the .xlsx guard', () => {
  it('reads the unpacked size the zip declares, and nothing from what is not a zip', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['No', 'Tanggal']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const size = declaredUnpackedSize(xlsx);
    expect(size).toBeGreaterThan(xlsx.length);
    expect(declaredUnpackedSize(Buffer.from('PK\u0003\u0004 not really'))).toBeNull();
  });
});
