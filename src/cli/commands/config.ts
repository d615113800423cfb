/**
 * `vieweratlas config show|validate|fields`: the effective configuration with each value's source, a check of a
 * YAML file, and the reference list of every field. Secrets are shown only as set/unset.
 */
import type { Command } from "commander";
import { configFields, configValue, loadConfig, redact, secretValues } from "../../core/index.js";
import { addGlobalOptions, type GlobalFlags, resolveConfig } from "../commandContext.js";
import type { CliEffects } from "../context.js";

/** The environment-only secrets `config show` reports as set or unset, never their values. */
export const SHOWN_SECRETS = ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET", "TWITCH_OAUTH_TOKEN", "VIEWERATLAS_PSEUDONYM_KEY"] as const;

export function register(program: Command, effects: CliEffects): void {
  const config = program.command("config").description("show, check and list the configuration");

  addGlobalOptions(config.command("show").description("print the effective config and where each value comes from"))
    .option("--json", "print JSON instead of text")
    .action((opts: GlobalFlags & { json?: boolean }) => showConfig(effects, opts));

  config
    .command("validate")
    .description("check a YAML config file (exit 2 with one line per problem)")
    .argument("<file>", "YAML config file")
    .action((file: string) => validateConfigFile(effects, file));

  config
    .command("fields")
    .description("list every field: type, allowed values, default, environment variable")
    .option("--json", "print JSON")
    .option("--markdown", "print a Markdown table (for the docs)")
    .action((opts: { json?: boolean; markdown?: boolean }) => listFields(effects, opts));
}

function write(effects: CliEffects, text: string): void {
  // Config values are not secret, but a secret pasted into one must not leak through this output either.
  effects.stdout.write(redact(text, secretValues(effects.env)));
}

export function showConfig(effects: CliEffects, flags: GlobalFlags & { json?: boolean }): void {
  const { config, sources, origins } = resolveConfig(effects, flags);
  const secrets = Object.fromEntries(SHOWN_SECRETS.map((name) => [name, effects.env[name]?.trim() ? "set" : "unset"]));
  if (flags.json) {
    write(effects, JSON.stringify({ config, sources, origins, secrets }, null, 2) + "\n");
    return;
  }
  const rows = configFields().map((f) => [f.path, displayValue(configValue(config, f.path)), `(${origins[f.path] ?? sources[f.path]})`]);
  const lines = table(rows, [" = ", "   "]);
  lines.push("", "secrets (from the environment only):");
  lines.push(...table(SHOWN_SECRETS.map((name) => [`  ${name}`, secrets[name] === "set" ? "**** (set)" : "(unset)"]), [" = "]));
  write(effects, lines.join("\n") + "\n");
}

export function validateConfigFile(effects: CliEffects, file: string): void {
  // Only the file is checked: the environment of the machine running the check is not part of it.
  loadConfig({ file, env: {}, cwd: effects.cwd });
  write(effects, `${file}: valid\n`);
}

export function listFields(effects: CliEffects, opts: { json?: boolean; markdown?: boolean }): void {
  const fields = configFields();
  if (opts.json) {
    const out = fields.map((f) => ({ field: f.path, type: f.kind, allowed: f.allowed, default: f.defaultValue, env: f.envVar, description: f.description }));
    write(effects, JSON.stringify(out, null, 2) + "\n");
    return;
  }
  if (opts.markdown) {
    const lines = ["| field | allowed | default | environment variable | meaning |", "|---|---|---|---|---|"];
    for (const f of fields) {
      lines.push(`| \`${f.path}\` | ${f.allowed} | \`${displayValue(f.defaultValue)}\` | \`${f.envVar}\` | ${f.description.replace(/\|/g, "\\|")} |`);
    }
    write(effects, lines.join("\n") + "\n");
    return;
  }
  const rows = [["FIELD", "ALLOWED", "DEFAULT", "ENVIRONMENT VARIABLE"], ...fields.map((f) => [f.path, f.allowed, displayValue(f.defaultValue), f.envVar])];
  write(effects, table(rows, ["  ", "  ", "  "]).join("\n") + "\n");
}

/** A value as a person reads it: text as is (empty as ""), lists as [a, b]. */
export function displayValue(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(", ")}]`;
  return String(value);
}

/** Aligns columns (each padded to its widest cell, at most 40 wide); `gaps[i]` follows column i. */
function table(rows: string[][], gaps: string[]): string[] {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.min(40, Math.max(...rows.map((r) => (r[i] ?? "").length))));
  return rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) + gaps[i] : cell)).join(""));
}
