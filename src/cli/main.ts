/**
 * The `vieweratlas` command line. The only place that maps errors to exit codes: one line by default
 * (one per problem for a ConfigError), the stack with --debug; secret values are scrubbed from everything
 * it writes about an error.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { ConfigError, isAtlasError, redact, secretValues } from "../core/index.js";
import { COMMANDS } from "./commands/index.js";
import { type CliEffects, processEffects } from "./context.js";

/** Exit codes: AtlasError subclasses carry theirs (config 2, input 3, lake 4, platform 5). */
export const EXIT_USAGE = 2;
export const EXIT_UNEXPECTED = 1;

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function buildProgram(effects: CliEffects): Command {
  const secrets = secretValues(effects.env);
  const program = new Command("vieweratlas")
    .description("Maps the communities of live-streaming platforms from who chats where.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "show stack traces on errors")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => effects.stdout.write(s),
      // Commander echoes arguments in its messages; a token passed by mistake must not be printed back.
      writeErr: (s) => effects.stderr.write(redact(s, secrets)),
    });
  for (const register of COMMANDS) register(program, effects);
  return program;
}

/** Runs the CLI on `argv` (node, script, args…) and returns the exit code. */
export async function main(argv: string[], effects: CliEffects = processEffects()): Promise<number> {
  const program = buildProgram(effects);
  const debug = argv.slice(2).includes("--debug");
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    reportError(error, debug, effects);
    return isAtlasError(error) ? error.exitCode : EXIT_UNEXPECTED;
  }
}

function commanderExitCode(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
  // Commander has already printed its message; any parse problem (unknown command or option, missing argument) is a usage error.
  return error.exitCode === 0 ? 0 : EXIT_USAGE;
}

/** Writes the error to stderr: one line (one per config problem), the stack and causes with --debug. */
export function reportError(error: unknown, debug: boolean, effects: CliEffects): void {
  const secrets = secretValues(effects.env);
  const clean = (text: string) => redact(text, secrets);
  const lines =
    error instanceof ConfigError && error.problems.length > 0
      ? error.problems
      : [firstLine(error instanceof Error ? error.message : String(error)) + (debug || isAtlasError(error) ? "" : " (run with --debug for the stack)")];
  for (const line of lines) effects.stderr.write(`error: ${clean(line)}\n`);
  if (!debug) return;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.stack) effects.stderr.write(clean(depth === 0 ? current.stack : `caused by: ${current.stack}`) + "\n");
    current = current.cause;
  }
}

function firstLine(text: string): string {
  const trimmed = text.trim();
  const nl = trimmed.indexOf("\n");
  return nl < 0 ? trimmed : `${trimmed.slice(0, nl)} …`;
}
