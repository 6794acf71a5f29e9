import { randomBytes } from 'node:crypto';
import { LIMITS } from './limits';

/** A temporary key the emulator issued: accepted with its token until `expiresAt` on the timeline clock. */
export interface IssuedKey {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
  readonly expiresAt: number;
}

const MAX_ISSUED = LIMITS.credentials;

/** The fault kinds an identity service takes: it is down, slow, or failing. */
export const IDENTITY_FAULT_KINDS = ['reset', 'delay', 'error5xx'] as const;

/** The temporary keys (and IAM subject tokens) issued so far, per kind; the oldest go beyond the limit. */
export class IssuedKeys {
  private readonly keys = new Map<string, IssuedKey[]>();

  /** A new key of the kind (named by the router that issues it), living `lifetimeMs` from `now`. */
  issue(kind: string, now: number, lifetimeMs: number, idPrefix: string): IssuedKey {
    const key: IssuedKey = {
      id: `${idPrefix}${randomBytes(12).toString('hex').toUpperCase()}`,
      // Marked, so that a test can find any of them wherever it leaked.
      secret: `tgtmpsk${randomBytes(24).toString('base64url')}`,
      token: `tgtmptok${randomBytes(48).toString('base64url')}`,
      expiresAt: now + lifetimeMs,
    };
    const kept = [...(this.keys.get(kind) ?? []), key];
    this.keys.set(kind, kept.slice(-MAX_ISSUED));
    return key;
  }

  list(kind: string): readonly IssuedKey[] {
    return this.keys.get(kind) ?? [];
  }

  /** Every value issued, for the log's redaction. */
  values(): string[] {
    return [...this.keys.values()].flat().flatMap((key) => [key.id, key.secret, key.token]);
  }
}
