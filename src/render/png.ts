/**
 * SVG to PNG through resvg. resvg guarantees no system fonts, so the DejaVu/Liberation files Debian ships
 * (fonts-dejavu-core) are loaded by path when present; otherwise resvg searches the system fonts itself.
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { InputError } from "../core/index.js";

/** Font files tried, in order; the first found becomes the default family. */
export const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
];

export interface PngOptions {
  /** Output width in px (height follows the SVG's aspect ratio); the SVG's own width when absent. */
  width?: number;
  /** Font files to load instead of FONT_CANDIDATES. */
  fontFiles?: string[];
}

export function renderPng(svg: string, options: PngOptions = {}): Uint8Array {
  const fontFiles = (options.fontFiles ?? FONT_CANDIDATES).filter((file) => existsSync(file));
  const defaultFamily = fontFiles.some((f) => f.includes("DejaVu")) ? "DejaVu Sans" : fontFiles.length ? "Liberation Sans" : undefined;
  let resvg: Resvg;
  try {
    resvg = new Resvg(svg, {
      font: {
        // NOTE: scanning every system font costs ~100 ms per render; the known files are enough when present.
        loadSystemFonts: fontFiles.length === 0,
        fontFiles,
        ...(defaultFamily ? { defaultFontFamily: defaultFamily, sansSerifFamily: defaultFamily } : {}),
      },
      fitTo: options.width ? { mode: "width", value: options.width } : { mode: "original" },
      shapeRendering: 2,
      textRendering: 1,
    });
  } catch (error) {
    throw new InputError(`png: the SVG could not be parsed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return new Uint8Array(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) throw new InputError("png: not a PNG (bad signature)");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
