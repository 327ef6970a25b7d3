/**
 * The CLI's check of every entry, printed as it goes. Files are checked on worker threads and on
 * this one, their diagrams by Mermaid workers meanwhile, and a file's findings are printed as soon
 * as it and every file before it (in path order) are done. Only the files checked ahead of the
 * printing are held, at most MAX_CHECKED_AHEAD: a large glossary's report (hundreds of MB as
 * JSON) is never in memory whole, and checks and diagrams share the cores to the end.
 */
import type { AnalysisPool } from './analysisPool';
import { mergeWritten, reportPath, writeFindings, writtenCheck, type ReportStream, type ReportStyle, type WrittenCheck, type WrittenFile } from './cliOutput';
import type { Glossaries } from './core/glossaries';
import type { PackedSummary } from './core/glossaryIndex';
import type { GlossarySettings } from './core/settings';
import { MermaidChecker } from './mermaidChecker';
import { nodeMermaidPort } from './nodeMermaidPort';
import { yieldToPendingEvents } from './core/scheduling';

/**
 * Files checked but not yet printed, past which checking waits for printing (or for Mermaid). Each
 * is held with its written findings (tens of KB as JSON): at 600, the files ahead were 80 MB of the
 * main thread's 210 MB alive at 20,000 entries, and no faster than at 100 (measured, shapes a, c, d).
 */
const MAX_CHECKED_AHEAD = 100;
/**
 * Diagrams each Mermaid worker has in hand. This thread checks files in batches of tens of
 * milliseconds, and a worker given one diagram at a time waited for the end of each batch:
 * with one at a time, printing waited for Mermaid for 10–13 s of a 13–16 s run (shape a, 20,000 entries).
 */
const MERMAID_PARSES_IN_FLIGHT = 32;
/** The Mermaid workers' young generation (see nodeMermaidPort): the CLI parses every diagram, and trades ~12 MB of its peak for fewer collections. */
const MERMAID_YOUNG_GENERATION_MB = 16;
/** Output is written in pieces of about this many characters. */
const PRINT_CHUNK = 1 << 16;

export interface CheckRun {
  service: Glossaries;
  /** In the order the report lists them. */
  uris: readonly string[];
  style: ReportStyle;
  report: ReportStream;
  /** Writes to the report's destination; resolves when more may be written. */
  write(piece: string): Promise<void>;
  log(message: string): void;
  /** How many Mermaid workers check diagrams (each holds its own Mermaid and linkedom). */
  mermaidWorkers: number;
  /** Checks on worker threads as well as this one; without it, every file is checked here. */
  parallel?: { pool: AnalysisPool; folders: readonly string[]; settings: GlossarySettings; summaries: () => readonly PackedSummary[] };
}

export async function checkAndPrint(run: CheckRun): Promise<void> {
  const { service, uris, style } = run;
  const position = new Map(uris.map((uri, i) => [uri, i]));
  /** Each file's findings with its diagrams' once known; null once printed. */
  const slots: (Promise<WrittenFile | undefined> | null | undefined)[] = new Array(uris.length);
  let arrived = 0;
  let printed = 0;
  let slotWanted: (() => void) | undefined;
  let printWaiters: (() => void)[] = [];

  const mermaids = Array.from({ length: Math.max(1, run.mermaidWorkers) }, () => ({
    checker: new MermaidChecker({ createPort: nodeMermaidPort(undefined, MERMAID_YOUNG_GENERATION_MB), log: run.log, onResults: () => undefined, parsesInFlight: MERMAID_PARSES_IN_FLIGHT }),
    characters: 0,
  }));
  const withDiagrams = async ({ uri, written, mermaidBlocks }: WrittenCheck): Promise<WrittenFile | undefined> => {
    if (!written || !mermaidBlocks.length) return written;
    // To the worker with the fewest characters in hand.
    const mermaid = mermaids.reduce((least, next) => (next.characters < least.characters ? next : least));
    for (const block of mermaidBlocks) mermaid.characters += block.source.length;
    const found = await mermaid.checker.checkBlocks(mermaidBlocks, service.settingsFor(uri));
    return found.length ? mergeWritten(written, writeFindings(reportPath(uri), found, style)) : written;
  };
  const take = (checks: readonly WrittenCheck[]) => {
    for (const check of checks) {
      const at = position.get(check.uri);
      if (at === undefined || slots[at] !== undefined) continue;
      slots[at] = withDiagrams(check);
      arrived++;
    }
    const wanted = slotWanted;
    slotWanted = undefined;
    wanted?.();
  };
  /** Resolves once printing has caught up with checking, or has reached the file at `upTo` (which it waits for). */
  const caughtUp = async (upTo = uris.length) => {
    while (arrived - printed >= MAX_CHECKED_AHEAD && printed < upTo) await new Promise<void>((resolve) => printWaiters.push(resolve));
  };

  let buffered = '';
  const print = async () => {
    while (printed < uris.length) {
      while (!slots[printed]) await new Promise<void>((resolve) => (slotWanted = resolve));
      const file = await slots[printed];
      slots[printed] = null;
      printed++;
      if (file) buffered += run.report.add(file);
      if (buffered.length >= PRINT_CHUNK) {
        const piece = buffered;
        buffered = '';
        await run.write(piece);
      }
      const waiters = printWaiters;
      printWaiters = [];
      for (const wake of waiters) wake();
    }
    if (buffered) await run.write(buffered);
  };

  const check = async () => {
    const { parallel } = run;
    if (parallel) {
      try {
        await parallel.pool.diagnoseFiles(parallel.folders, parallel.settings, parallel.summaries, uris, style, take, {
          local: async (batch) => {
            // One file at a time, as the workers do: a file's parse is garbage before the next is read.
            const checks: WrittenCheck[] = [];
            for (const uri of batch) {
              checks.push(await writtenCheck(service, uri, style));
              // The workers' answers wait for this thread: they are taken, and their next work sent, between two files.
              await yieldToPendingEvents();
            }
            return checks;
          },
          beforeBatch: () => caughtUp(),
        });
      } catch (error) {
        run.log(`Checking on worker threads failed (${error instanceof Error ? error.message : String(error)}); checking the rest here.`);
      }
      parallel.pool.dispose();
    }
    // Whatever the workers did not check (all of it, without them), here, in order.
    for (let at = 0; at < uris.length; at++) {
      if (slots[at] !== undefined) continue;
      await caughtUp(at);
      take([await writtenCheck(service, uris[at], style)]);
    }
  };

  try {
    await Promise.all([print(), check()]);
  } finally {
    for (const { checker } of mermaids) checker.dispose();
  }
}
