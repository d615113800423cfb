/**
 * Progress of long work, reported by stages and drawn by the CLI (a bar on a terminal, lines otherwise).
 * Library code takes a ProgressReporter; the default draws nothing.
 */
export interface StageProgress {
  /** Moves the stage to `done` of its total (or just counts, when the total is unknown). */
  update(done: number): void;
  /** Ends the stage with an optional one-line result. */
  end(result?: string): void;
}

export interface ProgressReporter {
  stage(name: string, total?: number): StageProgress;
}

export const silentProgress: ProgressReporter = {
  stage: () => ({ update: () => undefined, end: () => undefined }),
};
