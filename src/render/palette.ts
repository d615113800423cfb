/**
 * Community colours: a Glasbey-style palette (Glasbey et al., "Colour displays for categorical images", 2007),
 * built once by greedy farthest-point selection in CIELAB over an sRGB grid, kept to a lightness band that reads
 * on the theme's background. Each theme gets its own band; a community keeps its colour (`id mod length`).
 */
import type { THEMES } from "../core/index.js";

/** A theme name as the config's `render.theme` gives it. */
export type ThemeName = (typeof THEMES)[number];

export interface ThemeColors {
  background: string;
  /** Text of labels, legend and caption. */
  text: string;
  mutedText: string;
  /** Halo stroked behind label text. */
  halo: string;
  /** Edges between communities and unassigned nodes. */
  neutralEdge: string;
  /** Channels in no community. */
  unassigned: string;
  /** Legend panel fill. */
  panel: string;
}

export const THEME_COLORS: Record<ThemeName, ThemeColors> = {
  dark: {
    background: "#0f1117",
    text: "#f2f2f2",
    mutedText: "#a9adb8",
    halo: "#0f1117",
    neutralEdge: "#8a8f9c",
    unassigned: "#6b6f78",
    panel: "#171a22",
  },
  light: {
    background: "#ffffff",
    text: "#15171c",
    mutedText: "#5a5f6b",
    halo: "#ffffff",
    neutralEdge: "#7d828e",
    unassigned: "#b3b6bd",
    panel: "#f4f5f7",
  },
};

/** Number of colours per theme before they repeat. */
export const PALETTE_SIZE = 64;

/** Lightness (L*) and chroma bands (no neon extremes), chosen so every colour stands out from the theme background. */
const BANDS: Record<ThemeName, { minL: number; maxL: number; minChroma: number; maxChroma: number }> = {
  dark: { minL: 55, maxL: 88, minChroma: 28, maxChroma: 80 },
  light: { minL: 32, maxL: 66, minChroma: 30, maxChroma: 85 },
};

const palettes = new Map<ThemeName, string[]>();

/** The theme's palette, most distinct colours first. */
export function communityPalette(theme: ThemeName): readonly string[] {
  let palette = palettes.get(theme);
  if (!palette) {
    palette = buildPalette(theme, PALETTE_SIZE);
    palettes.set(theme, palette);
  }
  return palette;
}

/** Colour of a community (negative ids are unassigned and grey). */
export function communityColor(communityId: number, theme: ThemeName): string {
  if (communityId < 0) return THEME_COLORS[theme].unassigned;
  const palette = communityPalette(theme);
  return palette[communityId % palette.length];
}

function buildPalette(theme: ThemeName, count: number): string[] {
  const band = BANDS[theme];
  const candidates: { hex: string; lab: Lab }[] = [];
  // NOTE: a 16-level grid per channel (4,096 colours) is plenty for 64 picks and builds in a few milliseconds.
  for (let r = 0; r < 256; r += 17) {
    for (let g = 0; g < 256; g += 17) {
      for (let b = 0; b < 256; b += 17) {
        const lab = rgbToLab([r, g, b]);
        const chroma = Math.hypot(lab[1], lab[2]);
        if (lab[0] >= band.minL && lab[0] <= band.maxL && chroma >= band.minChroma && chroma <= band.maxChroma) candidates.push({ hex: toHex([r, g, b]), lab });
      }
    }
  }
  // The background and the unassigned grey act as already chosen, so no colour lands near them.
  const minDistance = new Float64Array(candidates.length).fill(Infinity);
  const take = (lab: Lab) => {
    for (let i = 0; i < candidates.length; i++) minDistance[i] = Math.min(minDistance[i], deltaE(lab, candidates[i].lab));
  };
  take(rgbToLab(parseHex(THEME_COLORS[theme].background)));
  take(rgbToLab(parseHex(THEME_COLORS[theme].unassigned)));
  const chosen: string[] = [];
  while (chosen.length < count) {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (minDistance[i] > minDistance[best]) best = i;
    chosen.push(candidates[best].hex);
    take(candidates[best].lab);
  }
  return chosen;
}

export type Lab = [number, number, number];

/** CIE76 colour difference. */
export function deltaE(a: Lab, b: Lab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export function parseHex(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: [number, number, number]): string {
  return "#" + rgb.map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** sRGB (0..255) to CIELAB under D65. */
export function rgbToLab(rgb: [number, number, number]): Lab {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
