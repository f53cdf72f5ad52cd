/**
 * The complaint form's map, in its own chunk with Leaflet and its styles: loaded only when the office
 * configured tiles, so the form's first visit stays small. The pin is a vector circle (no marker images).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface MapOptions {
  tileUrlTemplate: string;
  attribution: string;
  center: [number, number];
  zoom: number;
  pin: [number, number] | null;
  onPin(lat: number, lng: number): void;
  /** Tiles did not load (no network, server down): the form goes on without them. */
  onTilesFailed(): void;
}

export interface MountedMap {
  setPin(pin: [number, number] | null): void;
  /** The map's current centre, for "pin the centre" by keyboard. */
  center(): [number, number];
  remove(): void;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Six decimals: about 10 cm, more than a tap on a phone can say. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function mountMap(element: HTMLElement, options: MapOptions): MountedMap {
  const map = L.map(element, { center: options.pin ?? options.center, zoom: options.pin ? Math.max(options.zoom, 16) : options.zoom });
  map.attributionControl.setPrefix(false);
  let failed = false;
  L.tileLayer(options.tileUrlTemplate, { attribution: escapeHtml(options.attribution), maxZoom: 19 })
    .on('tileerror', () => {
      if (failed) return;
      failed = true;
      options.onTilesFailed();
    })
    .addTo(map);
  let marker: L.CircleMarker | null = null;
  const setPin = (pin: [number, number] | null) => {
    if (!pin) {
      marker?.remove();
      marker = null;
      return;
    }
    if (marker) marker.setLatLng(pin);
    else marker = L.circleMarker(pin, { radius: 9, color: '#b3261e', weight: 3, fillOpacity: 0.5 }).addTo(map);
  };
  setPin(options.pin);
  map.on('click', (e: L.LeafletMouseEvent) => {
    const latlng = e.latlng.wrap();
    options.onPin(round(latlng.lat), round(latlng.lng));
  });
  return {
    setPin,
    center: () => {
      const c = map.getCenter().wrap();
      return [round(c.lat), round(c.lng)];
    },
    remove: () => map.remove(),
  };
}
