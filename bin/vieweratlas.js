#!/usr/bin/env node
// Entry point: registers the TypeScript loader so the CLI runs from source with no build step.
import { register } from "tsx/esm/api";

// `vieweratlas config show | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// The AWS SDK is pinned to a release that supports Node 20 (package.json); its notice about future
// releases needing Node 22 would only clutter every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
