/**
 * WhatsApp lets a business write freely only within 24 hours of the person's last message; outside
 * that window only a message template Meta approved may go. Each reporter message kind maps to one
 * template name (approved in Indonesian `id` and English `en`), whose body takes the parameters
 * below. docs/operations.md lists the texts to submit for approval.
 */
import { flatten, outcomeWords, type PhoneTemplateData } from './short-text.js';
import { publicLinks, type MailLanguage } from './templates.js';

export type TemplatedKind = 'receipt' | 'clarification_request' | 'answer_published' | 'closed' | 'survey_invitation' | 'access_code';
const TEMPLATED_KINDS: readonly TemplatedKind[] = ['receipt', 'clarification_request', 'answer_published', 'closed', 'survey_invitation', 'access_code'];

/** A template name per kind; a kind set to null (or a kind without one) has no template. */
export type WhatsAppTemplates = Partial<Record<TemplatedKind, string | null>>;

export const DEFAULT_WHATSAPP_TEMPLATES: Readonly<Record<TemplatedKind, string>> = {
  receipt: 'aduan_tanda_terima',
  clarification_request: 'aduan_klarifikasi',
  answer_published: 'aduan_jawaban',
  closed: 'aduan_selesai',
  survey_invitation: 'aduan_survei',
  access_code: 'aduan_kode_akses',
};

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;

/** Why WHATSAPP_TEMPLATES cannot be used, or null when it can. */
export function whatsappTemplatesProblem(raw: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'must be a JSON object such as {"receipt":"aduan_tanda_terima","access_code":null}';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'must be a JSON object of message kind to template name';
  for (const [kind, name] of Object.entries(parsed)) {
    if (!(TEMPLATED_KINDS as readonly string[]).includes(kind)) return `unknown message kind ${kind}; known: ${TEMPLATED_KINDS.join(', ')}`;
    if (name !== null && (typeof name !== 'string' || !TEMPLATE_NAME.test(name))) return `${kind}: a template name is lowercase letters, digits and _ (or null for none)`;
  }
  return null;
}

/** The defaults with the configured names over them (the value is checked by whatsappTemplatesProblem first). */
export function whatsappTemplatesFrom(raw: string | undefined): WhatsAppTemplates {
  return { ...DEFAULT_WHATSAPP_TEMPLATES, ...(raw ? (JSON.parse(raw) as WhatsAppTemplates) : {}) };
}

/** Meta refuses a parameter with line breaks, tabs or more than four spaces in a row, or too long. */
const parameter = (text: string, max = 700) => {
  const flat = flatten(text);
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
};

/**
 * The template and its body parameters for a message outside the window, or null when the kind has
 * no approved template. Parameters in order ({{1}}, {{2}} …), as docs/operations.md lists them.
 */
export function templateMessageFor(data: PhoneTemplateData, lang: MailLanguage, baseUrl: string, templates: WhatsAppTemplates): { name: string; parameters: string[] } | null {
  if (!(TEMPLATED_KINDS as readonly string[]).includes(data.kind)) return null;
  const name = templates[data.kind as TemplatedKind];
  if (!name) return null;
  const id = lang === 'id';
  const links = publicLinks(baseUrl);
  const parameters = ((): string[] => {
    switch (data.kind) {
      case 'receipt':
        return [data.trackingNumber, data.accessCode ?? (id ? 'yang tampil saat Anda mengirim' : 'the one shown when you submitted'), links.tracking(data.trackingNumber)];
      case 'clarification_request':
        return [data.trackingNumber, parameter(data.message), links.tracking(data.trackingNumber)];
      case 'answer_published':
        return [data.trackingNumber, links.tracking(data.trackingNumber)];
      case 'closed':
        return [data.trackingNumber, parameter(outcomeWords(data.outcome, data.referredTo, lang)), links.tracking(data.trackingNumber)];
      case 'survey_invitation':
        return [data.trackingNumber, links.survey(data.trackingNumber)];
      case 'access_code':
        return [data.trackingNumber, data.accessCode, links.tracking(data.trackingNumber)];
      default:
        return [];
    }
  })();
  return { name, parameters };
}
