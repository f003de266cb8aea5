import { formatFen, parseYuanToFen } from '../../ui/format';

/** Fen → the plain yuan text an input holds: 123456 → "1234.56"; 0 → "". */
export function fenToYuanText(fen: number | null | undefined, keepZero = false): string {
  if (fen === null || fen === undefined || (fen === 0 && !keepZero)) return '';
  return formatFen(fen, { symbol: false }).replace(/,/g, '');
}

/** Yuan text → fen for a non-negative amount; "" → 0; null when it is not an amount (or negative). */
export function yuanTextToFen(text: string | null | undefined): number | null {
  const s = (text ?? '').trim();
  if (!s) return 0;
  const fen = parseYuanToFen(s);
  if (fen === null || fen < 0) return null;
  return fen;
}

/**
 * A decimal typed by a person → an integer at a scale, exactly (string arithmetic, no floats):
 * ("1.5", 4) → 15000; ("80", 2) → 8000; ("80.25", 2) → 8025. Null when it is not such a number.
 */
export function decimalToScaled(text: string | null | undefined, decimals: number): number | null {
  const s = (text ?? '').trim().replace(/[,，\s%]/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) return null;
  const v = Number(m[1]) * 10 ** decimals + Number(frac.slice(0, decimals).padEnd(decimals, '0') || '0');
  return Number.isSafeInteger(v) ? v : null;
}

/** An integer at a scale → its shortest decimal text: (15000, 4) → "1.5"; (8000, 2) → "80". */
export function scaledToDecimal(v: number, decimals: number): string {
  const neg = v < 0;
  const abs = Math.abs(Math.trunc(v));
  const unit = 10 ** decimals;
  const whole = Math.floor(abs / unit);
  const frac = String(abs % unit).padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''}`;
}

/** k in basis points → "1.5" */
export const bpToMultiplier = (bp: number) => scaledToDecimal(bp, 4);
/** a share in basis points → "80" (percent) */
export const bpToPercent = (bp: number) => scaledToDecimal(bp, 2);

/** The current year in Beijing. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function todayShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
