/**
 * The receipt survives a reload of the receipt page: the access code is shown only once, and a
 * citizen who loses it on a flaky connection cannot follow their complaint. It lives in this
 * tab's sessionStorage only (gone when the tab closes), never in the address or a cookie.
 */
export interface SubmissionReceipt {
  trackingNumber: string;
  accessCode: string;
  state: string;
  /** Absent in a receipt kept by an older version of the page. */
  subject?: string;
  receivedAt: string;
  firstResponseDueAt: string;
  /** The address typed in the form, offered for the receipt's mail copy; kept in this tab only. */
  email?: string;
}

const KEY = 'aduan.receipt';

export function saveReceipt(receipt: SubmissionReceipt): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(receipt));
  } catch {
    // storage blocked: the receipt page still shows it from memory
  }
  memory = receipt;
}

let memory: SubmissionReceipt | null = null;

export function loadReceipt(): SubmissionReceipt | null {
  if (memory) return memory;
  try {
    const text = window.sessionStorage.getItem(KEY);
    const parsed = text ? (JSON.parse(text) as Partial<SubmissionReceipt>) : null;
    if (parsed && typeof parsed.trackingNumber === 'string' && typeof parsed.accessCode === 'string' && typeof parsed.receivedAt === 'string' && typeof parsed.firstResponseDueAt === 'string') {
      memory = { state: 'received', ...parsed } as SubmissionReceipt;
    }
  } catch {
    return null;
  }
  return memory;
}

/** Hand the number and code from the receipt to the tracking page without putting them in the URL. */
let handoff: { trackingNumber: string; accessCode: string } | null = null;

export function handToTracking(value: { trackingNumber: string; accessCode: string }): void {
  handoff = value;
}

export function takeTrackingHandoff(): { trackingNumber: string; accessCode: string } | null {
  const value = handoff;
  handoff = null;
  return value;
}
