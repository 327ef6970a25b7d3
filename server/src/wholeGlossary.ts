/**
 * The whole-glossary check: the findings of every entry that is not open, published like those of
 * open entries and kept fresh as files change (what markdownlint's workspace lint does for
 * Markdown). Open entries are the editor's business: their findings go out as they are typed.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { byPosition, isAtLeast, levelOfSeverity } from './core/diagnosticCodes';
import type { CancellationSignal } from './core/glossaryService';
import type { Glossaries } from './core/glossaries';
import type { MermaidChecker } from './mermaidChecker';
import type { CheckWholeGlossaryResult } from './protocol';
import { afterPendingEvents, yieldToPendingEvents } from './core/scheduling';

/** Entries checked between two yields to the event loop, so that requests are answered meanwhile. */
const CHECKS_PER_SLICE = 25;

export interface WholeGlossaryOptions {
  service: Glossaries;
  mermaid: MermaidChecker;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

export class WholeGlossaryFindings {
  private on = false;
  /** Entries (not open) whose findings are in the client's Problems panel. */
  private readonly published = new Set<string>();
  private readonly stale = new Set<string>();
  private refreshScheduled = false;
  /** Bumped when the check is turned off or started again: work of an older round is dropped. */
  private round = 0;

  constructor(private readonly options: WholeGlossaryOptions) {}

  get isOn(): boolean {
    return this.on;
  }

  /** Turns the check on and publishes the findings of every entry that is not open. */
  async checkAll(progress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<CheckWholeGlossaryResult> {
    this.on = true;
    const round = ++this.round;
    const { service } = this.options;
    const uris = service.entryUris().filter((uri) => !service.isOpen(uri)).sort();
    let findings = 0;
    let done = 0;
    for (const uri of uris) {
      if (token?.isCancellationRequested || round !== this.round) return { entries: done, findings, cancelled: true };
      findings += await this.publishFile(uri, round);
      done++;
      if (done % CHECKS_PER_SLICE === 0) {
        progress?.(done, uris.length);
        await yieldToPendingEvents();
      }
    }
    progress?.(done, uris.length);
    // The open entries count too: their findings are already in the panel.
    for (const uri of service.openUris()) findings += service.diagnostics(uri).length;
    return { entries: uris.length + service.openUris().length, findings, cancelled: false };
  }

  /** Turns the check off: the findings of entries that are not open leave the Problems panel. */
  turnOff(): void {
    this.on = false;
    this.round++;
    this.stale.clear();
    for (const uri of this.published) this.options.publish(uri, []);
    this.published.clear();
  }

  /**
   * These entries (or files that were entries) changed, or what they name did: their findings
   * are computed again, in one batch per turn of the event loop.
   */
  refresh(uris: Iterable<string>): void {
    if (!this.on) return;
    for (const uri of uris) this.stale.add(uri);
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    afterPendingEvents(() => void this.refreshStale());
  }

  /** Entries that left the index (deleted, moved out, their folder gone) lose their published findings. */
  pruneGone(): void {
    for (const uri of [...this.published]) {
      if (this.options.service.isIndexed(uri)) continue;
      this.published.delete(uri);
      this.options.publish(uri, []);
    }
  }

  /** An entry was opened: the editor publishes its findings from now on. */
  opened(uri: string): void {
    this.published.delete(uri);
    this.stale.delete(uri);
  }

  private async refreshStale(): Promise<void> {
    this.refreshScheduled = false;
    const round = this.round;
    const { service } = this.options;
    const uris = [...this.stale];
    this.stale.clear();
    for (const uri of uris) {
      if (round !== this.round) return;
      if (service.isOpen(uri)) continue;
      if (!service.isIndexed(uri)) {
        // Deleted, or no longer an entry: its findings go.
        if (this.published.delete(uri)) this.options.publish(uri, []);
        continue;
      }
      await this.publishFile(uri, round);
    }
  }

  /** Publishes one closed entry's findings at the configured level or worse; resolves to how many. */
  private async publishFile(uri: string, round: number): Promise<number> {
    const { service, mermaid } = this.options;
    const settings = service.settingsFor(uri);
    const shown = (diagnostic: Diagnostic) => isAtLeast(levelOfSeverity(diagnostic.severity), settings.wholeGlossary.minimumSeverity);
    let check;
    try {
      // Nothing below the level the panel shows is looked for (unlinked mentions are most of a check).
      check = await service.checkFile(uri, settings.wholeGlossary.minimumSeverity);
    } catch (error) {
      this.options.log(`Whole-glossary check of ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
    if (round !== this.round || service.isOpen(uri)) return 0;
    const diagnostics = (check?.diagnostics ?? []).filter(shown);
    this.publishClosed(uri, diagnostics);
    if (check?.mermaidBlocks.length) {
      // Diagrams are parsed in the background; a file whose diagrams break is published again.
      const blocks = check.mermaidBlocks;
      void mermaid.checkBlocks(blocks, settings).then((found) => {
        const added = found.filter(shown);
        if (added.length && round === this.round && !service.isOpen(uri)) this.publishClosed(uri, [...diagnostics, ...added].sort(byPosition));
      });
    }
    return diagnostics.length;
  }

  private publishClosed(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0 && !this.published.has(uri)) return;
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
    this.options.publish(uri, diagnostics);
  }
}
