/**
 * The run files render makes (layout.json, atlas.svg, atlas.png, web.json), called by `analyze` and `demo`
 * before the run is written, so latest.json only ever names a run with its map.
 */
import type { AtlasConfig, Logger, RunResult } from "../../core/index.js";
import { type RenderedRun, renderOptionsFromConfig, renderRun } from "../../render/index.js";

export const RENDER_FILES = { layout: "layout.json", svg: "atlas.svg", png: "atlas.png", bundle: "web.json" } as const;

/** A rendered run as run-folder files, by name. */
export function renderedRunFiles(rendered: RenderedRun): Record<string, Uint8Array | string> {
  return {
    [RENDER_FILES.layout]: rendered.layoutJson,
    [RENDER_FILES.svg]: rendered.svg,
    [RENDER_FILES.png]: rendered.png,
    [RENDER_FILES.bundle]: rendered.bundleJson,
  };
}

export async function renderFilesFor(run: RunResult, config: AtlasConfig, logger: Logger): Promise<Record<string, Uint8Array | string>> {
  const rendered = renderRun(run, renderOptionsFromConfig(config.render));
  for (const t of rendered.timings) logger.info({ stage: `render/${t.stage}`, seconds: t.seconds, peakRssMb: t.peakRssMb }, `render ${t.stage} done`);
  return renderedRunFiles(rendered);
}
