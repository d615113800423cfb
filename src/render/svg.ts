/**
 * The static map as SVG: faint edges, nodes sized by audience and coloured by community, labels with a halo,
 * a legend of communities and a caption with the run's window, size and date. Every text that came from a
 * platform or an imported file is escaped; numbers are rounded to one decimal to keep the file small.
 */
import type { RunResult } from "../core/index.js";
import { type AtlasOptions, type AtlasPlan, planAtlas } from "./atlasPlan.js";
import type { Layout } from "./layout.js";
import { drawableText, estimateTextWidth } from "./labels.js";
import { communityColor, THEME_COLORS } from "./palette.js";

export const FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/** Edge stroke width (in image thousandths) and opacity per weight class, faintest first. */
const EDGE_CLASSES = [
  { width: 0.35, opacity: { dark: 0.1, light: 0.12 } },
  { width: 0.6, opacity: { dark: 0.16, light: 0.18 } },
  { width: 1.1, opacity: { dark: 0.26, light: 0.28 } },
] as const;

export function renderSvg(run: RunResult, layout: Layout, options: Partial<AtlasOptions> = {}): string {
  return svgFromPlan(run, planAtlas(run, layout, options));
}

export function svgFromPlan(run: RunResult, plan: AtlasPlan): string {
  const { frame, options: o } = plan;
  const colors = THEME_COLORS[o.theme];
  const s = frame.size;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(o.title)}</title>`,
    `<rect width="${s}" height="${s}" fill="${colors.background}"/>`,
  );
  writeEdges(out, run, plan);
  writeNodes(out, run, plan);
  writeLabels(out, plan, colors.text, colors.halo);
  writeLegend(out, run, plan);
  writeCaption(out, run, plan);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function writeEdges(out: string[], run: RunResult, plan: AtlasPlan): void {
  const { theme } = plan.options;
  const u = plan.frame.unit;
  // One path per (colour, class): an edge inside a community takes its colour, others the neutral grey.
  const paths = new Map<string, string[]>();
  for (let k = plan.edgeIndex.length - 1; k >= 0; k--) {
    const a = plan.edgeSource[k];
    const b = plan.edgeTarget[k];
    const ca = run.nodes[a].community;
    const color = ca >= 0 && ca === run.nodes[b].community ? communityColor(ca, theme) : THEME_COLORS[theme].neutralEdge;
    const key = `${plan.edgeClass[k]}|${color}`;
    const segment = `M${r1(plan.x[a])} ${r1(plan.y[a])}L${r1(plan.x[b])} ${r1(plan.y[b])}`;
    const list = paths.get(key);
    if (list) list.push(segment);
    else paths.set(key, [segment]);
  }
  out.push(`<g fill="none" stroke-linecap="round">`);
  for (const cls of [0, 1, 2]) {
    for (const [key, segments] of [...paths.entries()].filter(([k]) => k.startsWith(`${cls}|`)).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const color = key.slice(2);
      const { width, opacity } = EDGE_CLASSES[cls];
      out.push(`<path stroke="${color}" stroke-opacity="${opacity[theme]}" stroke-width="${r1(width * u)}" d="${segments.join("")}"/>`);
    }
  }
  out.push("</g>");
}

function writeNodes(out: string[], run: RunResult, plan: AtlasPlan): void {
  const { theme } = plan.options;
  out.push(`<g stroke="${THEME_COLORS[theme].background}" stroke-width="${r1(0.4 * plan.frame.unit)}" stroke-opacity="0.8">`);
  for (const i of plan.drawOrder) {
    out.push(`<circle cx="${r1(plan.x[i])}" cy="${r1(plan.y[i])}" r="${r1(plan.radius[i])}" fill="${communityColor(run.nodes[i].community, theme)}"/>`);
  }
  out.push("</g>");
}

function writeLabels(out: string[], plan: AtlasPlan, text: string, halo: string): void {
  out.push(`<g text-anchor="middle" fill="${text}" stroke="${halo}" stroke-linejoin="round" paint-order="stroke" font-weight="bold">`);
  for (const label of plan.labels) {
    const haloWidth = r1(Math.max(0.16 * label.fontSize, 1));
    out.push(`<text x="${label.x}" y="${label.y}" font-size="${label.fontSize}" stroke-width="${haloWidth}">${escapeXml(label.text)}</text>`);
  }
  out.push("</g>");
}

function writeLegend(out: string[], run: RunResult, plan: AtlasPlan): void {
  const { legend, unit: u } = plan.frame;
  const { theme, legendRows } = plan.options;
  const colors = THEME_COLORS[theme];
  const fontSize = 7.5 * u;
  const rowHeight = 11 * u;
  const pad = 8 * u;
  const communities = [...run.communities].sort((a, b) => b.size - a.size || a.id - b.id);
  const unassigned = run.nodes.filter((n) => n.community < 0).length;
  const maxRows = Math.max(0, Math.min(legendRows, Math.floor((legend.y1 - legend.y0 - 2 * pad - 18 * u) / rowHeight) - 2));
  const shown = communities.slice(0, maxRows);
  const rest = communities.slice(maxRows);
  const rows = shown.length + (rest.length ? 1 : 0) + (unassigned ? 1 : 0);
  const height = 2 * pad + 16 * u + rows * rowHeight;
  out.push(`<g font-size="${r1(fontSize)}">`);
  out.push(`<rect x="${r1(legend.x0)}" y="${r1(legend.y0)}" width="${r1(legend.x1 - legend.x0)}" height="${r1(height)}" rx="${r1(4 * u)}" fill="${colors.panel}" fill-opacity="0.85"/>`);
  out.push(`<text x="${r1(legend.x0 + pad)}" y="${r1(legend.y0 + pad + 9 * u)}" font-size="${r1(10 * u)}" font-weight="bold" fill="${colors.text}">Communities (${run.communities.length})</text>`);
  const countRight = legend.x1 - pad;
  const labelLeft = legend.x0 + pad + 10 * u;
  const labelRoom = countRight - labelLeft - 8 * fontSize * 0.6;
  let y = legend.y0 + pad + 16 * u;
  const row = (swatch: string, label: string, count: number) => {
    y += rowHeight;
    out.push(`<circle cx="${r1(legend.x0 + pad + 3.5 * u)}" cy="${r1(y - 2.7 * u)}" r="${r1(3.5 * u)}" fill="${swatch}"/>`);
    out.push(`<text x="${r1(labelLeft)}" y="${r1(y)}" fill="${colors.text}">${escapeXml(fitText(label, fontSize, labelRoom))}</text>`);
    out.push(`<text x="${r1(countRight)}" y="${r1(y)}" text-anchor="end" fill="${colors.mutedText}">${count.toLocaleString("en")}</text>`);
  };
  for (const c of shown) {
    const byChannels = c.topChannels.slice(0, 2).join(" / ") || `Community ${c.id}`;
    row(communityColor(c.id, theme), drawableText(c.label, byChannels), c.size);
  }
  if (rest.length) row(colors.mutedText, `${rest.length} smaller communities`, rest.reduce((sum, c) => sum + c.size, 0));
  if (unassigned) row(colors.unassigned, "No community", unassigned);
  out.push("</g>");
}

function writeCaption(out: string[], run: RunResult, plan: AtlasPlan): void {
  const { caption, map, unit: u } = plan.frame;
  const colors = THEME_COLORS[plan.options.theme];
  const { summary } = run;
  const since = summary.input.since;
  const until = summary.input.until;
  const window = since || until ? `${since ?? "…"} to ${until ?? "…"}` : "whole input";
  const facts = [
    `window ${window}`,
    `${run.nodes.length.toLocaleString("en")} channels`,
    `${run.communities.length.toLocaleString("en")} communities`,
    `${run.edges.length.toLocaleString("en")} edges (${plan.edgeIndex.length.toLocaleString("en")} drawn)`,
    `run ${summary.createdAt.slice(0, 10)}`,
  ];
  out.push(
    `<text x="${r1(map.x0)}" y="${r1(map.y0 - 6 * u)}" font-size="${r1(16 * u)}" font-weight="bold" fill="${colors.text}">${escapeXml(plan.options.title)}</text>`,
    `<text x="${r1(caption.x0)}" y="${r1(caption.y0 + 9 * u)}" font-size="${r1(9 * u)}" fill="${colors.text}">${escapeXml(summary.input.description)}</text>`,
    `<text x="${r1(caption.x0)}" y="${r1(caption.y0 + 22 * u)}" font-size="${r1(7.5 * u)}" fill="${colors.mutedText}">${escapeXml(facts.join("  ·  "))}</text>`,
  );
}

/** Cuts `text` with an ellipsis so it fits `room` px at `fontSize`. */
function fitText(text: string, fontSize: number, room: number): string {
  if (estimateTextWidth(text, fontSize) <= room) return text;
  const chars = [...text];
  while (chars.length > 1 && estimateTextWidth(chars.join("") + "…", fontSize) > room) chars.pop();
  return chars.join("") + "…";
}

// XML 1.0 forbids most control characters and lone surrogates even when escaped; they are dropped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as SVG character data or attribute value: markup characters escaped, invalid characters removed. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function r1(x: number): string {
  const v = Math.round(x * 10) / 10;
  return Object.is(v, -0) ? "0" : String(v);
}
