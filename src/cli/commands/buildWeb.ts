/**
 * `vieweratlas build-web [DIR]` (npm run build:web): bundles the web map's browser app into DIR (web-dist/ by
 * default). `serve` and `export-site` build it themselves when needed; this is for hosting the app apart.
 */
import path from "node:path";
import type { Command } from "commander";
import { APP_FILES, buildWebApp } from "../../web/index.js";
import type { CliEffects } from "../context.js";

export function register(program: Command, effects: CliEffects): void {
  program
    .command("build-web")
    .description("bundle the web map's browser app (index.html, app.js, app.css) into a folder")
    .argument("[dir]", "output folder", "web-dist")
    .action(async (dir: string) => {
      const out = path.resolve(effects.cwd, dir);
      const t0 = effects.clock.now();
      await buildWebApp(out);
      effects.stdout.write(`web app built in ${out} (${APP_FILES.join(", ")}) in ${Math.round(effects.clock.now() - t0)} ms\n`);
    });
}
