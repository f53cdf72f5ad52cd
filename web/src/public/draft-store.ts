/**
 * The complaint being written survives a reload or a lost connection: its text lives in this tab's
 * sessionStorage until it is sent (files cannot be kept there; the form keeps them in memory across a
 * failed send). With it travels the send's Idempotency-Key, so sending again after a reload still
 * files one complaint if the first send did arrive.
 */
const KEY = 'aduan.draft';

export interface Draft<V> {
  values: V;
  submissionKey: string;
}

/** 128 random bits, URL-safe; crypto.getRandomValues works on plain http too, unlike randomUUID. */
export function newSubmissionKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function loadDraft<V extends object>(empty: V): Draft<V> {
  try {
    const text = window.sessionStorage.getItem(KEY);
    const parsed = text ? (JSON.parse(text) as Partial<Draft<Partial<V>>>) : null;
    if (parsed && typeof parsed.submissionKey === 'string' && parsed.values && typeof parsed.values === 'object') {
      // Only the fields the form has, each with its own type: an old or edited draft cannot break it.
      const values = { ...empty };
      for (const name of Object.keys(empty) as (keyof V)[]) {
        const value = parsed.values[name];
        if (typeof value === typeof empty[name]) values[name] = value as V[keyof V];
      }
      return { values, submissionKey: parsed.submissionKey };
    }
  } catch {
    // storage blocked or unreadable: start afresh
  }
  return { values: empty, submissionKey: newSubmissionKey() };
}

export function saveDraft<V>(draft: Draft<V>): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // storage full or blocked: the form still works, it just will not survive a reload
  }
}

export function clearDraft(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
