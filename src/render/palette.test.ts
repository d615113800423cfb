import { describe, expect, it } from "vitest";
import { communityColor, communityPalette, deltaE, parseHex, rgbToLab, THEME_COLORS } from "./palette.js";

const lab = (hex: string) => rgbToLab(parseHex(hex));

describe("communityPalette", () => {
  for (const theme of ["dark", "light"] as const) {
    it(`keeps the first 30 ${theme} colours at least 20 CIELAB units apart, and away from the background`, () => {
      const palette = communityPalette(theme);
      expect(palette.length).toBeGreaterThanOrEqual(40);
      expect(new Set(palette).size).toBe(palette.length);
      let min = Infinity;
      for (let i = 0; i < 30; i++) for (let j = 0; j < i; j++) min = Math.min(min, deltaE(lab(palette[i]), lab(palette[j])));
      expect(min).toBeGreaterThanOrEqual(20);
      for (const color of palette) expect(deltaE(lab(color), lab(THEME_COLORS[theme].background))).toBeGreaterThan(30);
    });
  }

  it("gives a community the same colour every time and grey when unassigned", () => {
    expect(communityColor(3, "dark")).toBe(communityPalette("dark")[3]);
    expect(communityColor(3 + communityPalette("dark").length, "dark")).toBe(communityColor(3, "dark"));
    expect(communityColor(-1, "light")).toBe(THEME_COLORS.light.unassigned);
    expect(communityColor(0, "dark")).not.toBe(communityColor(0, "light"));
  });
});
