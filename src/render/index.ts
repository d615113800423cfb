// The face of render: layout, static map (SVG, PNG), web bundle, and renderRun, the call the CLI makes.
export { renderRun, renderOptionsFromConfig, type RenderRunOptions, type RenderedRun } from "./renderRun.js";
export {
  computeLayout,
  resolveLayoutOptions,
  resolveIterations,
  toLayoutJson,
  fromLayoutJson,
  DEFAULT_LAYOUT_OPTIONS,
  type Layout,
  type LayoutJson,
  type LayoutOptions,
  type LayoutSettings,
} from "./layout.js";
export { planAtlas, resolveAtlasOptions, DEFAULT_ATLAS_OPTIONS, type AtlasOptions, type AtlasPlan } from "./atlasPlan.js";
export { renderSvg, escapeXml } from "./svg.js";
export { renderPng, pngSize, type PngOptions } from "./png.js";
export { toWebBundle, WEB_BUNDLE_VERSION, type WebBundle, type BundleNode, type BundleEdge, type BundleCommunity } from "./bundle.js";
export { communityColor, communityPalette, THEME_COLORS, type ThemeName, type ThemeColors } from "./palette.js";
