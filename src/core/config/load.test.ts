import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { checkFieldValue, type ConfigField, configFields, findField } from "./fields.js";
import { configValue, loadConfig, type LoadConfigOptions } from "./load.js";

const dir = mkdtempSync(path.join(tmpdir(), "atlas-config-"));
afterAll(async () => (await import("node:fs/promises")).rm(dir, { recursive: true, force: true }));

function yamlFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(options: LoadConfigOptions): string[] {
  try {
    loadConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.message).toBe(configError.problems.join("\n"));
    return configError.problems;
  }
  throw new Error("expected a ConfigError");
}

/** A valid value different from the default, as environment text, and what it parses to. */
function sampleFor(field: ConfigField): { text: string; value: unknown } {
  switch (field.kind) {
    case "boolean":
      return { text: field.defaultValue ? "0" : "1", value: !field.defaultValue };
    case "enum": {
      const choice = field.choices.find((c) => c !== field.defaultValue)!;
      return { text: choice, value: choice };
    }
    case "list":
      return { text: "alpha, beta,,gamma ", value: ["alpha", "beta", "gamma"] };
    case "string":
      return { text: `${field.name}-from-env`, value: `${field.name}-from-env` };
    default: {
      const d = field.defaultValue as number;
      const candidates = [d + 1, d - 1, d / 2, 0.5, 1, 300, 0];
      const value = candidates.find((n) => n !== d && checkFieldValue(field, n) === null)!;
      return { text: String(value), value };
    }
  }
}

describe("loadConfig", () => {
  it("uses the schema defaults, each marked as default, when nothing is given", () => {
    const { config, sources } = loadConfig();
    expect(config.analysis.overlap_threshold).toBe(1);
    expect(config.storage.lake).toBe("./lake");
    expect(new Set(Object.values(sources))).toEqual(new Set(["default"]));
    expect(Object.keys(sources)).toHaveLength(configFields().length);
  });

  it("layers preset < file < env < flag and names the source of every field", () => {
    const file = yamlFile("layers.yaml", "analysis:\n  overlap_threshold: 200\n  resolution: 1.5\nrender:\n  theme: light\n");
    const presetOnly = loadConfig({ preset: "rigorous" });
    expect(presetOnly.config.analysis.overlap_threshold).toBe(300);
    expect(presetOnly.sources["analysis.overlap_threshold"]).toBe("preset");
    expect(presetOnly.origins["analysis.overlap_threshold"]).toBe("preset rigorous");

    const withFile = loadConfig({ preset: "rigorous", file });
    expect(withFile.config.analysis.overlap_threshold).toBe(200);
    expect(withFile.sources["analysis.overlap_threshold"]).toBe("file");
    expect(withFile.origins["analysis.overlap_threshold"]).toBe(`file ${file}:2`);
    expect(withFile.sources["analysis.min_community_size"]).toBe("preset");

    const env = { VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD: "100", VIEWERATLAS_ANALYSIS_RESOLUTION: "3" };
    const withEnv = loadConfig({ preset: "rigorous", file, env });
    expect(withEnv.config.analysis.overlap_threshold).toBe(100);
    expect(withEnv.sources["analysis.overlap_threshold"]).toBe("env");
    expect(withEnv.config.render.theme).toBe("light");

    const withFlag = loadConfig({ preset: "rigorous", file, env, flags: { "analysis.overlap_threshold": "50", "storage.lake": "/data/lake" } });
    expect(withFlag.config.analysis.overlap_threshold).toBe(50);
    expect(withFlag.sources).toMatchObject({
      "analysis.overlap_threshold": "flag",
      "storage.lake": "flag",
      "analysis.resolution": "env",
      "render.theme": "file",
      "analysis.min_channel_viewers": "preset",
      "analysis.days": "default",
    });
    expect(withFlag.config.storage.lake).toBe("/data/lake");
  });

  it("takes the preset and file from VIEWERATLAS_PRESET and VIEWERATLAS_CONFIG when no flag names them", () => {
    const file = yamlFile("from-env.yaml", "serve:\n  port: 9000\n");
    const { config, sources } = loadConfig({ env: { VIEWERATLAS_PRESET: "explorer", VIEWERATLAS_CONFIG: file } });
    expect(config.analysis.resolution).toBe(2);
    expect(config.serve.port).toBe(9000);
    expect(sources["serve.port"]).toBe("file");
  });

  it("lets the environment set every field of the schema, parsed by its type", () => {
    for (const field of configFields()) {
      const sample = sampleFor(field);
      const env: NodeJS.ProcessEnv = { [field.envVar]: sample.text };
      // The two bucket lengths must agree, so they are set together.
      if (field.name === "bucket_len_s") env[field.section === "vod" ? "VIEWERATLAS_COLLECTION_BUCKET_LEN_S" : "VIEWERATLAS_VOD_BUCKET_LEN_S"] = sample.text;
      const { config, sources } = loadConfig({ env });
      expect(configValue(config, field.path), field.envVar).toEqual(sample.value);
      expect(configValue(config, field.path), field.envVar).not.toEqual(field.defaultValue);
      expect(sources[field.path], field.envVar).toBe("env");
    }
  });

  it("reads booleans as true/false/1/0 in any case and ignores empty variables", () => {
    expect(loadConfig({ env: { VIEWERATLAS_VOD_ENABLED: "TRUE" } }).config.vod.enabled).toBe(true);
    expect(loadConfig({ env: { VIEWERATLAS_PRIVACY_PSEUDONYMIZE: "0" } }).config.privacy.pseudonymize).toBe(false);
    const empty = loadConfig({ env: { VIEWERATLAS_ANALYSIS_DAYS: "" } });
    expect(empty.config.analysis.days).toBe(30);
    expect(empty.sources["analysis.days"]).toBe("default");
  });

  it("allows the non-field variables such as VIEWERATLAS_PSEUDONYM_KEY", () => {
    expect(() => loadConfig({ env: { VIEWERATLAS_PSEUDONYM_KEY: "k".repeat(32), PATH: "/bin" } })).not.toThrow();
  });
});

describe("loadConfig problems, one line each", () => {
  it("names an unknown environment field and suggests the closest one", () => {
    expect(problemsOf({ env: { VIEWERATLAS_ANALYSIS_OVERLAP_TRESHOLD: "50" } })).toEqual([
      "config: env VIEWERATLAS_ANALYSIS_OVERLAP_TRESHOLD: no such field; did you mean VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD? (allowed: VIEWERATLAS_<SECTION>_<FIELD>, see `vieweratlas config fields`)",
    ]);
  });

  it("names a wrong type with the file, line, field and allowed values", () => {
    const file = yamlFile("wrong-type.yaml", "# a comment\nanalysis:\n  overlap_threshold: lots\n");
    expect(problemsOf({ file })).toEqual([
      `config: file ${file}:3 analysis.overlap_threshold: expected a number, got a string "lots" (allowed: number >= 0)`,
    ]);
  });

  it("names a wrong type from the environment and from a flag", () => {
    expect(problemsOf({ env: { VIEWERATLAS_RENDER_IMAGE_PX: "big" }, flags: { "vod.enabled": "maybe" } })).toEqual([
      'config: env VIEWERATLAS_RENDER_IMAGE_PX render.image_px: expected an integer, got "big" (allowed: integer 256..20000)',
      'config: flag vod.enabled: expected true/false/1/0, got "maybe" (allowed: true, false)',
    ]);
  });

  it("names an unknown key and section in a file, with suggestions", () => {
    const file = yamlFile("unknown-key.yaml", "analysis:\n  resolutoin: 2\nrendr:\n  theme: light\n");
    const problems = problemsOf({ file });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^config: file ${escape(file)}:2 analysis\\.resolutoin: no such field; did you mean analysis\\.resolution\\? \\(allowed: days, overlap_threshold,`));
    expect(problems[1]).toMatch(new RegExp(`^config: file ${escape(file)}:3 rendr: no such section; did you mean render\\? \\(allowed: collection, analysis,`));
  });

  it("refuses an s3:// lake without a bucket", () => {
    expect(problemsOf({ flags: { "storage.lake": "s3://" } })).toEqual([
      "config: flag storage.lake: an s3:// location needs a bucket (allowed: s3://bucket/prefix or a local folder)",
    ]);
  });

  it("refuses a count-sized threshold with a share weighting, and accepts a share", () => {
    expect(problemsOf({ flags: { "analysis.weighting": "jaccard" } })).toEqual([
      "config: default analysis.overlap_threshold: with weighting jaccard the weight is a share between 0 and 1, so 1 keeps only identical audiences; set a share such as 0.01 (allowed: 0 <= threshold < 1)",
    ]);
    const { config } = loadConfig({ flags: { "analysis.weighting": "cosine", "analysis.overlap_threshold": 0.05 } });
    expect(config.analysis.overlap_threshold).toBe(0.05);
  });

  it("refuses a VOD bucket length different from the live one", () => {
    const file = yamlFile("buckets.yaml", "vod:\n  bucket_len_s: 30\n");
    expect(problemsOf({ file })).toEqual([
      `config: file ${file}:2 vod.bucket_len_s: must equal collection.bucket_len_s, VOD and live presence share one bucket length (allowed: 60)`,
    ]);
  });

  it("lists an enum's allowed values and an out-of-range number", () => {
    expect(problemsOf({ flags: { "analysis.algorithm": "kmeans", "collection.shard_size": 900 } })).toEqual([
      'config: flag analysis.algorithm: "kmeans" is not one of the choices (allowed: leiden, louvain, label-propagation)',
      "config: flag collection.shard_size: 900 is out of range (allowed: integer 1..500)",
    ]);
  });

  it("names an unknown preset", () => {
    expect(problemsOf({ preset: "rigourous" })).toEqual([
      "config: flag --preset rigourous: no such preset; did you mean rigorous? (allowed: default, rigorous, explorer, debug)",
    ]);
  });

  it("gives the line of a YAML syntax error and of a missing file", () => {
    const file = yamlFile("broken.yaml", "analysis:\n  days: 3\n   seed: [1,\n");
    const [problem] = problemsOf({ file });
    expect(problem).toMatch(new RegExp(`^config: file ${escape(file)}:\\d+: `));
    expect(problemsOf({ file: path.join(dir, "absent.yaml") })).toEqual([
      `config: file ${path.join(dir, "absent.yaml")}: cannot read: no such file (allowed: a readable YAML file)`,
    ]);
  });

  it("collects the problems of every layer into one error", () => {
    const file = yamlFile("many.yaml", "analysis:\n  days: -1\n  algorithm: kmeans\nvod:\n  bucket_len_s: 30\n");
    const problems = problemsOf({ file, env: { VIEWERATLAS_SERVE_PORT: "http" }, flags: { "analysis.nope": 1 } });
    expect(problems).toHaveLength(5);
    expect(problems.filter((p) => p.includes("analysis.days"))).toHaveLength(1);
    expect(problems.filter((p) => p.includes("analysis.algorithm"))).toHaveLength(1);
    expect(problems.filter((p) => p.includes("serve.port"))).toHaveLength(1);
    expect(problems.filter((p) => p.includes("analysis.nope"))).toHaveLength(1);
    expect(problems.filter((p) => p.includes("vod.bucket_len_s"))).toHaveLength(1);
  });

  it("accepts an empty file and an all-comment file", () => {
    expect(loadConfig({ file: yamlFile("empty.yaml", "") }).config.analysis.days).toBe(30);
    expect(loadConfig({ file: yamlFile("comments.yaml", "# nothing yet\n") }).config.analysis.days).toBe(30);
  });

  it("has a field entry for every path it reports", () => {
    expect(findField("analysis.overlap_threshold")?.envVar).toBe("VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD");
    expect(findField("collection.collection_interval_minutes")?.envVar).toBe("VIEWERATLAS_COLLECTION_COLLECTION_INTERVAL_MINUTES");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
