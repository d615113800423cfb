/**
 * `vieweratlas render [--run ID] [--theme dark|light] [--size PX] [--relayout]`: re-draws a run already in the
 * lake (the latest by default) and writes layout.json, atlas.svg, atlas.png and web.json into its folder.
 * The stored layout is reused, so a new theme or size keeps the map; --relayout computes a new one.
 */
import path from "node:path";
import type { Command } from "commander";
import { isAtlasError } from "../../core/index.js";
import { readRun, writeRunFiles } from "../../analyze/index.js";
import { analysisRunPrefix } from "../../lake/index.js";
import { renderOptionsFromConfig, renderRun, type RenderedRun } from "../../render/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { RENDER_FILES, renderedRunFiles } from "./renderFiles.js";

export interface RenderFlags extends GlobalFlags {
  run?: string;
  theme?: string;
  size?: string;
  relayout?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("render")
      .description("re-draw a run's static map (atlas.svg, atlas.png) and web bundle from the lake")
      .option("--run <id>", "run id (default: the latest run)")
      .option("--theme <theme>", "dark or light (render.theme)")
      .option("--size <px>", "image width and height in px (render.image_px)")
      .option("--relayout", "compute a new layout instead of reusing the run's layout.json"),
  ).action(async (flags: RenderFlags) => {
    await runRenderCommand(effects, flags);
  });
}

export async function runRenderCommand(effects: CliEffects, flags: RenderFlags): Promise<RenderedRun> {
  // --theme and --size go through the config so they are validated like any other field.
  const set = [...(flags.set ?? [])];
  if (flags.theme !== undefined) set.push(`render.theme=${flags.theme}`);
  if (flags.size !== undefined) set.push(`render.image_px=${flags.size}`);
  const { config, lake, logger } = await openContext(effects, { ...flags, set });
  const run = await readRun(lake, flags.run);
  const prefix = analysisRunPrefix(run.summary.runId);

  let storedLayout: unknown;
  if (!flags.relayout) {
    const bytes = await lake.get(prefix + RENDER_FILES.layout);
    if (bytes) {
      try {
        storedLayout = JSON.parse(Buffer.from(bytes).toString("utf8"));
      } catch {
        logger.warn({ run: run.summary.runId }, `render: ${RENDER_FILES.layout} is not valid JSON; computing a new layout`);
      }
    }
  }
  const options = { ...renderOptionsFromConfig(config.render), now: () => effects.clock.now() };
  let rendered: RenderedRun;
  try {
    rendered = renderRun(run, { ...options, storedLayout });
  } catch (error) {
    // A stored layout that no longer fits the run (a channel missing) is replaced, not fatal.
    if (storedLayout === undefined || !isAtlasError(error) || !error.message.startsWith("layout:")) throw error;
    logger.warn({ run: run.summary.runId, reason: error.message }, "render: stored layout does not fit the run; computing a new one");
    rendered = renderRun(run, options);
  }
  await writeRunFiles(lake, run.summary.runId, renderedRunFiles(rendered));
  for (const t of rendered.timings) logger.info({ stage: `render/${t.stage}`, seconds: t.seconds }, `render ${t.stage} done`);
  const svgPath = lake.localPath(prefix + RENDER_FILES.svg);
  const where = svgPath ? path.dirname(svgPath) : `${lake.location}/${prefix}`;
  effects.stdout.write(
    [
      `run ${run.summary.runId}: ${run.nodes.length.toLocaleString("en")} channels, ${run.communities.length} communities`,
      `  layout         ${rendered.reusedLayout ? "reused layout.json" : `computed (${rendered.layout.iterations} iterations, seed ${rendered.layout.seed})`}`,
      `  image          ${config.render.image_px} px, ${config.render.theme} theme`,
      `  written to     ${where}`,
      ...Object.values(RENDER_FILES).map((name) => `                 ${name}`),
    ].join("\n") + "\n",
  );
  return rendered;
}
