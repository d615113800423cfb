#!/usr/bin/env node
// Entry point: registers the TypeScript loader so the CLI runs from source with no build step.
import { register } from "tsx/esm/api";

// `vieweratlas config show | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
