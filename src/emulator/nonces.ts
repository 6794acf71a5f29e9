/** The nonces requests used lately, so that a router can refuse a replayed request. */
export class NonceCache {
  private seen = new Map<string, number>();

  /** False when the key id already used this nonce within `keepMs`; otherwise remembers it. */
  remember(keyId: string, nonce: string, nowMs: number, keepMs: number): boolean {
    for (const [key, at] of this.seen) if (nowMs - at > keepMs) this.seen.delete(key);
    const key = `${keyId}|${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowMs);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}
