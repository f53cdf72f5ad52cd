import { describe, expect, it } from 'vitest';
import { renderTemplate, type TemplateData } from './templates.js';
import { backoffDelayMs, describeError } from './worker.js';

const BASE = 'https://pengaduan.example.go.id/';
const AT = '2026-11-24T03:00:00.000Z';
const ALL: TemplateData[] = [
  { kind: 'receipt', trackingNumber: 'ADU-2026-000001', subject: 'PBG <belum> terbit', receivedAt: AT, firstResponseDueAt: AT, accessCode: 'ABCDEFGH23' },
  { kind: 'clarification_request', trackingNumber: 'ADU-2026-000001', message: 'Baris satu\nBaris <dua>' },
  { kind: 'answer_published', trackingNumber: 'ADU-2026-000001', answer: 'Jawaban.', closeDueAt: AT },
  { kind: 'closed', trackingNumber: 'ADU-2026-000001', outcome: 'referred', message: null, referredTo: 'BPN Kota Tangerang' },
  { kind: 'survey_invitation', trackingNumber: 'ADU-2026-000001' },
  { kind: 'new_complaint', trackingNumber: 'ADU-2026-000001', subject: 'PBG', channel: 'walk_in', receivedAt: AT, firstResponseDueAt: AT },
  { kind: 'staff_digest', date: '2026-11-24', items: [{ trackingNumber: 'ADU-2026-000001', subject: 'PBG', receivedAt: AT, dueAt: null }] },
  { kind: 'disposition_received', trackingNumber: 'ADU-2026-000001', subject: 'PBG', instruction: 'Tindak lanjuti', followUpDueAt: AT },
  { kind: 'deadline_approaching', trackingNumber: 'ADU-2026-000001', subject: 'PBG', deadline: 'answer', dueAt: AT, workingHoursLeft: 1 },
  { kind: 'deadline_missed', trackingNumber: 'ADU-2026-000001', subject: 'PBG', deadline: 'follow_up', dueAt: AT, level: 'division_head' },
  { kind: 'open_complaints', trackingNumbers: ['ADU-2026-000001'] },
  { kind: 'team_notice', notice: 'draft_returned', trackingNumber: 'ADU-2026-000001', subject: 'PBG', actor: 'Rina Kusuma', note: 'Perbaiki <salam>' },
  { kind: 'merged', trackingNumber: 'ADU-2026-000001', originalTrackingNumber: 'ADU-2026-000002' },
];

describe('mail templates', () => {
  it.each(ALL.map((d) => [d.kind, d] as const))('renders %s in both languages with the same content in text and HTML', (_kind, data) => {
    const id = renderTemplate(data, 'id', BASE);
    const en = renderTemplate(data, 'en', BASE);
    expect(id.subject).not.toBe(en.subject);
    expect(id.subject).toContain(data.kind === 'staff_digest' ? '1 pengaduan' : 'ADU-2026-000001');
    expect(id.html).toContain('<html lang="id">');
    expect(en.html).toContain('<html lang="en">');
    expect(id.text).toContain('Mohon tidak membalas');
    expect(en.text).toContain('Please do not reply');
    expect(id.text).toContain(data.kind === 'staff_digest' ? 'https://pengaduan.example.go.id/office' : /^(new_complaint|disposition_received|deadline_|team_notice)/.test(data.kind) ? 'https://pengaduan.example.go.id/office/pengaduan/ADU-2026-000001' : 'https://pengaduan.example.go.id/lacak?nomor=ADU-2026-000001');
    expect(id.html).not.toMatch(/<(belum|dua)>/);
  });

  it('renders the password-reset mail in both languages with the link carrying the token in its fragment', () => {
    const data: TemplateData = { kind: 'password_reset', token: 'tok_EN-123', expiresAt: AT };
    const id = renderTemplate(data, 'id', BASE);
    const en = renderTemplate(data, 'en', BASE);
    expect(id.subject).toBe('Atur ulang kata sandi kantor pengaduan');
    expect(en.subject).toBe('Reset your complaints-office password');
    expect(id.text).toContain('https://pengaduan.example.go.id/office/atur-ulang-sandi#token=tok_EN-123');
    expect(id.text).toContain('Selasa, 24 November 2026 pukul 10.00 WIB');
    expect(en.html).toContain('href="https://pengaduan.example.go.id/office/atur-ulang-sandi#token=tok_EN-123"');
  });

  it('shows times in Jakarta time and escapes what the reporter wrote', () => {
    const receipt = renderTemplate(ALL[0] as TemplateData, 'id', BASE);
    expect(receipt.text).toContain('Selasa, 24 November 2026 pukul 10.00 WIB');
    expect(receipt.html).toContain('PBG &lt;belum&gt; terbit');
    expect(receipt.text).toContain('Kode akses: ABCDEFGH23');
    const clarification = renderTemplate(ALL[1] as TemplateData, 'en', BASE);
    expect(clarification.text).toContain('> Baris satu\n> Baris <dua>');
    expect(clarification.html).toContain('Baris satu<br>Baris &lt;dua&gt;');
    expect(renderTemplate(ALL[3] as TemplateData, 'en', BASE).text).toContain('referred to BPN Kota Tangerang');
    expect(renderTemplate(ALL[8] as TemplateData, 'en', BASE).text).toContain('is 1 working hour away');
  });
});

describe('outbox retries', () => {
  it('doubles the delay after each failure, up to six hours', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 30))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffDelayMs(30, 30)).toBe(6 * 3600_000);
  });
  it('keeps addresses out of recorded errors', () => {
    expect(describeError(Object.assign(new Error('550 <budi@contoh.id>: Recipient rejected'), { responseCode: 550 }))).toBe('550 550 <<address>>: Recipient rejected');
  });
});
