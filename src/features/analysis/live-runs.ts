/**
 * The runs this server is computing: their progress for `GET …/events` and their cancel switch. In memory and
 * per server: a run started elsewhere (the command line, another server) shows its stored status only.
 */

export interface Progress {
  stage: string;
  fraction: number;
}

type Listener = (event: { kind: 'progress'; progress: Progress } | { kind: 'end'; status: string }) => void;

interface LiveRun {
  progress: Progress;
  controller: AbortController;
  listeners: Set<Listener>;
}

export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  add(runKey: string, controller: AbortController): void {
    this.runs.set(runKey, { progress: { stage: 'starting', fraction: 0 }, controller, listeners: new Set() });
  }

  progress(runKey: string): Progress | null {
    return this.runs.get(runKey)?.progress ?? null;
  }

  report(runKey: string, progress: Progress): void {
    const run = this.runs.get(runKey);
    if (run === undefined) return;
    run.progress = progress;
    for (const listener of run.listeners) listener({ kind: 'progress', progress });
  }

  end(runKey: string, status: string): void {
    const run = this.runs.get(runKey);
    if (run === undefined) return;
    this.runs.delete(runKey);
    for (const listener of run.listeners) listener({ kind: 'end', status });
  }

  /** False when the run is not computing here. */
  cancel(runKey: string): boolean {
    const run = this.runs.get(runKey);
    if (run === undefined) return false;
    run.controller.abort();
    return true;
  }

  /** Follows a run; null when it is not computing here. Returns the unsubscribe function. */
  follow(runKey: string, listener: Listener): (() => void) | null {
    const run = this.runs.get(runKey);
    if (run === undefined) return null;
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }
}
