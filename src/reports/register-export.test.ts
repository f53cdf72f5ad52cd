import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetBacklog } from './register-export.js';

describe('sheetBacklog', () => {
  // The register export waits on this number; if an exceljs upgrade moves its internals, it must fail here, not leak in production.
  it('sees the XML exceljs has written for the zip but the zip has not taken yet', async () => {
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('x');
    expect(sheetBacklog(sheet)).toBe(0);
    for (let i = 0; i < 5000; i++) sheet.addRow([i, `ADU-2026-${String(i).padStart(6, '0')}`, 'Perihal pengaduan yang cukup panjang']).commit();
    expect(sheetBacklog(sheet)).toBeGreaterThan(100_000);
    out.resume();
    sheet.commit();
    await workbook.commit();
    expect(sheetBacklog(sheet)).toBe(0);
  });
});
