/** The reporter's view of a complaint (src/complaints/views.ts PublicComplaintSchema). */

export interface Attachment {
  id: number;
  name: string;
  mimeType: string;
  sizeBytes: number;
}

export interface PublicComplaint {
  trackingNumber: string;
  state: string;
  receivedAt: string;
  subject: string;
  description: string;
  permitType: string | null;
  anonymous: boolean;
  confidential: boolean;
  deadline: { kind: string; dueAt: string; workingDaysLeft: number; overdue: boolean } | null;
  timeline: { at: string; type: string; state: string | null }[];
  messages: { at: string; from: 'reporter' | 'office'; kind: string; body: string; attachments: Attachment[] }[];
  answer: { body: string; publishedAt: string } | null;
  canReply: boolean;
  canAcceptOrDispute: boolean;
  canRate: boolean;
  survey: { scores: number[]; submittedAt: string } | null;
}

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

