/**
 * The `vieweratlas import …` command group. Each importer registers its own subcommand into it
 * (`import irc-log`, `import presence`, …) through `importGroup`, in any order.
 */
import type { Command } from "commander";

/** The `import` command of `program`, created on first use. */
export function importGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("bring outside data (chat logs, presence files) into the lake as raw windows")
  );
}
