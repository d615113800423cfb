/**
 * The generic IRC line parser: `[@tags ][:prefix ]COMMAND[ params][ :trailing]`, with IRCv3 tag unescaping.
 * Used for control lines and tests; the chat hot path scans lines itself (chatEvent.ts) and unescapes
 * only the tags it reads.
 */

export interface IrcPrefix {
  /** The part before `!` (or before `@` when there is no `!`); empty for a server prefix. */
  nick: string;
  user: string;
  host: string;
}

export interface IrcLine {
  /** Tag values unescaped; a tag without a value maps to "" (IRCv3: no value equals the empty value). */
  tags: Map<string, string>;
  prefix: IrcPrefix | null;
  command: string;
  params: string[];
}

/** Parses one line (without CR/LF); null when the line has no command. */
export function parseIrcLine(line: string): IrcLine | null {
  let pos = 0;
  const tags = new Map<string, string>();
  if (line.charCodeAt(0) === 64 /* @ */) {
    const end = line.indexOf(" ");
    if (end < 0) return null;
    parseTags(line, 1, end, tags);
    pos = end + 1;
  }
  let prefix: IrcPrefix | null = null;
  if (line.charCodeAt(pos) === 58 /* : */) {
    let end = line.indexOf(" ", pos);
    if (end < 0) end = line.length;
    prefix = parsePrefix(line.slice(pos + 1, end));
    pos = end + 1;
  }
  if (pos >= line.length) return null;
  let end = line.indexOf(" ", pos);
  if (end < 0) end = line.length;
  const command = line.slice(pos, end);
  if (command === "") return null;
  const params: string[] = [];
  pos = end;
  // Each single space starts a parameter, so doubled spaces give empty ones (as the parser tests expect).
  while (pos < line.length) {
    pos++;
    if (line.charCodeAt(pos) === 58 /* : */) {
      params.push(line.slice(pos + 1));
      break;
    }
    let next = line.indexOf(" ", pos);
    if (next < 0) next = line.length;
    params.push(line.slice(pos, next));
    pos = next;
  }
  return { tags, prefix, command, params };
}

function parseTags(line: string, start: number, end: number, into: Map<string, string>): void {
  let pos = start;
  while (pos < end) {
    let semi = line.indexOf(";", pos);
    if (semi < 0 || semi > end) semi = end;
    const eq = line.indexOf("=", pos);
    if (eq >= 0 && eq < semi) into.set(line.slice(pos, eq), unescapeTagValue(line, eq + 1, semi));
    else if (semi > pos) into.set(line.slice(pos, semi), "");
    pos = semi + 1;
  }
}

/**
 * IRCv3 tag value decoding of `text[start, end)`: `\:` → `;`, `\s` → space, `\\` → `\`, `\r` → CR,
 * `\n` → LF, a backslash before any other character → that character, a trailing lone backslash → dropped.
 */
export function unescapeTagValue(text: string, start = 0, end = text.length): string {
  const slash = text.indexOf("\\", start);
  if (slash < 0 || slash >= end) return text.slice(start, end);
  let out = text.slice(start, slash);
  let i = slash;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 92 /* \ */) {
      out += text[i];
      i++;
      continue;
    }
    if (i + 1 >= end) break;
    const n = text[i + 1];
    out += n === ":" ? ";" : n === "s" ? " " : n === "r" ? "\r" : n === "n" ? "\n" : n;
    i += 2;
  }
  return out;
}

function parsePrefix(raw: string): IrcPrefix {
  const bang = raw.indexOf("!");
  const at = raw.indexOf("@", bang < 0 ? 0 : bang);
  if (bang < 0 && at < 0) return { nick: "", user: "", host: raw };
  if (bang < 0) return { nick: raw.slice(0, at), user: "", host: raw.slice(at + 1) };
  if (at < 0) return { nick: raw.slice(0, bang), user: raw.slice(bang + 1), host: "" };
  return { nick: raw.slice(0, bang), user: raw.slice(bang + 1, at), host: raw.slice(at + 1) };
}
