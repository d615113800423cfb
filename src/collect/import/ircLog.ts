/**
 * `import irc-log`: raw Twitch IRC lines as loggers record them (justlog, go-twitch-irc's channel log),
 * replayed through the live parser, presence rule and windowing, with time taken from tmi-sent-ts.
 * The file is streamed (gzip detected by its magic bytes), so memory follows the open windows, not the file.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { type Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { InputError, loadBotLists, type PresenceWindow } from "../../core/index.js";
import { type LakeStore } from "../../lake/index.js";
import { toChatEvent } from "../../platforms/twitch/index.js";
import { ChatRecorder, type ChatRecorderCounts, type EdgeBotFilter } from "../live/ChatRecorder.js";
import { PRESENCE_BUFFER_DEFAULTS, PresenceBuffer } from "../live/PresenceBuffer.js";
import { writeRawWindow } from "../rawWriter.js";

export interface IrcLogImportOptions {
  windowMinutes: number;
  bucketLenS: number;
  /** Out-of-order allowance: lines up to this far behind the newest one still land in their window. */
  latenessMs: number;
  botFilter: EdgeBotFilter;
}

export const IRC_LOG_IMPORT_DEFAULTS: IrcLogImportOptions = { ...PRESENCE_BUFFER_DEFAULTS, botFilter: "off" };

export interface IrcLogImportReport {
  lines: number;
  /** Lines that are not IRC (skipped). */
  malformedLines: number;
  /** PRIVMSG lines. */
  messages: number;
  userNotices: number;
  /** Distinct user ids present in the written windows. */
  users: number;
  channels: number;
  windows: number;
  /** Windows whose key was already in the lake (an earlier import): left untouched. */
  windowsAlreadyPresent: number;
  /** (channel, user, window) records written. */
  presenceRecords: number;
  recorder: ChatRecorderCounts;
}

/** Imports one log into the lake's raw windows. `source` is a file path or a byte stream. */
export async function importIrcLog(lake: LakeStore, source: string | Readable, options: Partial<IrcLogImportOptions> = {}): Promise<IrcLogImportReport> {
  const o = { ...IRC_LOG_IMPORT_DEFAULTS, ...options };
  const buffer = new PresenceBuffer({ windowMinutes: o.windowMinutes, bucketLenS: o.bucketLenS, latenessMs: o.latenessMs });
  const recorder = new ChatRecorder(buffer, { botFilter: o.botFilter });
  const eventOptions = o.botFilter === "off" ? {} : { bots: loadBotLists() };
  const users = new Set<string>();
  const channels = new Set<string>();
  const report: IrcLogImportReport = {
    lines: 0,
    malformedLines: 0,
    messages: 0,
    userNotices: 0,
    users: 0,
    channels: 0,
    windows: 0,
    windowsAlreadyPresent: 0,
    presenceRecords: 0,
    recorder: recorder.counts,
  };
  const write = async (windows: PresenceWindow[]) => {
    for (const w of windows) {
      const { created } = await writeRawWindow(lake, w);
      if (!created) report.windowsAlreadyPresent++;
      report.windows++;
      report.presenceRecords += w.users.length;
      channels.add(w.channel.login);
      for (const u of w.users) users.add(u.id);
    }
  };

  const stream = typeof source === "string" ? await openMaybeGzip(source) : source;
  const windowMs = o.windowMinutes * 60_000;
  let newestMs = -Infinity;
  let nextFlushMs = Infinity;
  for await (const line of readLines(stream, typeof source === "string" ? source : "input")) {
    if (line.length === 0) continue;
    report.lines++;
    const event = toChatEvent(line, eventOptions);
    if (event === null) {
      report.malformedLines++;
      continue;
    }
    if (event.kind === "message") report.messages++;
    else if (event.kind === "usernotice") report.userNotices++;
    recorder.record(event, null);
    if (event.sentAtMs !== null && event.sentAtMs > newestMs) {
      newestMs = event.sentAtMs;
      if (nextFlushMs === Infinity) nextFlushMs = newestMs - (newestMs % windowMs) + windowMs + o.latenessMs;
      if (newestMs >= nextFlushMs) {
        await write(buffer.flush(newestMs));
        nextFlushMs = newestMs - (newestMs % windowMs) + windowMs + o.latenessMs;
      }
    }
  }
  await write(buffer.flushAll());
  report.users = users.size;
  report.channels = channels.size;
  return report;
}

async function openMaybeGzip(file: string): Promise<Readable> {
  let magic: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new InputError(`import irc-log: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const raw = createReadStream(file);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return raw;
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** Lines of a byte stream (LF or CRLF); a stream error rejects the iteration with an InputError. */
async function* readLines(stream: Readable, name: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of stream) {
      const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf("\n", start)) >= 0) {
        yield text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
  } catch (error) {
    throw new InputError(`import irc-log: ${name}: ${(error as Error).message}`, { cause: error });
  }
  rest += decoder.end();
  if (rest.length) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
