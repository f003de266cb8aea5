/** GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit sequence, check digit. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdCardProblem = 'format' | 'birth_date' | 'checksum';

export interface IdCardInfo {
  normalized: string;
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'male' | 'female';
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export function validateIdNumber(raw: string): { ok: true; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth_date' };
  }
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    info: {
      normalized: id,
      regionCode: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Builds a valid ID number (for demo data and tests): region + birth date + 3-digit sequence + check digit. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}
