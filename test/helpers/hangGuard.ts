/**
 * The one limit on how long a test waits for something that must happen. It tells a hang (a
 * server that never answers, a page that never reports) from a slow machine, and claims nothing
 * about speed: on a 2-core machine shared with other work, an answer can take many times what it
 * takes on a quiet one. How fast things are is measured by the benchmarks (bench/), which print
 * figures instead of asserting them.
 */
export const HANG_GUARD_MS = 120_000;

/** `promise`, or a failure naming `what` when it has not settled within HANG_GUARD_MS. */
export function withinHangGuard<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${HANG_GUARD_MS / 1000} s, so it hangs`)), HANG_GUARD_MS);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}
