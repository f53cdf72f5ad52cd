import { describe, expect, it } from 'vitest';
import { proposePublicText, redact, REDACTED, type KnownIdentity } from './redaction.js';

const NOBODY: KnownIdentity = { names: [], emails: [], phones: [], addresses: [], applicationNumbers: [] };
const WIRYAWAN: KnownIdentity = {
  names: ['Wiryawan Kusumadewi'],
  emails: ['wiryawan.rahasia@contoh.id'],
  phones: ['081398765432'],
  addresses: ['Perumahan Griya Asri Blok C2'],
  applicationNumbers: ['SICANTIK 8812'],
};

describe('automatic redaction before publishing', () => {
  it('takes out the known reporter: full name, a part of it, e-mail, phone in any writing, address, application number', () => {
    const text =
      'Saya Wiryawan Kusumadewi, email wiryawan.rahasia@contoh.id, HP +62 813-9876-5432. Pak Kusumadewi tinggal di Perumahan Griya Asri Blok C2. Nomor SICANTIK 8812 belum diproses.';
    const out = redact(text, WIRYAWAN);
    for (const secret of ['Wiryawan', 'Kusumadewi', 'rahasia', '9876', 'Griya', '8812']) expect(out).not.toContain(secret);
    expect(out).toContain('belum diproses');
    expect(out).toContain(REDACTED);
  });

  it('takes out what looks like a NIK, a phone, an e-mail, an application number and a street address of anyone', () => {
    const out = redact('NIK 3671 0123 4567 8901, telp 0812-3456-7890 atau (021) 5551234, surel a.b@desa.id, permohonan PRM-2026-01234 untuk Jl. Melati Sunyi No. 12 RT 01/RW 05.', NOBODY);
    for (const secret of ['3671', '0812', '5551234', 'a.b@', 'PRM-2026', 'Melati', 'RT 01']) expect(out).not.toContain(secret);
    expect(out.startsWith('NIK [disamarkan]')).toBe(true);
  });

  it('leaves the substance alone: permit names, dates, amounts, laws and day counts', () => {
    const text = 'Izin PBG belum terbit sejak 12 Oktober 2026; retribusi Rp 1.500.000 sudah dibayar. Menurut PP 16/2021 prosesnya 14 hari kerja.';
    expect(redact(text, NOBODY)).toBe(text);
  });

  it('reads repeated redactions as one and proposes every part of the public text', () => {
    expect(redact('Hubungi 081398765432, 081398765433', NOBODY)).toBe(`Hubungi ${REDACTED}`);
    const proposal = proposePublicText({ title: 'Wiryawan: PBG lama', description: 'Saya Wiryawan.', answer: 'Bapak Wiryawan, izin sudah terbit.' }, WIRYAWAN);
    expect(proposal).toEqual({ title: `${REDACTED}: PBG lama`, description: `Saya ${REDACTED}.`, answer: `Bapak ${REDACTED}, izin sudah terbit.` });
  });
});
