/**
 * What every command gets from the CLI: its I/O "effects" (so tests run commands in-process and silent),
 * the environment, a clock, and the global flags.
 */
import { type Clock, systemClock } from "../core/index.js";

export interface CliEffects {
  /** Results for the user (paths, tables, JSON). */
  stdout: NodeJS.WritableStream;
  /** Logs, progress and errors. */
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  cwd: string;
}

export function processEffects(): CliEffects {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, clock: systemClock, cwd: process.cwd() };
}
