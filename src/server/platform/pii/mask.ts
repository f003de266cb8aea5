/** Masks shown in every response unless revealed: 5203**********1234, 138****5678, 陈**. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskBankAccount(account: string | null | undefined): string | null {
  if (!account) return null;
  if (account.length <= 4) return '*'.repeat(account.length);
  return '*'.repeat(account.length - 4) + account.slice(-4);
}

/** Field names whose values are masked when they appear in audit before/after snapshots. */
const PII_FIELD = /(idNumber|phone|bankAccount|idCard)/i;

/** Masks every personal field in a plain object (deep), dropping ciphertext and blind-index columns. */
export function maskRecord(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskRecord);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (/(Enc|Bidx|Hash)$/.test(k)) continue;
    out[k] = PII_FIELD.test(k) ? maskPersonal(k, v) : maskRecord(v);
  }
  return out;
}

/** The value of a personal field: a string is masked by the field's kind, a list of strings item by item. */
function maskPersonal(key: string, v: unknown): unknown {
  if (typeof v === 'string') return /phone/i.test(key) ? maskPhone(v) : /bank/i.test(key) ? maskBankAccount(v) : maskIdNumber(v);
  if (Array.isArray(v)) return v.map((x) => maskPersonal(key, x));
  return maskRecord(v);
}
