import { createRouter } from '../shared/router';

/** The portal's pages; the server answers these same paths with index.html. */
export const PATHS = {
  home: '/',
  report: '/lapor',
  receipt: '/lapor/tanda-terima',
  track: '/lacak',
  mine: '/lacak/saya',
  statistics: '/statistik',
  privacy: '/privasi',
  knowledge: '/informasi',
} as const;

export type PagePath = (typeof PATHS)[keyof typeof PATHS];

const router = createRouter({ scrollToTop: true });
export const { navigate, Link } = router;

export function usePath(): string {
  return router.useLocation().path;
}
