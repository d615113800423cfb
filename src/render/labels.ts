/**
 * Label placement for the static map: greedy by audience (largest first), each label tried at a few spots
 * around its node and kept at the first spot that collides with no label already placed (checked through a
 * uniform grid of boxes); a label that fits nowhere is skipped. Text widths are estimated from character
 * classes, since no font metrics are available outside the renderer.
 */
import type { RunResult } from "../core/index.js";

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PlacedLabel {
  node: number;
  text: string;
  /** Anchor: centre of the text's baseline. */
  x: number;
  y: number;
  fontSize: number;
  /** The box the text occupies (with a small pad), disjoint from every other label's box. */
  box: Box;
}

export interface LabelGeometry {
  x: Float32Array;
  y: Float32Array;
  radius: Float32Array;
}

export interface LabelOptions {
  frame: { unit: number; map: Box };
  labelsPerCommunity: number;
  labelsOverall: number;
  maxSize: number;
}

// Twitch logins and display names have at most 25 characters; longer ones come from imported files.
const MAX_LABEL_CHARS = 28;

export function placeLabels(run: RunResult, geometry: LabelGeometry, options: LabelOptions): PlacedLabel[] {
  const u = options.frame.unit;
  const area = options.frame.map;
  const candidates = labelCandidates(run, options.labelsPerCommunity, options.labelsOverall);
  const grid = new BoxGrid(48 * u);
  const placed: PlacedLabel[] = [];
  for (const i of candidates) {
    const node = run.nodes[i];
    const text = truncate(drawableText(node.label, node.id));
    if (text.trim() === "") continue;
    const share = options.maxSize > 0 && node.size > 0 ? Math.sqrt(node.size / options.maxSize) : 0;
    const fontSize = round1((5.5 + 11 * share) * u);
    // A little air on each side, so neighbouring labels never read as one word.
    const width = estimateTextWidth(text, fontSize) + 0.4 * fontSize;
    const height = fontSize * 1.2;
    const cx = geometry.x[i];
    const cy = geometry.y[i];
    const r = geometry.radius[i];
    const gap = 0.25 * fontSize;
    // Spots: on the node, above, below, right, left (baseline y = box bottom - descent).
    const spots: [number, number][] = [
      [cx, cy - height / 2],
      [cx, cy - r - gap - height],
      [cx, cy + r + gap],
      [cx + r + gap + width / 2, cy - height / 2],
      [cx - r - gap - width / 2, cy - height / 2],
    ];
    for (const [sx, top] of spots) {
      const box = { x0: sx - width / 2, y0: top, x1: sx + width / 2, y1: top + height };
      if (box.x0 < area.x0 || box.x1 > area.x1 || box.y0 < area.y0 || box.y1 > area.y1) continue;
      if (grid.collides(box)) continue;
      grid.add(box);
      placed.push({ node: i, text, x: round1(sx), y: round1(top + height * 0.8), fontSize, box });
      break;
    }
  }
  return placed;
}

/** Node indices to label, largest first: each community's top `perCommunity` and the top `overall`. */
export function labelCandidates(run: RunResult, perCommunity: number, overall: number): number[] {
  const bySize = run.nodes.map((_, i) => i).sort((a, b) => run.nodes[b].size - run.nodes[a].size || a - b);
  const taken = new Uint8Array(run.nodes.length);
  const perCommunityCount = new Map<number, number>();
  const chosen: number[] = [];
  bySize.forEach((i, rank) => {
    const c = run.nodes[i].community;
    const inCommunity = perCommunityCount.get(c) ?? 0;
    const wanted = rank < overall || (c >= 0 && inCommunity < perCommunity);
    if (c >= 0) perCommunityCount.set(c, inCommunity + 1);
    if (wanted && !taken[i]) {
      taken[i] = 1;
      chosen.push(i);
    }
  });
  return chosen;
}

// Advance widths of DejaVu Sans Bold for ASCII 32..126, in hundredths of an em (measured through resvg).
// prettier-ignore
const ASCII_ADVANCE = [35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,58,100,77,76,73,83,68,68,82,84,37,37,77,64,100,84,85,73,85,77,72,68,81,77,110,77,72,73,46,37,46,84,50,50,67,72,59,72,68,44,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84];

/**
 * Advance width of `text` in bold DejaVu Sans (the face the PNG uses); other characters are estimated
 * (CJK and emoji one em, the rest 0.75 em), so boxes err on the wide side.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let hundredths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code < 127) hundredths += ASCII_ADVANCE[code - 32];
    else hundredths += isWide(code) ? 100 : 75;
  }
  return (hundredths / 100) * fontSize;
}

/**
 * `text`, or `fallback` when `text` is empty or holds CJK, Hangul or emoji: the fonts the PNG renderer can
 * count on (DejaVu, Liberation) have no such glyphs, and a login reads better than a row of boxes.
 */
export function drawableText(text: string, fallback: string): string {
  if (text.trim() === "") return fallback;
  for (const ch of text) if (isWide(ch.codePointAt(0)!)) return fallback;
  return text;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x1f300
  );
}

function truncate(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_LABEL_CHARS ? text : chars.slice(0, MAX_LABEL_CHARS - 1).join("") + "…";
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Boxes bucketed in square cells, so a collision test looks only at the cells a box covers. */
class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly cellSize: number) {}

  add(box: Box): void {
    this.forEachCell(box, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(box);
      else this.cells.set(key, [box]);
    });
  }

  collides(box: Box): boolean {
    let hit = false;
    this.forEachCell(box, (key) => {
      if (!hit) hit = (this.cells.get(key) ?? []).some((other) => boxesOverlap(box, other));
    });
    return hit;
  }

  private forEachCell(box: Box, visit: (key: number) => void): void {
    const cx0 = Math.floor(box.x0 / this.cellSize);
    const cx1 = Math.floor(box.x1 / this.cellSize);
    const cy0 = Math.floor(box.y0 / this.cellSize);
    const cy1 = Math.floor(box.y1 / this.cellSize);
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) visit(cx * 100_003 + cy);
  }
}
