import type { Access } from './tracking-api';

/**
 * The complaint this tab is looking at, so a reload shows it again instead of asking for the code.
 * Per tab (sessionStorage: gone when the tab closes), cleared on "Keluar"; never in the address.
 * A reporter signed in through "my complaints" keeps an empty code: their session cookie opens it.
 */
const KEY = 'aduan.tracking';

export function rememberTracking(access: Access): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(access));
  } catch {
    // storage blocked: the page works, a reload asks again
  }
}

export function rememberedTracking(): Access | null {
  try {
    const parsed = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as Partial<Access> | null;
    return parsed && typeof parsed.trackingNumber === 'string' && typeof parsed.accessCode === 'string' ? { trackingNumber: parsed.trackingNumber, accessCode: parsed.accessCode } : null;
  } catch {
    return null;
  }
}

export function forgetTracking(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
