/**
 * Reads a YAML config file into (field path, value, line) entries, so every problem can name the file and line.
 * Shape problems (not a mapping, unknown section or field, YAML syntax) are returned as problem lines.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { closestName, configFields, findField } from "./fields.js";

export interface FileEntry {
  path: string;
  value: unknown;
  line: number;
}

export interface FileProblem {
  /** 0 when the problem is with the whole file. */
  line: number;
  text: string;
}

export interface ParsedConfigFile {
  entries: FileEntry[];
  problems: FileProblem[];
}

/** Parses YAML `text` from `fileName` (used only in messages). */
export function parseConfigFile(fileName: string, text: string): ParsedConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: FileProblem[] = [];
  const lineOf = (node: YamlNode | null | undefined) => {
    const offset = node?.range?.[0];
    return offset === undefined ? 0 : lineCounter.linePos(offset).line;
  };
  const where = (node: YamlNode | null | undefined) => (lineOf(node) ? `${fileName}:${lineOf(node)}` : fileName);
  const problem = (node: YamlNode | null | undefined, text: string) => problems.push({ line: lineOf(node), text });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line ?? (error.pos ? lineCounter.linePos(error.pos[0]).line : undefined);
      problems.push({ line: line ?? 0, text: `config: file ${fileName}${line ? `:${line}` : ""}: ${error.message.split("\n")[0]} (allowed: YAML mapping of sections)` });
    }
    return { entries: [], problems };
  }
  const sections = [...new Set(configFields().map((f) => f.section))];
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return { entries: [], problems };
  if (!isMap(root)) {
    problem(root as YamlNode, `config: file ${where(root as YamlNode)}: expected a mapping of sections (allowed: ${sections.join(", ")})`);
    return { entries: [], problems };
  }
  const entries: FileEntry[] = [];
  for (const sectionPair of root.items) {
    const sectionKey = sectionPair.key as YamlNode;
    const section = String(isScalar(sectionKey) ? sectionKey.value : sectionKey);
    if (!sections.includes(section as never)) {
      const guess = closestName(section, sections);
      problem(sectionKey, `config: file ${where(sectionKey)} ${section}: no such section${guess ? `; did you mean ${guess}?` : ""} (allowed: ${sections.join(", ")})`);
      continue;
    }
    const body = sectionPair.value as YamlNode | null;
    if (body === null || (isScalar(body) && body.value === null)) continue;
    if (!isMap(body)) {
      problem(body, `config: file ${where(body)} ${section}: expected a mapping of fields (allowed: ${fieldNames(section).join(", ")})`);
      continue;
    }
    for (const pair of body.items) {
      const keyNode = pair.key as YamlNode;
      const name = String(isScalar(keyNode) ? keyNode.value : keyNode);
      const path = `${section}.${name}`;
      if (!findField(path)) {
        const guess = closestName(path, configFields().map((f) => f.path));
        problem(keyNode, `config: file ${where(keyNode)} ${path}: no such field${guess ? `; did you mean ${guess}?` : ""} (allowed: ${fieldNames(section).join(", ")})`);
        continue;
      }
      const valueNode = pair.value as YamlNode | null;
      const value = valueNode === null ? null : valueNode.toJSON();
      entries.push({ path, value, line: lineCounter.linePos(keyNode.range?.[0] ?? 0).line });
    }
  }
  return { entries, problems };
}

function fieldNames(section: string): string[] {
  return configFields()
    .filter((f) => f.section === section)
    .map((f) => f.name);
}
