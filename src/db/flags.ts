/** Flags are 0/1 integers on both databases (decision 0001); null means "not decided yet". */
export function flagToBoolean(v: number | null): boolean | null {
  return v === null ? null : v === 1;
}

export function booleanToFlag(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0;
}
