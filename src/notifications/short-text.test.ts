import { describe, expect, it } from 'vitest';
import { PHONE_KINDS, renderShortText, SMS_TWO_SEGMENTS, type PhoneTemplateData } from './short-text.js';
import { DEFAULT_WHATSAPP_TEMPLATES, templateMessageFor, whatsappTemplatesFrom, whatsappTemplatesProblem } from './whatsapp-templates.js';

const BASE = 'https://pengaduan.example.go.id/';
const TN = 'ADU-2026-000123';
const LINK = `https://pengaduan.example.go.id/lacak?nomor=${TN}`;
const LONG = 'Mohon lampirkan salinan KTP, bukti pendaftaran OSS, dan foto lokasi bangunan yang dimaksud. '.repeat(8);
const ALL: PhoneTemplateData[] = [
  { kind: 'receipt', trackingNumber: TN, subject: 'PBG belum terbit', receivedAt: '2026-11-24T03:00:00.000Z', firstResponseDueAt: '2026-11-25T03:00:00.000Z', accessCode: 'ABCDEFGH23' },
  { kind: 'clarification_request', trackingNumber: TN, message: 'Di mana\nlokasinya?' },
  { kind: 'answer_published', trackingNumber: TN, answer: 'PBG Anda terbit besok.', closeDueAt: null },
  { kind: 'closed', trackingNumber: TN, outcome: 'referred', message: 'Wewenang BPN.', referredTo: 'BPN Kota Tangerang' },
  { kind: 'survey_invitation', trackingNumber: TN },
  { kind: 'open_complaints', trackingNumbers: [TN] },
  { kind: 'access_code', trackingNumber: TN, accessCode: 'ZYXWVU9876' },
];

describe('short texts for phones', () => {
  it('covers every reporter kind a phone can carry', () => {
    expect([...ALL.map((d) => d.kind), 'chat_reply'].sort()).toEqual([...PHONE_KINDS].sort());
  });

  it.each(ALL.map((d) => [d.kind, d] as const))('renders %s short, plain, in both languages, with its link, within two SMS segments', (_kind, data) => {
    const id = renderShortText(data, 'id', BASE, 'sms');
    const en = renderShortText(data, 'en', BASE, 'sms');
    expect(id).not.toBe(en);
    for (const text of [id, en]) {
      expect(text.length).toBeLessThanOrEqual(SMS_TWO_SEGMENTS);
      expect(text).not.toMatch(/<[a-z]|\n/);
      expect(text).toContain(data.kind === 'survey_invitation' ? `${LINK}#survei` : LINK);
      expect(text).toContain('DPMPTSP Kota Tangerang');
    }
  });

  it('carries the receipt number and its secret code, or says where the code is when there is none', () => {
    const receipt = ALL[0] as Extract<PhoneTemplateData, { kind: 'receipt' }>;
    expect(renderShortText(receipt, 'id', BASE)).toBe(`Pengaduan Anda diterima. Nomor: ${TN}. Kode akses (RAHASIA, jangan dibagikan): ABCDEFGH23. ${LINK} - DPMPTSP Kota Tangerang`);
    expect(renderShortText({ ...receipt, accessCode: null }, 'en', BASE)).toContain('Use the access code shown when you submitted.');
    expect(renderShortText(ALL[6] as PhoneTemplateData, 'en', BASE)).toContain('ZYXWVU9876 (SECRET, do not share)');
  });

  it('cuts the office’s long words at a word on SMS but keeps the link, and sends them whole on WhatsApp', () => {
    const data: PhoneTemplateData = { kind: 'clarification_request', trackingNumber: TN, message: LONG };
    const sms = renderShortText(data, 'id', BASE, 'sms');
    expect(sms.length).toBeLessThanOrEqual(SMS_TWO_SEGMENTS);
    expect(sms).toMatch(/[a-z,]\.\.\."/);
    expect(sms).toContain(LINK);
    const whatsapp = renderShortText(data, 'id', BASE, 'whatsapp');
    expect(whatsapp).toContain(LONG.trim());
    expect(whatsapp.split('\n')[0]).toBe(`Pengaduan ${TN}: kami perlu keterangan tambahan:`);
  });

  it('folds typographic marks and line breaks into what a basic phone shows', () => {
    const text = renderShortText({ kind: 'answer_published', trackingNumber: TN, answer: '“Sudah” — terbit…\nTerima kasih', closeDueAt: null }, 'id', BASE, 'sms');
    expect(text).toContain('""Sudah" - terbit... Terima kasih"');
  });

  it('sends a chat reply as it is', () => {
    expect(renderShortText({ kind: 'chat_reply', text: 'Baik,\nterima kasih.' }, 'id', BASE, 'whatsapp')).toBe('Baik,\nterima kasih.');
  });
});

describe('WhatsApp templates outside the 24-hour window', () => {
  it('fills each default template’s body parameters in order, without line breaks', () => {
    const templates = whatsappTemplatesFrom(undefined);
    expect(templateMessageFor(ALL[0] as PhoneTemplateData, 'id', BASE, templates)).toEqual({ name: 'aduan_tanda_terima', parameters: [TN, 'ABCDEFGH23', LINK] });
    expect(templateMessageFor(ALL[1] as PhoneTemplateData, 'en', BASE, templates)).toEqual({ name: 'aduan_klarifikasi', parameters: [TN, 'Di mana lokasinya?', LINK] });
    expect(templateMessageFor(ALL[3] as PhoneTemplateData, 'en', BASE, templates)?.parameters[1]).toBe('was referred to BPN Kota Tangerang (outside our authority)');
    expect(templateMessageFor({ kind: 'chat_reply', text: 'x' }, 'id', BASE, templates)).toBeNull();
    expect(templateMessageFor(ALL[5] as PhoneTemplateData, 'id', BASE, templates)).toBeNull();
  });

  it('takes names from WHATSAPP_TEMPLATES over the defaults, null turning one off, and refuses what it cannot use', () => {
    const templates = whatsappTemplatesFrom('{"receipt":"kantor_terima","access_code":null}');
    expect(templates).toMatchObject({ ...DEFAULT_WHATSAPP_TEMPLATES, receipt: 'kantor_terima', access_code: null });
    expect(templateMessageFor(ALL[6] as PhoneTemplateData, 'id', BASE, templates)).toBeNull();
    expect(whatsappTemplatesProblem('{"receipt":"kantor_terima"}')).toBeNull();
    expect(whatsappTemplatesProblem('[1]')).toMatch(/JSON object/);
    expect(whatsappTemplatesProblem('{"sign_in_link":"x"}')).toMatch(/unknown message kind sign_in_link/);
    expect(whatsappTemplatesProblem('{"receipt":"Bad Name"}')).toMatch(/lowercase/);
    expect(whatsappTemplatesProblem('not json')).toMatch(/JSON object/);
  });
});
