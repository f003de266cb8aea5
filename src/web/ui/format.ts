/** Formatters shared by every page: money in fen, instants in Asia/Shanghai, masked personal data. */

export const TIME_ZONE = 'Asia/Shanghai';

/**
 * Integer fen → "¥1,234.56" (negative: "-¥1,234.56"). Exact for any integer, including bigint
 * and numeric strings; never goes through a float.
 */
export function formatFen(fen: number | bigint | string | null | undefined, opts: { symbol?: boolean } = {}): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  let v: bigint;
  try {
    v = typeof fen === 'bigint' ? fen : BigInt(typeof fen === 'number' ? Math.trunc(fen) : fen.trim());
  } catch {
    return '—';
  }
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${opts.symbol === false ? '' : '¥'}${yuan}.${cents}`;
}

/** Yuan as typed by a person ("1234.5", "1,234.56") → integer fen, or null when it is not an amount. */
export function parseYuanToFen(text: string): number | null {
  const s = text.replace(/[,，\s¥￥]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}

const dateTimeFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant → "2026-03-05 14:07:09" in Beijing time. */
export function formatDateTime(v: string | number | Date | null | undefined, opts: { seconds?: boolean } = {}): string {
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d);
  const time = opts.seconds === false ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute}:${p.second}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** A business date ("2026-03-05") stays as it is; an instant becomes its Beijing calendar date. */
export function formatDate(v: string | number | Date | null | undefined): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Beijing wall-clock "YYYY-MM-DD" (+ optional "HH:mm:ss") → ISO instant with the +08:00 offset. */
export function shanghaiIso(date: string, time = '00:00:00'): string {
  return `${date}T${time}+08:00`;
}

/** "13812345678" → "138****5678"; already masked values pass through. */
export function maskPhone(v: string | null | undefined): string {
  if (!v) return '—';
  if (v.includes('*')) return v;
  return v.length >= 7 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}` : v;
}

/** "520302199001011234" → "5203**********1234"; already masked values pass through. */
export function maskIdNumber(v: string | null | undefined): string {
  if (!v) return '—';
  if (v.includes('*')) return v;
  return v.length > 8 ? `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}` : v;
}

/** GB 11643-1999 check digit of an 18-character resident ID number. */
export function idNumberChecksumOk(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const codes = '10X98765432';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * w[i];
  return codes[sum % 11] === id[17].toUpperCase();
}

/** "2026-03-05_140709" in Beijing time, for file names. */
export function fileStamp(d = new Date()): string {
  const p = parts(d);
  return `${p.year}${p.month}${p.day}_${p.hour}${p.minute}${p.second}`;
}

/** A percentage the server computed to two decimals (e.g. 51.64) as display text: "51.64%". Not for money. */
export function formatPercent(v: number): string {
  return `${v.toFixed(2)}%`;
}
