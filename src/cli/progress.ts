/**
 * The CLI's drawing of progress (the ProgressReporter of core): on a terminal, one updating line per running
 * stage (name, count/total, rate, elapsed) redrawn in place; elsewhere, one line when a stage ends, so logs
 * and CI output stay readable. Stream and clock are injected.
 */
import type { Clock, ProgressReporter, StageProgress } from "../core/index.js";

export interface FinishedStage {
  name: string;
  done: number;
  total: number | undefined;
  elapsedMs: number;
  /** Items per second over the whole stage. */
  rate: number;
  result: string | undefined;
}

export interface ProgressDisplayOptions {
  stream: NodeJS.WritableStream;
  clock: Clock;
  /** Draw updating lines; defaults to whether the stream is a TTY. */
  tty?: boolean;
  /** Least time between two redraws on a terminal. */
  redrawMs?: number;
  /** Line width on a terminal; defaults to the stream's columns, else 100. */
  columns?: number;
  /** Not on a terminal: receives each finished stage instead of a plain line (the CLI logs it). */
  onStageEnd?: (stage: FinishedStage) => void;
}

export interface ProgressDisplay extends ProgressReporter {
  /** Writes text (whole lines) above the running stages, so log lines and the drawing do not overwrite each other. */
  print(text: string): void;
  /** Clears the lines of stages still running (after an error); the display stays usable. */
  close(): void;
}

export const PROGRESS_DEFAULTS = { redrawMs: 100, columns: 100 };

interface StageState {
  name: string;
  total: number | undefined;
  done: number;
  startedMs: number;
}

export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const { stream, clock } = options;
  const ttyStream = stream as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const tty = options.tty ?? Boolean(ttyStream.isTTY);
  const redrawMs = options.redrawMs ?? PROGRESS_DEFAULTS.redrawMs;
  const columns = () => options.columns ?? ttyStream.columns ?? PROGRESS_DEFAULTS.columns;
  const active: StageState[] = [];
  let drawnLines = 0;
  let lastDrawMs = -Infinity;

  // Moves back over the running block, clears it, writes finished lines above it, then the block again.
  const redraw = (above = "") => {
    let out = (drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : "") + above;
    const now = clock.now();
    for (const stage of active) out += fit(stageLine(stage, now), columns()) + "\n";
    drawnLines = active.length;
    lastDrawMs = now;
    if (out) stream.write(out);
  };

  const finish = (stage: StageState, result: string | undefined) => {
    const elapsedMs = Math.max(0, clock.now() - stage.startedMs);
    const finished: FinishedStage = {
      name: stage.name,
      done: stage.done,
      total: stage.total,
      elapsedMs,
      rate: elapsedMs > 0 ? (stage.done * 1000) / elapsedMs : 0,
      result,
    };
    if (tty) {
      active.splice(active.indexOf(stage), 1);
      redraw(fit(`✓ ${finishedLine(finished)}`, columns()) + "\n");
    } else if (options.onStageEnd) options.onStageEnd(finished);
    else stream.write(`${finishedLine(finished)}\n`);
  };

  return {
    stage(name: string, total?: number): StageProgress {
      const stage: StageState = { name, total, done: 0, startedMs: clock.now() };
      let ended = false;
      if (tty) {
        active.push(stage);
        redraw();
      }
      return {
        update(done: number) {
          if (ended) return;
          stage.done = done;
          if (tty && clock.now() - lastDrawMs >= redrawMs) redraw();
        },
        end(result?: string) {
          if (ended) return;
          ended = true;
          finish(stage, result);
        },
      };
    },
    print(text: string) {
      if (tty && drawnLines > 0) redraw(text);
      else stream.write(text);
    },
    close() {
      if (!tty || drawnLines === 0) return;
      active.length = 0;
      redraw();
    },
  };
}

function stageLine(stage: StageState, now: number): string {
  const elapsedMs = Math.max(0, now - stage.startedMs);
  const rate = elapsedMs > 0 ? (stage.done * 1000) / elapsedMs : 0;
  return `${stage.name}  ${countText(stage.done, stage.total)}  ${formatRate(rate)}  ${formatElapsed(elapsedMs)}`;
}

function finishedLine(stage: FinishedStage): string {
  const parts = [stage.name, countText(stage.done, stage.total), formatRate(stage.rate), formatElapsed(stage.elapsedMs)];
  if (stage.result) parts.push(stage.result);
  return parts.join("  ");
}

function countText(done: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return formatCount(done);
  const percent = Math.min(100, Math.floor((done / total) * 100));
  return `${formatCount(done)}/${formatCount(total)} ${percent}%`;
}

function fit(line: string, columns: number): string {
  return line.length < columns ? line : line.slice(0, Math.max(1, columns - 2)) + "…";
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k/s`;
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  return `${perSecond.toFixed(1)}/s`;
}

/** "4.2s" under a minute, then "1:05", then "1:02:03". */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / 1000);
  const s = String(totalSeconds % 60).padStart(2, "0");
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
