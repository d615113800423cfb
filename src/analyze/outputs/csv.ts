/**
 * RFC 4180 CSV, both ways: the run writers quote what needs quoting, and one small parser reads run files and
 * imported graphs back (quoted fields may hold commas, quotes and line breaks; LF, CRLF or CRCRLF).
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** A field as CSV: quoted when it holds a comma, a quote, a line break or leading/trailing space. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return formatNumber(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: (string | number | null)[]): string {
  let line = csvField(values[0]);
  for (let i = 1; i < values.length; i++) line += "," + csvField(values[i]);
  return line + "\n";
}

/** Numbers as JavaScript prints them (writers round what they want rounded); NaN and infinities are empty. */
function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : "";
}

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/** Parses CSV text into records; blank lines are skipped. An unterminated quote ends at the end of the text. */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === "\n") line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field === "") {
        quoted = true;
        i++;
      } else if (c === ",") {
        fields.push(field);
        field = "";
        i++;
      } else if (c === "\n" || c === "\r") {
        // One line break: LF, CRLF, or the CR CR LF some Windows exports write.
        while (text[i] === "\r") i++;
        if (text[i] === "\n") i++;
        line++;
        endOfRecord = true;
      } else {
        field += c;
        i++;
      }
    }
    fields.push(field);
    if (fields.length === 1 && fields[0] === "") continue;
    yield { line: start, fields };
  }
}
