// Lint: typescript-eslint's recommended rules plus the layer rule of ARCHITECTURE.md.
// Each stage may import only the stages below it, and only through their index.ts face.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Which stages each stage may import (ARCHITECTURE.md, "Layers and who may import whom"). */
const LAYERS = {
  core: [],
  lake: ["core"],
  "platforms/twitch": ["core"],
  collect: ["core", "lake", "platforms/twitch"],
  analyze: ["core", "lake"],
  render: ["core", "analyze"],
  web: ["core", "lake", "render"],
  cli: ["core", "lake", "platforms/twitch", "collect", "analyze", "render", "web"],
};
const STAGES = Object.keys(LAYERS);

function layerRule(stage) {
  const allowed = LAYERS[stage];
  const forbidden = STAGES.filter((s) => s !== stage && !allowed.includes(s));
  const patterns = [
    ...forbidden.map((s) => ({
      group: [`**/${s}`, `**/${s}/**`],
      message: `${stage} may not import ${s} (see ARCHITECTURE.md layers).`,
    })),
    ...allowed.map((s) => ({
      group: [`**/${s}/**`, `!**/${s}/index.js`],
      message: `import ${s} through its face, ${s}/index.js.`,
    })),
  ];
  return {
    files: [`src/${stage}/**/*.ts`],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "web-dist/**", "lake/**", "out/**", "test-artifacts/**", "src/web/static/vendor/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  { files: ["bin/**/*.js", "eslint.config.js"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  ...STAGES.map(layerRule),
);
