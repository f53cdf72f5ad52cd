import QRCode from 'qrcode';

/**
 * The receipt's QR code as one SVG path (a 1×1 square per dark module), drawn by React: no canvas,
 * no inline markup. This module and the `qrcode` package load only when a receipt is shown.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (modules.get(y, x)) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size, d };
}
