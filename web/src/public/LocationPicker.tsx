import { useEffect, useRef, useState } from 'react';
import { Field } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import type { MountedMap } from './location-map';
import type { PortalInfo } from './portal-info';

const M = {
  legend: { id: 'Tempat kejadian', en: 'Where it happened' },
  address: { id: 'Alamat atau tempat', en: 'Address or place' },
  addressHint: {
    id: 'Misalnya loket, gedung atau jalan tempat layanan. Bila Anda memilih anonim, jangan tulis alamat rumah Anda di sini.',
    en: 'For example the counter, building or street of the service. If you chose anonymous, keep your home address out of it.',
  },
  mapLabel: { id: 'Peta: ketuk untuk menandai tempat kejadian (tidak wajib)', en: 'Map: tap to mark where it happened (optional)' },
  pinned: { id: 'Titik ditandai: {lat}, {lng}', en: 'Pinned: {lat}, {lng}' },
  noPin: { id: 'Belum ada titik di peta (tidak wajib).', en: 'No pin on the map (optional).' },
  pinCentre: { id: 'Tandai tengah peta', en: 'Pin the centre of the map' },
  removePin: { id: 'Hapus titik', en: 'Remove the pin' },
  tilesFailed: {
    id: 'Peta tidak dapat dimuat saat ini. Cukup tulis alamat atau tempatnya; pengaduan tetap dapat dikirim.',
    en: 'The map cannot be loaded right now. Writing the address or place is enough; the complaint can still be sent.',
  },
} as const satisfies Record<string, Bilingual>;

export interface LocationValue {
  address: string;
  /** Empty, or the pin's coordinates as typed by the map (strings: the draft keeps them). */
  lat: string;
  lng: string;
}

/** Where it happened: an address always, a map pin when the office configured map tiles (decision 0030). */
export function LocationPicker({ value, onChange, errors, portalInfo }: { value: LocationValue; onChange(next: LocationValue): void; errors: Record<string, string>; portalInfo: PortalInfo | null }) {
  const { t } = useLanguage();
  const map = portalInfo?.map ?? null;
  const element = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedMap | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const latest = useRef(value);
  latest.current = value;
  const pin: [number, number] | null = value.lat && value.lng ? [Number(value.lat), Number(value.lng)] : null;

  useEffect(() => {
    if (!map || !element.current) return;
    let cancelled = false;
    const target = element.current;
    void import('./location-map')
      .then(({ mountMap }) => {
        if (cancelled) return;
        const v = latest.current;
        mounted.current = mountMap(target, {
          ...map,
          pin: v.lat && v.lng ? [Number(v.lat), Number(v.lng)] : null,
          onPin: (lat, lng) => onChangeRef.current({ ...latest.current, lat: String(lat), lng: String(lng) }),
          onTilesFailed: () => setTilesFailed(true),
        });
      })
      .catch(() => setTilesFailed(true));
    return () => {
      cancelled = true;
      mounted.current?.remove();
      mounted.current = null;
    };
    // The map is made once per configuration; the pin follows through setPin below.
  }, [map?.tileUrlTemplate]);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => mounted.current?.setPin(pin), [pin?.[0], pin?.[1]]);

  const pinError = errors['location.lat'] ?? errors['location.lng'];
  return (
    <fieldset>
      <legend>{t(M.legend)}</legend>
      <Field path="location.address" label={t(M.address)} hint={t(M.addressHint)} error={errors['location.address']}>
        {(props) => <textarea {...props} rows={2} maxLength={300} value={value.address} onChange={(e) => onChange({ ...value, address: e.target.value })} />}
      </Field>
      {map && (
        <div className="field">
          {tilesFailed && (
            <p className="notice" role="status" data-testid="tiles-failed">
              {t(M.tilesFailed)}
            </p>
          )}
          <div ref={element} className="location-map" role="group" aria-label={t(M.mapLabel)} data-testid="location-map" />
          <p className="hint" aria-live="polite" data-testid="location-pin">
            {pin ? t(M.pinned, { lat: pin[0].toFixed(5), lng: pin[1].toFixed(5) }) : t(M.noPin)}
          </p>
          {pinError && <p className="error-text">{pinError}</p>}
          <p>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                const c = mounted.current?.center();
                if (c) onChange({ ...value, lat: String(c[0]), lng: String(c[1]) });
              }}
            >
              {t(M.pinCentre)}
            </button>{' '}
            {pin && (
              <button type="button" className="btn btn-link" onClick={() => onChange({ ...value, lat: '', lng: '' })}>
                {t(M.removePin)}
              </button>
            )}
          </p>
        </div>
      )}
    </fieldset>
  );
}
