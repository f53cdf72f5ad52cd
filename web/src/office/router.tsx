import { createRouter } from '../shared/router';

/** The back office's pages, under /office (the server answers them with office.html). */
export const OFFICE = '/office';
export const PATHS = {
  myWork: `${OFFICE}`,
  queue: `${OFFICE}/antrean`,
  login: `${OFFICE}/masuk`,
  complaint: (tn: string) => `${OFFICE}/pengaduan/${tn}`,
  newComplaint: `${OFFICE}/catat`,
  register: `${OFFICE}/buku`,
  recap: `${OFFICE}/rekap`,
  mailbox: `${OFFICE}/kotak-surat`,
  admin: (section = 'users') => `${OFFICE}/admin/${section}`,
  account: `${OFFICE}/akun`,
  /** Opened from a mailed link, with the token in the fragment (src/notifications/templates.ts publicLinks). */
  resetPassword: `${OFFICE}/atur-ulang-sandi`,
} as const;

// Filters change the query in place: keep the scroll position.
export const { navigate, useLocation, Link } = createRouter({ scrollToTop: false });
