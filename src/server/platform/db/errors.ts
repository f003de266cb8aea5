/** The name of the violated constraint of a database error (drivers and the ORM wrap it differently), or null. */
export function violatedConstraint(e: unknown): string | null {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const c = (x as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    const m = /unique constraint "([^"]+)"/.exec(String((x as { message?: unknown }).message ?? ''));
    if (m) return m[1];
  }
  return null;
}
