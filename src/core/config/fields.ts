/**
 * The list of every config field, read from the zod schema itself, so the loader, the environment
 * convention, `config fields` and the docs never drift from the schema.
 */
import { z } from "zod";
import { type ConfigSection, configSchema } from "./schema.js";

export type FieldKind = "integer" | "number" | "string" | "boolean" | "enum" | "list";

export interface ConfigField {
  /** Dotted name, as in YAML: "analysis.overlap_threshold". */
  path: string;
  section: ConfigSection;
  name: string;
  kind: FieldKind;
  /** The enum's values, for kind "enum". */
  choices: readonly string[];
  /** What a valid value looks like, for messages and docs: "integer 1..500", "one of leiden, louvain". */
  allowed: string;
  defaultValue: unknown;
  /** VIEWERATLAS_<SECTION>_<FIELD>. */
  envVar: string;
  description: string;
  /** The field's own schema (without its default), to check a single value. */
  schema: z.ZodTypeAny;
}

/** Environment variables that start with VIEWERATLAS_ but name no field. */
export const NON_FIELD_ENV_VARS: readonly string[] = ["VIEWERATLAS_PSEUDONYM_KEY", "VIEWERATLAS_CONFIG", "VIEWERATLAS_PRESET"];

export const ENV_PREFIX = "VIEWERATLAS_";

export function envVarName(section: string, name: string): string {
  return `${ENV_PREFIX}${section}_${name}`.toUpperCase();
}

function unwrap(schema: z.ZodTypeAny): { inner: z.ZodTypeAny; defaultValue: unknown; description: string } {
  let inner = schema;
  let defaultValue: unknown = undefined;
  let description = schema.description ?? "";
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      defaultValue = inner._def.defaultValue();
      inner = inner._def.innerType;
    } else if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      inner = inner.unwrap();
    } else if (inner instanceof z.ZodEffects) {
      inner = inner.innerType();
    } else break;
    description ||= inner.description ?? "";
  }
  return { inner, defaultValue, description };
}

function numberRange(schema: z.ZodNumber): string {
  const kind = schema.isInt ? "integer" : "number";
  let low: { value: number; inclusive: boolean } | null = null;
  let high: { value: number; inclusive: boolean } | null = null;
  for (const check of schema._def.checks) {
    if (check.kind === "min") low = { value: check.value, inclusive: check.inclusive };
    if (check.kind === "max") high = { value: check.value, inclusive: check.inclusive };
  }
  // An integer above 0 is an integer from 1: say it the simple way.
  if (schema.isInt && low && !low.inclusive) low = { value: Math.floor(low.value) + 1, inclusive: true };
  if (schema.isInt && high && !high.inclusive) high = { value: Math.ceil(high.value) - 1, inclusive: true };
  if (low && high && low.inclusive && high.inclusive) return `${kind} ${low.value}..${high.value}`;
  const parts: string[] = [];
  if (low) parts.push(`${low.inclusive ? ">=" : ">"} ${low.value}`);
  if (high) parts.push(`${high.inclusive ? "<=" : "<"} ${high.value}`);
  return parts.length ? `${kind} ${parts.join(" and ")}` : kind;
}

function describeField(inner: z.ZodTypeAny): { kind: FieldKind; choices: readonly string[]; allowed: string } {
  if (inner instanceof z.ZodNumber) return { kind: inner.isInt ? "integer" : "number", choices: [], allowed: numberRange(inner) };
  if (inner instanceof z.ZodBoolean) return { kind: "boolean", choices: [], allowed: "true, false" };
  if (inner instanceof z.ZodEnum) {
    const choices = inner.options as string[];
    return { kind: "enum", choices, allowed: choices.join(", ") };
  }
  if (inner instanceof z.ZodArray) return { kind: "list", choices: [], allowed: "list of text; comma-separated in env and flags" };
  if (inner instanceof z.ZodString) {
    const min = inner.minLength;
    return { kind: "string", choices: [], allowed: min && min > 0 ? "non-empty text" : "text" };
  }
  throw new Error(`config: unsupported schema type ${inner.constructor.name}`);
}

let cached: ConfigField[] | null = null;

/** Every field of the schema, in schema order. */
export function configFields(): readonly ConfigField[] {
  if (cached) return cached;
  const root = unwrap(configSchema).inner as z.AnyZodObject;
  const fields: ConfigField[] = [];
  for (const [section, sectionSchema] of Object.entries(root.shape)) {
    const sectionObject = unwrap(sectionSchema as z.ZodTypeAny).inner as z.AnyZodObject;
    for (const [name, fieldSchema] of Object.entries(sectionObject.shape)) {
      const { inner, defaultValue, description } = unwrap(fieldSchema as z.ZodTypeAny);
      fields.push({
        path: `${section}.${name}`,
        section: section as ConfigSection,
        name,
        ...describeField(inner),
        defaultValue,
        envVar: envVarName(section, name),
        description,
        schema: inner,
      });
    }
  }
  cached = fields;
  return fields;
}

export function findField(path: string): ConfigField | undefined {
  return configFields().find((f) => f.path === path);
}

/**
 * Turns text (an environment value or a `--set` value) into the field's type: numbers, booleans
 * (true/false/1/0), enums as is, lists as comma-separated items. Returns an error text when it cannot.
 */
export function parseFieldText(field: ConfigField, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  switch (field.kind) {
    case "integer":
    case "number": {
      const n = trimmed === "" ? Number.NaN : Number(trimmed);
      return Number.isFinite(n) ? { value: n } : { error: `expected ${field.kind === "integer" ? "an integer" : "a number"}, got ${quote(text)}` };
    }
    case "boolean": {
      const lower = trimmed.toLowerCase();
      if (lower === "true" || lower === "1") return { value: true };
      if (lower === "false" || lower === "0") return { value: false };
      return { error: `expected true/false/1/0, got ${quote(text)}` };
    }
    case "list":
      return { value: trimmed === "" ? [] : trimmed.split(",").map((s) => s.trim()).filter((s) => s !== "") };
    default:
      return { value: field.kind === "enum" ? trimmed : text };
  }
}

/** Checks one value against its field; returns a problem text (without the allowed values) or null. */
export function checkFieldValue(field: ConfigField, value: unknown): string | null {
  const result = field.schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (value === null || value === undefined) return `expected ${expectedText(field)}, got no value`;
  if (issue.path.length > 0) {
    const item = (value as unknown[])[issue.path[0] as number];
    return `item ${issue.path.join(".")}: expected text, got ${typeName(item)} ${quote(item)}`;
  }
  if (issue.code === "invalid_type") return `expected ${expectedText(field)}, got ${typeName(value)} ${quote(value)}`;
  if (issue.code === "invalid_enum_value") return `${quote(value)} is not one of the choices`;
  if (issue.code === "too_small" && field.kind === "string") return "must not be empty";
  if (issue.code === "too_small" || issue.code === "too_big") return `${quote(value)} is out of range`;
  if (issue.code === "invalid_string" || issue.code === "custom") return issue.message;
  return `${quote(value)} is invalid`;
}

function expectedText(field: ConfigField): string {
  switch (field.kind) {
    case "integer":
      return "an integer";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "list":
      return "a list";
    default:
      return "text";
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/** A short printable form of a value for messages. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The closest of `candidates` to `name`, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const [a, b] = [name.toLowerCase(), candidate.toLowerCase()];
    // A cut-short name ("analysis.algo") is as likely a typo as a misspelt one.
    const d = a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
