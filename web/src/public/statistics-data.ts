import { useEffect, useState } from 'react';
import { api } from '../shared/api';

/**
 * The public recap from GET /api/public/statistics (src/reports/routes.ts): the same figures
 * as the back office's recap, without confidential complaints. If the endpoint is missing or
 * fails, the figures are hidden rather than the page broken.
 */
export interface Bucket {
  key: string;
  label: string;
  count: number;
  share: number | null;
}

export interface PublicFigures {
  total: number;
  byState: Bucket[];
  byPermitType: Bucket[];
  byChannel: Bucket[];
  firstResponse: { shareMet: number | null };
  answer: { answered: number; shareMet: number | null; medianWorkingDays: number | null };
  backlog: { open: number };
  reopen: { rate: number | null };
  /** The index is null below `minRespondents` respondents (the office's PUBLIC_IKM_MIN_RESPONDENTS). */
  satisfaction: { respondents: number; ikm: number | null; grade: string | null; minRespondents?: number };
}

/** Received and finished in one Jakarta month (YYYY-MM). */
export interface TrendMonth {
  month: string;
  received: number;
  finished: number;
}

export interface PublicStatistics {
  year: number;
  generatedAt: string;
  current: PublicFigures;
  trend?: TrendMonth[];
}

function looksLikeStatistics(body: unknown): body is PublicStatistics {
  const b = body as Partial<PublicStatistics> | null;
  return typeof b?.year === 'number' && typeof b.current?.total === 'number' && Array.isArray(b.current.byState) && typeof b.current.answer === 'object';
}

export type StatisticsState = { status: 'loading' } | { status: 'ready'; stats: PublicStatistics } | { status: 'unavailable' };

export function useStatistics(): StatisticsState {
  const [state, setState] = useState<StatisticsState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    api<unknown>('GET', '/api/public/statistics', { signal: controller.signal })
      .then((body) => setState(looksLikeStatistics(body) ? { status: 'ready', stats: body } : { status: 'unavailable' }))
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setState({ status: 'unavailable' });
      });
    return () => controller.abort();
  }, []);
  return state;
}
