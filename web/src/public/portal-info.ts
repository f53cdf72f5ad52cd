import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import type { paths } from '../shared/api-types';

/** GET /api/public/portal-info: the attachment limits and the data-protection contact, read once per visit. */
export type PortalInfo = paths['/api/public/portal-info']['get']['responses'][200]['content']['application/json'];

let pending: Promise<PortalInfo | null> | null = null;

function loadPortalInfo(): Promise<PortalInfo | null> {
  pending ??= api<PortalInfo>('GET', '/api/public/portal-info').catch(() => {
    pending = null;
    return null;
  });
  return pending;
}

/** null until it arrives, or when it cannot be read (the page then uses its built-in defaults). */
export function usePortalInfo(): PortalInfo | null {
  const [info, setInfo] = useState<PortalInfo | null>(null);
  useEffect(() => {
    let live = true;
    void loadPortalInfo().then((i) => live && setInfo(i));
    return () => {
      live = false;
    };
  }, []);
  return info;
}
