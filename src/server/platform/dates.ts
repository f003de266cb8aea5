/** Business dates are Chinese dates: YYYY-MM-DD in Asia/Shanghai. */
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The business date (Asia/Shanghai) of an instant. */
export function shanghaiDate(at: Date): string {
  return SHANGHAI_DATE.format(at);
}

/** YYYY-MM-DD plus n days (n may be negative), on the calendar. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
