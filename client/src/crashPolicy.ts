/**
 * Decides whether to restart a crashed language server: yes, unless it crashed `maxCrashes`
 * times within `windowMs`, which means a restart would only crash again.
 */
export class CrashPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now`; returns true when the server should be restarted. */
  shouldRestart(now = Date.now()): boolean {
    this.crashes = this.crashes.filter((time) => now - time < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length < this.maxCrashes;
  }

  reset(): void {
    this.crashes = [];
  }
}
