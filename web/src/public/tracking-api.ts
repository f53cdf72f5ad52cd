import type { paths } from '../shared/api-types';

/** The reporter's view of a complaint, as the server's OpenAPI document declares it (src/complaints/views.ts PublicComplaintSchema). */
export type PublicComplaint = paths['/api/public/complaints/{trackingNumber}']['get']['responses'][200]['content']['application/json'];
export type Attachment = PublicComplaint['messages'][number]['attachments'][number];

export interface Access {
  trackingNumber: string;
  accessCode: string;
}

export function accessHeaders(access: Access): Record<string, string> {
  return { 'x-access-code': access.accessCode };
}

export function complaintUrl(access: Access, suffix = ''): string {
  return `/api/public/complaints/${encodeURIComponent(access.trackingNumber)}${suffix}`;
}

