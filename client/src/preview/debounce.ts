/** Runs `action` once `delayMs` after the last `schedule()`; `flush()` runs a pending call at once. */
export class Debouncer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly action: () => void,
    private delayMs: number,
  ) {}

  set delay(value: number) {
    this.delayMs = Math.max(0, value);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.action();
    }, this.delayMs);
  }

  flush(): void {
    if (this.timer === undefined) return;
    this.cancel();
    this.action();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
