/**
 * The one call the CLI makes for a run: lay it out (or reuse its stored layout.json), draw atlas.svg and
 * atlas.png, and build the web bundle. Pure in, bytes out: the caller reads the run and writes the files.
 */
import type { AtlasConfig, RunResult, StageTiming } from "../core/index.js";
import type { AtlasOptions } from "./atlasPlan.js";
import { toWebBundle } from "./bundle.js";
import { computeLayout, fromLayoutJson, type Layout, type LayoutOptions, toLayoutJson } from "./layout.js";
import { renderPng } from "./png.js";
import { renderSvg } from "./svg.js";

export interface RenderRunOptions {
  layout?: Partial<LayoutOptions>;
  atlas?: Partial<AtlasOptions>;
  /** PNG width in px; the SVG's size (atlas.imagePx) when absent. */
  pngWidth?: number;
  /** A parsed layout.json stored with the run: reused instead of recomputing, so re-renders keep the map. */
  storedLayout?: unknown;
  /** Monotonic milliseconds for the timings (performance.now by default). */
  now?: () => number;
  /** Peak resident memory in MB for the timings. */
  peakRssMb?: () => number;
}

export interface RenderedRun {
  layout: Layout;
  /** layout.json, atlas.svg, atlas.png and web.json contents. */
  layoutJson: string;
  svg: string;
  png: Uint8Array;
  bundleJson: string;
  /** Whether layout.json was reused rather than computed. */
  reusedLayout: boolean;
  timings: StageTiming[];
}

export function renderRun(run: RunResult, options: RenderRunOptions = {}): RenderedRun {
  const now = options.now ?? (() => performance.now());
  const peak = options.peakRssMb ?? (() => Math.round(process.resourceUsage().maxRSS / 1024));
  const timings: StageTiming[] = [];
  const timed = <T>(stage: string, fn: () => T): T => {
    const t0 = now();
    const result = fn();
    timings.push({ stage, seconds: Math.round(now() - t0) / 1000, peakRssMb: peak() });
    return result;
  };
  const reusedLayout = options.storedLayout !== undefined;
  const layout = timed("layout", () =>
    reusedLayout ? fromLayoutJson(options.storedLayout, run) : computeLayout(run, { seed: run.summary.seed, ...options.layout }),
  );
  const svg = timed("svg", () => renderSvg(run, layout, options.atlas));
  const png = timed("png", () => renderPng(svg, { width: options.pngWidth }));
  const bundleJson = timed("bundle", () => JSON.stringify(toWebBundle(run, layout)));
  return { layout, layoutJson: JSON.stringify(toLayoutJson(layout)), svg, png, bundleJson, reusedLayout, timings };
}

/** The config's `render` section as renderRun options. */
export function renderOptionsFromConfig(render: AtlasConfig["render"]): Pick<RenderRunOptions, "layout" | "atlas"> {
  return {
    layout: { iterations: render.layout_iterations, linLog: render.lin_log, edgeWeightInfluence: render.edge_weight_influence },
    atlas: { imagePx: render.image_px, theme: render.theme, labelsPerCommunity: render.labels_per_community },
  };
}
