import type { StateName } from '../shared/messages';

/** Shapes of the staff API (src/complaints/views.ts, inbox.ts, accounts/routes.ts), as the back office reads them. */

export type Role = 'staff' | 'section_head' | 'division_head' | 'division_officer' | 'admin';
export const ROLES: readonly Role[] = ['staff', 'section_head', 'division_head', 'division_officer', 'admin'];
/** The intake desk: who may see an anonymous reporter and register complaints. */
export const INTAKE_ROLES: readonly Role[] = ['staff', 'section_head', 'division_head'];

/** What the API writes for a reporter whose identity the viewer may not see (src/complaints/views.ts ANONYMOUS_LABEL). */
export const ANONYMOUS = 'Anonim';

export type Channel = 'web' | 'letter' | 'phone' | 'walk_in' | 'email' | 'social_media';
export const CHANNELS: readonly Channel[] = ['web', 'letter', 'phone', 'walk_in', 'email', 'social_media'];

export interface Me {
  id: number;
  name: string;
  email: string;
  role: Role;
  divisionId: number | null;
  csrfToken: string;
}

export interface Deadline {
  kind: 'first_response' | 'answer' | 'auto_close';
  dueAt: string;
  workingDaysLeft: number;
  overdue: boolean;
}

export interface InboxItem {
  trackingNumber: string;
  state: StateName;
  channel: Channel;
  subject: string;
  reporterName: string | null;
  anonymous: boolean;
  confidential: boolean;
  permitTypeId: number | null;
  receivedAt: string;
  deadline: Deadline | null;
  version: number;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
}

export type QueueCounts = Partial<Record<'new' | 'waitingOnReporter' | 'disposed' | 'awaitingApproval' | 'overdue' | 'open', number>>;

export interface StaffComplaint {
  trackingNumber: string;
  version: number;
  state: StateName;
  channel: Channel;
  language: 'id' | 'en';
  anonymous: boolean;
  confidential: boolean;
  reporter: { name: string | null; email: string | null; phone: string | null; address: string | null; masked: boolean };
  permitType: { id: number; name: string } | null;
  applicationNumber: string | null;
  subject: string;
  description: string;
  incidentDate: string | null;
  class: { id: number; name: string; answerDays: number } | null;
  theme: { id: number; name: string } | null;
  receivedAt: string;
  deadline: Deadline | null;
  deadlines: {
    firstResponseDueAt: string;
    firstRespondedAt: string | null;
    firstResponseMet: boolean | null;
    answerDueAt: string | null;
    answeredAt: string | null;
    answerMet: boolean | null;
    closeDueAt: string | null;
    closedAt: string | null;
  };
  referredTo: string | null;
  duplicateOf: string | null;
  dispositions: {
    id: number;
    division: { id: number; name: string };
    instruction: string;
    disposedBy: string;
    disposedAt: string;
    dueAt: string;
    followUp: string | null;
    advocacy: string | null;
    followedUpBy: string | null;
    followedUpAt: string | null;
    followUpMet: boolean | null;
  }[];
  answers: { id: number; body: string; status: string; draftedBy: string; draftedAt: string; reviewedBy: string | null; reviewNote: string | null }[];
  messages: { id: number; at: string; kind: string; internal: boolean; author: string; body: string }[];
  attachments: { id: number; name: string; mimeType: string; sizeBytes: number; uploadedBy: string; messageId: number | null; uploadedAt: string }[];
  events: { at: string; type: string; fromState: string | null; toState: string | null; actor: string; data: Record<string, unknown> | null }[];
  allowedActions: string[];
  survey: { scores: number[]; comment: string | null; submittedAt: string } | null;
}

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

export interface ReplyTemplate {
  id: string;
  title: string;
  body: string;
  actions: string[];
  rendered?: string | null;
}
