/**
 * Phone numbers as WhatsApp and SMS gateways take them: digits only, country code first, no `+`.
 * Indonesians write 0812…, +62 812…, 62-812…; all mean 62812….
 */
const INDONESIA = '62';

/** The number in international digits, or null when it cannot be a phone number. */
export function toInternationalDigits(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[0-9 ()./-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/[^0-9]/g, '');
  if (trimmed.startsWith('+')) {
    // Already international.
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = INDONESIA + digits.slice(1);
  } else if (digits.startsWith('8')) {
    digits = INDONESIA + digits;
  }
  return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? digits : null;
}

/** The number shown to people who may see it only in part: 62812****7890. */
export function maskPhone(digits: string): string {
  return digits.length <= 8 ? '****' : `${digits.slice(0, 5)}****${digits.slice(-4)}`;
}
