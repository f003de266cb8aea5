import type { Actor } from '../../platform/http/actor';

/** What a session resolves to, without the request's own details (ip, user agent, request id). */
export interface CachedSession {
  sessionId: string;
  userId: string;
  actor: Omit<Actor, 'ip' | 'userAgent' | 'requestId'>;
  expiresAt: Date;
  lastSeenAt: Date;
}

interface Entry {
  value: CachedSession;
  /** monotonic time after which the entry is read from the database again */
  staleAt: number;
}

export interface SessionCacheOptions {
  /** how long a session read from the database is trusted without reading it again (0 turns the cache off) */
  ttlMs: number;
  /** at most this many sessions are kept (the oldest go first) */
  maxEntries?: number;
  /** monotonic milliseconds; tests pass their own */
  now?: () => number;
}

/**
 * A short-lived, in-process cache of resolved sessions, keyed by the session id (the SHA-256 of the token), so that a
 * burst of requests does not read the session, user and org for each one. Correctness:
 * - every change this process makes to sessions, users or orgs clears it (after the change is committed), so logout,
 *   a password change or reset, disabling a user, a role change or an org move take effect at the next request;
 * - a read that began before a clear is not stored (the generation moved on), so a request racing a logout cannot put
 *   the ended session back;
 * - a change made by another process (the CLI, a second server) is seen after at most `ttlMs`;
 * - expiry and the sliding idle window are still checked against the clock on every request, and a hit is only
 *   served while the database would not be written (the last-seen time is less than a minute old).
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generationNo = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: SessionCacheOptions) {
    this.ttlMs = opts.ttlMs;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The current generation: pass it to `set` so that a read begun before a `clear` is not stored. */
  generation(): number {
    return this.generationNo;
  }

  get(sessionId: string): CachedSession | undefined {
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (this.now() >= e.staleAt) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e.value;
  }

  set(value: CachedSession, readAtGeneration: number): void {
    if (this.ttlMs <= 0 || readAtGeneration !== this.generationNo) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(value.sessionId)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.delete(value.sessionId);
    this.entries.set(value.sessionId, { value, staleAt: this.now() + this.ttlMs });
  }

  /** Forgets one session (logout, expiry). */
  delete(sessionId: string): void {
    this.generationNo++;
    this.entries.delete(sessionId);
  }

  /** Forgets every session: after any committed change to sessions, users or orgs. */
  clear(): void {
    this.generationNo++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
