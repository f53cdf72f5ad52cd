import { describe, expect, it } from 'vitest';
import type { RegisterRow } from '../register/query.js';
import { FOLLOW_UP_REST, followUpText, remarks, subjectWithLocation } from './register-cells.js';

const row = (over: Partial<RegisterRow>): RegisterRow => ({
  number: 1,
  trackingNumber: 'ADU-2026-000001',
  laporTrackingId: null,
  location: null,
  receivedAt: '2026-10-01T02:00:00.000Z',
  channel: 'web',
  reporter: 'Budi Santoso',
  permitType: null,
  subject: 'Perihal',
  divisions: [],
  firstResponseDueAt: '2026-10-02T02:00:00.000Z',
  firstRespondedAt: null,
  firstResponseMet: null,
  answerDueAt: null,
  answeredAt: null,
  answerMet: null,
  state: 'received',
  owner: null,
  followUps: [],
  closedAt: null,
  referredTo: null,
  duplicateOf: null,
  wasReopened: false,
  originalNumber: null,
  ...over,
});

describe('register cells', () => {
  const done = { division: 'Bidang Penanaman Modal', at: '2026-10-05T03:00:00.000Z', met: true, dueAt: '2026-10-06T08:00:00.000Z' };

  it('gives each follow-up with its date and verdict, naming divisions only when there are several', () => {
    expect(followUpText(row({ followUps: [{ ...done, text: 'Berkas diverifikasi.' }] }))).toBe('Berkas diverifikasi. (05/10/2026 10:00, tepat waktu)');
    const two = followUpText(row({ followUps: [{ ...done, text: 'Sudah.' }, { ...done, division: 'Sekretariat', text: null, at: null, met: null }] }));
    expect(two).toBe('Bidang Penanaman Modal: Sudah. (05/10/2026 10:00, tepat waktu)\nSekretariat: belum ditindaklanjuti (batas 06/10/2026 15:00)');
  });

  it('shortens a long follow-up for paper after a whole word and says where the rest is', () => {
    const long = 'verifikasi '.repeat(500).trim();
    const paper = followUpText(row({ followUps: [{ ...done, text: long }] }), 480);
    expect(paper).toContain(FOLLOW_UP_REST);
    expect(paper.length).toBeLessThan(480 + FOLLOW_UP_REST.length + 40);
    expect(paper.split(FOLLOW_UP_REST)[0]?.split(' ').every((w) => w === 'verifikasi')).toBe(true);
    expect(followUpText(row({ followUps: [{ ...done, text: long }] }))).toContain(long);
  });

  it('remarks how it ended or where it went', () => {
    expect(remarks(row({ state: 'closed', closedAt: '2026-10-14T02:00:00.000Z', wasReopened: true }))).toBe('Tanggal selesai 14/10/2026; Pernah dibuka kembali');
    expect(remarks(row({ state: 'rejected', duplicateOf: 'ADU-2026-000009' }))).toBe('Duplikat dari ADU-2026-000009');
    expect(remarks(row({ state: 'referred', referredTo: 'BPN Kota Tangerang' }))).toBe('Tujuan: BPN Kota Tangerang');
    expect(remarks(row({ state: 'reopened', wasReopened: true }))).toBe('');
  });

  it('names the LAPOR! report as the office writes it in the book', () => {
    expect(remarks(row({ channel: 'lapor', laporTrackingId: '3381534', duplicateOf: 'ADU-2026-000002' }))).toBe('No. LAPOR! 3381534; Duplikat dari ADU-2026-000002');
  });

  it('writes where it happened under the subject: the address, and the pin when there is one', () => {
    expect(subjectWithLocation(row({ location: { address: 'Loket PBG lantai 2', lat: -6.1783, lng: 106.63 } }))).toBe('Perihal\nLokasi: Loket PBG lantai 2 (-6.17830, 106.63000)');
    expect(subjectWithLocation(row({ location: { address: null, lat: -6.1783, lng: 106.63 } }))).toBe('Perihal\nLokasi: (-6.17830, 106.63000)');
    expect(subjectWithLocation(row({}))).toBe('Perihal');
  });
});
