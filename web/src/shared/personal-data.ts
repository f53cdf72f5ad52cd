import { fileNameOf, saveBlob } from './download';
import type { Bilingual } from './i18n';

/** A reporter's personal-data request as the tracking page and the back office read it (src/personal-data/requests.ts). */
export interface PersonalDataRequest {
  id: number;
  kind: RequestKind;
  state: RequestState;
  requestedAt: string;
  dueAt: string;
  handledAt: string | null;
  answer: string | null;
  copyAvailable: boolean;
}

export type RequestKind = 'copy' | 'correction' | 'erasure';
export type RequestState = 'pending' | 'completed' | 'refused';
export const REQUEST_KINDS: readonly RequestKind[] = ['copy', 'correction', 'erasure'];

export const REQUEST_KIND_NAMES: Readonly<Record<RequestKind, Bilingual>> = {
  copy: { id: 'Salinan data pribadi', en: 'A copy of my personal data' },
  correction: { id: 'Perbaikan data pribadi', en: 'Correction of my personal data' },
  erasure: { id: 'Penghapusan data pribadi', en: 'Erasure of my personal data' },
};

export const REQUEST_STATE_NAMES: Readonly<Record<RequestState, Bilingual>> = {
  pending: { id: 'Sedang diproses', en: 'Being handled' },
  completed: { id: 'Selesai', en: 'Done' },
  refused: { id: 'Ditolak', en: 'Refused' },
};

export const REQUEST_STATE_BADGES: Readonly<Record<RequestState, string>> = { pending: 'badge-wait', completed: 'badge-done', refused: 'badge-stop' };

/** Saves a fetched file under the name the server gave it. */
export async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition'), fallbackName));
}
