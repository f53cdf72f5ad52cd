import { describe, expect, it } from 'vitest';
import { maskPhone, toInternationalDigits } from './phone-numbers.js';

describe('phone numbers in international digits', () => {
  it.each([
    ['0812-3456-7890', '6281234567890'],
    ['+62 812 3456 7890', '6281234567890'],
    ['62812 3456 7890', '6281234567890'],
    ['812 3456 7890', '6281234567890'],
    ['0062 812 3456 7890', '6281234567890'],
    ['(021) 5555 1234', '622155551234'],
    ['+1 415 555 0100', '14155550100'],
  ])('reads %s as %s', (input, digits) => {
    expect(toInternationalDigits(input)).toBe(digits);
  });

  it.each(['', 'abc', '12', '+0812345678', '0812 3456 7890 1234 5678', 'budi@contoh.id'])('refuses %j', (input) => {
    expect(toInternationalDigits(input)).toBeNull();
  });

  it('masks all but the country prefix and the last four digits', () => {
    expect(maskPhone('6281234567890')).toBe('62812****7890');
    expect(maskPhone('1234')).toBe('****');
  });
});
