/**
 * The effective configuration: schema defaults < preset < YAML file < environment < command-line flags,
 * with the source of every field. All problems are collected and thrown together as one ConfigError,
 * one line each: `config: <source> <field>: <problem> (allowed: …)`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { parseConfigFile } from "./configFile.js";
import {
  checkFieldValue,
  closestName,
  type ConfigField,
  configFields,
  ENV_PREFIX,
  findField,
  NON_FIELD_ENV_VARS,
  parseFieldText,
} from "./fields.js";
import { type AtlasConfig, configSchema, PRESET_NAMES, type PresetName, PRESETS } from "./schema.js";

export const CONFIG_SOURCES = ["default", "preset", "file", "env", "flag"] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export interface LoadConfigOptions {
  /** A preset name; defaults to $VIEWERATLAS_PRESET, else "default". */
  preset?: string;
  /** Path of a YAML file; defaults to $VIEWERATLAS_CONFIG, else none. */
  file?: string;
  /** The environment to read VIEWERATLAS_* overrides from; none when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Dotted-field overrides from the command line; text values are parsed by the field's type. */
  flags?: Record<string, unknown>;
  /** Resolves a relative file path. */
  cwd?: string;
  /** Reads the file; injected by tests. */
  readText?: (path: string) => string;
}

export interface LoadedConfig {
  config: AtlasConfig;
  /** Dotted field -> which layer its value came from. */
  sources: Record<string, ConfigSource>;
  /** Dotted field -> that layer in words: "preset rigorous", "file ./a.yaml:3", "env VIEWERATLAS_…", "flag". */
  origins: Record<string, string>;
}

interface Setting {
  value: unknown;
  source: ConfigSource;
  origin: string;
}

/** Builds the effective config; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? {};
  const problems: string[] = [];
  const settings = new Map<string, Setting>();

  /** Records a valid value, or returns the problem line. */
  const set = (field: ConfigField, value: unknown, source: ConfigSource, origin: string): string | null => {
    const problem = checkFieldValue(field, value);
    if (problem) return `config: ${origin} ${field.path}: ${problem} (allowed: ${field.allowed})`;
    settings.set(field.path, { value, source, origin });
    return null;
  };
  const apply = (field: ConfigField, value: unknown, source: ConfigSource, origin: string) => {
    const problem = set(field, value, source, origin);
    if (problem) problems.push(problem);
  };

  // Preset.
  const presetName = options.preset ?? (env.VIEWERATLAS_PRESET?.trim() || "default");
  const presetOrigin = options.preset !== undefined ? "flag --preset" : "env VIEWERATLAS_PRESET";
  if (!(PRESET_NAMES as readonly string[]).includes(presetName)) {
    const guess = closestName(presetName, PRESET_NAMES);
    problems.push(`config: ${presetOrigin} ${presetName}: no such preset${guess ? `; did you mean ${guess}?` : ""} (allowed: ${PRESET_NAMES.join(", ")})`);
  } else {
    for (const [section, values] of Object.entries(PRESETS[presetName as PresetName])) {
      for (const [name, value] of Object.entries(values ?? {})) {
        const field = findField(`${section}.${name}`);
        if (!field) problems.push(`config: preset ${presetName} ${section}.${name}: no such field`);
        else apply(field, value, "preset", `preset ${presetName}`);
      }
    }
  }

  // YAML file.
  const file = options.file ?? (env.VIEWERATLAS_CONFIG?.trim() || undefined);
  if (file !== undefined) {
    const text = readConfigText(file, options);
    if (typeof text !== "string") problems.push(text.problem);
    else {
      const parsed = parseConfigFile(file, text);
      const fileProblems = [...parsed.problems];
      for (const entry of parsed.entries) {
        const problem = set(findField(entry.path)!, entry.value, "file", `file ${file}:${entry.line}`);
        if (problem) fileProblems.push({ line: entry.line, text: problem });
      }
      problems.push(...fileProblems.sort((a, b) => a.line - b.line).map((p) => p.text));
    }
  }

  // Environment: every VIEWERATLAS_* must name a field (or be one of the few non-field variables).
  const byEnvVar = new Map(configFields().map((f) => [f.envVar, f]));
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || NON_FIELD_ENV_VARS.includes(name)) continue;
    const text = env[name];
    if (text === undefined || text === "") continue;
    const field = byEnvVar.get(name);
    if (!field) {
      const guess = closestName(name, [...byEnvVar.keys(), ...NON_FIELD_ENV_VARS]);
      problems.push(`config: env ${name}: no such field${guess ? `; did you mean ${guess}?` : ""} (allowed: VIEWERATLAS_<SECTION>_<FIELD>, see \`vieweratlas config fields\`)`);
      continue;
    }
    const parsed = parseFieldText(field, text);
    if ("error" in parsed) problems.push(`config: env ${name} ${field.path}: ${parsed.error} (allowed: ${field.allowed})`);
    else apply(field, parsed.value, "env", `env ${name}`);
  }

  // Command-line flags.
  for (const [path, raw] of Object.entries(options.flags ?? {})) {
    if (raw === undefined) continue;
    const field = findField(path);
    if (!field) {
      const guess = closestName(path, configFields().map((f) => f.path));
      problems.push(`config: flag ${path}: no such field${guess ? `; did you mean ${guess}?` : ""} (allowed: section.field, see \`vieweratlas config fields\`)`);
      continue;
    }
    const parsed = typeof raw === "string" ? parseFieldText(field, raw) : { value: raw };
    if ("error" in parsed) problems.push(`config: flag ${path}: ${parsed.error} (allowed: ${field.allowed})`);
    else apply(field, parsed.value, "flag", "flag");
  }

  // Cross-field rules run on whatever was valid, so one pass reports every problem.
  const layered: Record<string, Record<string, unknown>> = {};
  for (const [path, setting] of settings) {
    const [section, name] = splitPath(path);
    (layered[section] ??= {})[name] = setting.value;
  }
  const result = configSchema.safeParse(layered);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join(".");
      const origin = settings.get(path)?.origin ?? "default";
      problems.push(`config: ${origin} ${path}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(problems.join("\n"), problems);
  }

  const sources: Record<string, ConfigSource> = {};
  const origins: Record<string, string> = {};
  for (const field of configFields()) {
    const setting = settings.get(field.path);
    sources[field.path] = setting?.source ?? "default";
    origins[field.path] = setting?.origin ?? "default";
  }
  return { config: result.data, sources, origins };
}

/** The value of a dotted field in a config. */
export function configValue(config: AtlasConfig, path: string): unknown {
  const [section, name] = splitPath(path);
  return (config as unknown as Record<string, Record<string, unknown>>)[section]?.[name];
}

function splitPath(path: string): [string, string] {
  const dot = path.indexOf(".");
  return [path.slice(0, dot), path.slice(dot + 1)];
}

function readConfigText(file: string, options: LoadConfigOptions): string | { problem: string } {
  try {
    return (options.readText ?? ((p: string) => readFileSync(p, "utf8")))(resolve(options.cwd ?? process.cwd(), file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : (error as Error).message;
    return { problem: `config: file ${file}: cannot read: ${reason} (allowed: a readable YAML file)` };
  }
}
