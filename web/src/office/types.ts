import type { paths } from '../shared/api-types';

/** Shapes of the staff API as the back office reads them: generated from the server's OpenAPI document (`npm run generate:api-types`). */

export type Role = 'staff' | 'section_head' | 'division_head' | 'division_officer' | 'admin';
export const ROLES: readonly Role[] = ['staff', 'section_head', 'division_head', 'division_officer', 'admin'];
/** The intake desk: who may see an anonymous reporter and register complaints. */
export const INTAKE_ROLES: readonly Role[] = ['staff', 'section_head', 'division_head'];

/** What the API writes for a reporter whose identity the viewer may not see (src/complaints/views.ts ANONYMOUS_LABEL). */
export const ANONYMOUS = 'Anonim';

export type Channel = 'web' | 'letter' | 'phone' | 'walk_in' | 'email' | 'social_media' | 'whatsapp' | 'sms' | 'lapor';
export const CHANNELS: readonly Channel[] = ['web', 'letter', 'phone', 'walk_in', 'email', 'social_media', 'whatsapp', 'sms', 'lapor'];

/** The JSON a GET route answers with, as the server's OpenAPI document declares it (../shared/api-types.ts). */
export type ApiGet<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer R } } } } } ? R : never;

export type Me = ApiGet<'/api/auth/me'> & { csrfToken: string };
export type StaffComplaint = ApiGet<'/api/staff/complaints/{trackingNumber}'>;
export type InboxPage = ApiGet<'/api/staff/complaints'>;
export type InboxItem = InboxPage['items'][number];
export type Deadline = NonNullable<StaffComplaint['deadline']>;
export type QueueCounts = Partial<ApiGet<'/api/staff/queues'>>;
/** A staff member as named on a complaint (no contact details). */
export type Person = NonNullable<StaffComplaint['owner']>;

// The catalogue routes answer their table's rows as open records (src/catalogue/routes.ts), so these stay written out.
export interface Division {
  id: number;
  code: string;
  name: string;
  active: boolean;
}
export interface PermitType {
  id: number;
  code: string;
  name: string;
  category: string;
  active: boolean;
}
export interface ComplaintClass {
  id: number;
  code: string;
  name_id: string;
  name_en: string;
  answer_days: number;
  active: boolean;
}
export interface ComplaintTheme {
  id: number;
  code: string;
  name_id: string;
  name_en: string;
  active: boolean;
}

export type ReplyTemplate = ApiGet<'/api/staff/reply-templates'>['items'][number];
/** An anonymous reporter's message or file the intake desk released to the related division. */
export type Release = NonNullable<StaffComplaint['messages'][number]['release']>;
