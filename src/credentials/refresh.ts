import { CredentialProvider, Credentials } from '../apis/types';
import { Attempt } from '../engine/types';
import { ApiError } from '../core/errors';

/** Credentials as a source issued them, with their expiry when they are temporary. */
export interface Issued {
  readonly credentials: Credentials;
  /** Epoch ms; undefined for keys that do not expire. */
  readonly expiresAt?: number;
}

/** One place credentials come from (keys, a profile, STS, a metadata service). */
export interface CredentialSource {
  /** For messages: the source, by the variables or file that select it; never a value. */
  readonly name: string;
  /** True when its credentials are temporary, so that asking again may bring fresh ones. */
  readonly temporary: boolean;
  resolve(attempt: Attempt): Promise<Issued>;
}

/** Temporary credentials are replaced this long before they expire (less for short-lived ones). */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * When to fetch again: five minutes ahead of the expiry, or half-way through a shorter lifetime.
 * Credentials that our clock already sees as expired are used until the API refuses them (then
 * replaced once), never fetched again before every request.
 */
export function refreshTime(fetchedAt: number, expiresAt: number | undefined): number {
  if (expiresAt === undefined) return Infinity;
  const lifetime = expiresAt - fetchedAt;
  if (lifetime <= 0) return Infinity;
  return expiresAt - Math.min(REFRESH_AHEAD_MS, lifetime / 2);
}

/**
 * A source's credentials, kept until they are due for refresh (on the signing clock) or the API
 * refused them. Concurrent requests share one fetch. A failed fetch says which source failed.
 */
export class RefreshingCredentials implements CredentialProvider {
  private current?: { credentials: Credentials; refreshAt: number };
  private pending?: Promise<Credentials>;

  constructor(readonly source: CredentialSource) {}

  async get(attempt: Attempt): Promise<Credentials> {
    const now = attempt.now.getTime();
    if (this.current && now < this.current.refreshAt) return this.current.credentials;
    this.pending ??= this.fetch(attempt).finally(() => (this.pending = undefined));
    return this.pending;
  }

  refresh(): boolean {
    if (!this.source.temporary) return false;
    this.current = undefined;
    return true;
  }

  private async fetch(attempt: Attempt): Promise<Credentials> {
    let issued: Issued;
    try {
      issued = await this.source.resolve(attempt);
    } catch (error) {
      throw sourceError(this.source.name, error);
    }
    this.current = {
      credentials: issued.credentials,
      refreshAt: refreshTime(attempt.now.getTime(), issued.expiresAt),
    };
    return issued.credentials;
  }
}

/** A failure of a source, as one line that names it; exit codes stay those of the cause. */
function sourceError(name: string, error: unknown): unknown {
  // Usage mistakes, timeouts and interruptions keep their own words and exit codes.
  if (!(error instanceof ApiError)) return error;
  return new ApiError(`could not get credentials from ${name}: ${error.message}`, {
    retryable: error.retryable,
    code: error.code,
    httpStatus: error.httpStatus,
    retryAfterMs: error.retryAfterMs,
  });
}
