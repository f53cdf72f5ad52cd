import type { paths } from '../shared/api-types';
import type { Bilingual } from '../shared/i18n';

/** The reporter's view of a complaint, as the server's OpenAPI document declares it (src/complaints/views.ts PublicComplaintSchema). */
export type PublicComplaint = paths['/api/public/complaints/{trackingNumber}']['get']['responses'][200]['content']['application/json'];
export type Attachment = PublicComplaint['messages'][number]['attachments'][number];
/** "My complaints" of a reporter signed in through a mailed link (src/complaints/reporter-access.ts). */
export type MyComplaints = paths['/api/public/my-complaints']['get']['responses'][200]['content']['application/json'];

export interface Access {
  trackingNumber: string;
  /** Empty for a reporter signed in through "my complaints": their session cookie opens it. */
  accessCode: string;
}

export function accessHeaders(access: Access): Record<string, string> {
  return access.accessCode ? { 'x-access-code': access.accessCode } : {};
}

export function complaintUrl(access: Access, suffix = ''): string {
  return `/api/public/complaints/${encodeURIComponent(access.trackingNumber)}${suffix}`;
}

/** How a tracking number is written (src/complaints/tracking.ts), and what to say when it is not. */
export const TRACKING_NUMBER = /^ADU-\d{4}-\d{6}$/;
export const NUMBER_INVALID: Bilingual = { id: 'Tulis nomor seperti ADU-2026-000123.', en: 'Write the number like ADU-2026-000123.' };
/** A phone number as the forms accept it (the server reads it as international digits). */
export const PHONE = /^\+?[0-9 ()-]{6,20}$/;
export const PHONE_INVALID: Bilingual = { id: 'Nomor telepon tidak valid, contoh: 0812 3456 7890', en: 'Invalid phone number, for example: 0812 3456 7890' };
