/**
 * The `vieweratlas` command line. The only place that maps errors to exit codes: one line by default,
 * the stack with --debug.
 */
import { Command, CommanderError } from "commander";
import { isAtlasError, redact, secretValues } from "../core/index.js";
import { COMMANDS } from "./commands/index.js";
import { type CliEffects, processEffects } from "./context.js";

export function buildProgram(effects: CliEffects): Command {
  const program = new Command("vieweratlas")
    .description("Maps the communities of live-streaming platforms from who chats where.")
    .option("--debug", "show stack traces on errors")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => effects.stdout.write(s),
      writeErr: (s) => effects.stderr.write(s),
    });
  for (const register of COMMANDS) register(program, effects);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], effects: CliEffects = processEffects()): Promise<number> {
  const program = buildProgram(effects);
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? 0 : 2;
    }
    const secrets = secretValues(effects.env);
    const message = error instanceof Error ? error.message : String(error);
    effects.stderr.write(`error: ${redact(message, secrets)}\n`);
    if (debug && error instanceof Error && error.stack) effects.stderr.write(redact(error.stack, secrets) + "\n");
    else if (!isAtlasError(error)) effects.stderr.write("(run with --debug for the stack)\n");
    return isAtlasError(error) ? error.exitCode : 1;
  }
}
