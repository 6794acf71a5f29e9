import { Clock } from './clock';

/** A token bucket on the injected clock: keeps one command at half an API's documented 100 requests/s. */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond = 50,
    private readonly burst = 10,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens < 1) {
      const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
      await this.clock.sleep(waitMs, signal);
      this.tokens = 1;
      this.updatedAt = this.clock.now();
    }
    this.tokens -= 1;
  }
}
