/**
 * Turns one raw Twitch IRC line into the project's chat event record. This is the hot path of the watcher
 * and of `import irc-log`, so it scans the line once with indexOf and reads only the tags it needs.
 * NOTE: no regex and no tag map per line; a line costs a handful of slices.
 */
import { type BotLists } from "../../../core/index.js";
import { unescapeTagValue } from "./parseIrcLine.js";

export type ChatEventKind =
  | "message"
  | "usernotice"
  | "notice"
  | "roomstate"
  | "join"
  | "part"
  | "clearchat"
  | "reconnect"
  | "ping"
  | "pong"
  | "welcome"
  | "cap"
  | "other";

export type BotKind = "service" | "viewer";

export interface ChatEvent {
  kind: ChatEventKind;
  /** `#login` of the channel the line was received in, without `#`. */
  channelLogin: string | null;
  /** room-id: the channel's user id. */
  roomId: string | null;
  /** Shared chat: the channel the message was first sent in (source-room-id). */
  sourceRoomId: string | null;
  /** Shared chat: id of the original message, the same on every mirrored copy (source-id). */
  sourceId: string | null;
  /** The author's user id (user-id tag). */
  userId: string | null;
  /** The author's login: the prefix nick of a PRIVMSG, the `login` tag of a USERNOTICE, the nick of JOIN/PART. */
  login: string | null;
  displayName: string | null;
  /** tmi-sent-ts: server time in ms since epoch. */
  sentAtMs: number | null;
  /** msg-id tag of NOTICE / USERNOTICE (msg_channel_suspended, sub, raid, …). */
  noticeId: string | null;
  /** Trailing text of NOTICE, PING and PONG (PING's argument must be echoed). */
  text: string | null;
  /** Whether the author is on a shipped bot list; null when not listed or no lists given. */
  bot: BotKind | null;
}

export interface ChatEventOptions {
  /** Lists to tag authors with; none = no tagging. */
  bots?: BotLists;
}

/** Parses a line into a chat event; null when the line is malformed (no command, unterminated tags). */
export function toChatEvent(line: string, options: ChatEventOptions = {}): ChatEvent | null {
  let len = line.length;
  if (len > 0 && line.charCodeAt(len - 1) === 13 /* \r */) len--;
  let pos = 0;
  let tagsStart = -1;
  let tagsEnd = -1;
  if (line.charCodeAt(0) === 64 /* @ */) {
    tagsEnd = line.indexOf(" ");
    if (tagsEnd < 0 || tagsEnd >= len) return null;
    tagsStart = 1;
    pos = tagsEnd + 1;
  }
  let nick: string | null = null;
  if (line.charCodeAt(pos) === 58 /* : */) {
    const end = line.indexOf(" ", pos);
    if (end < 0 || end >= len) return null;
    const bang = line.indexOf("!", pos);
    if (bang > 0 && bang < end) nick = line.slice(pos + 1, bang);
    pos = end + 1;
  }
  let cmdEnd = line.indexOf(" ", pos);
  if (cmdEnd < 0 || cmdEnd > len) cmdEnd = len;
  if (cmdEnd === pos) return null;
  const kind = commandKind(line, pos, cmdEnd);
  if (kind === "other" && !isCommandWord(line, pos, cmdEnd)) return null;
  pos = cmdEnd + 1;

  const event: ChatEvent = {
    kind,
    channelLogin: null,
    roomId: null,
    sourceRoomId: null,
    sourceId: null,
    userId: null,
    login: null,
    displayName: null,
    sentAtMs: null,
    noticeId: null,
    text: null,
    bot: null,
  };
  // First middle parameter: the channel for channel-scoped commands.
  if (pos < len && line.charCodeAt(pos) === 35 /* # */) {
    let end = line.indexOf(" ", pos);
    if (end < 0 || end > len) end = len;
    event.channelLogin = line.slice(pos + 1, end);
    pos = end + 1;
  } else if (kind === "welcome" || kind === "cap") {
    // `001 <nick> :…` and `CAP * ACK :…`: nothing else needed.
    pos = len;
  }
  if (kind === "notice" || kind === "ping" || kind === "pong") {
    const colon = line.indexOf(" :", pos - 1);
    if (colon >= 0 && colon < len) event.text = line.slice(colon + 2, len);
    else if (kind === "ping" && pos < len) event.text = line.slice(pos, len);
  }
  if (tagsStart > 0) readTags(line, tagsStart, tagsEnd, event);

  if (kind === "message") {
    if (nick === null || event.channelLogin === null) return null;
    event.login = nick;
  } else if (kind === "join" || kind === "part") {
    event.login = nick;
  }
  if (event.sentAtMs !== null && !(event.sentAtMs > 0)) event.sentAtMs = null;
  const bots = options.bots;
  if (bots && event.login !== null) {
    event.bot = bots.service.has(event.login) ? "service" : bots.viewer.has(event.login) ? "viewer" : null;
  }
  return event;
}

function commandKind(line: string, start: number, end: number): ChatEventKind {
  switch (end - start) {
    case 7:
      if (line.startsWith("PRIVMSG", start)) return "message";
      break;
    case 10:
      if (line.startsWith("USERNOTICE", start)) return "usernotice";
      break;
    case 6:
      if (line.startsWith("NOTICE", start)) return "notice";
      break;
    case 9:
      if (line.startsWith("ROOMSTATE", start)) return "roomstate";
      if (line.startsWith("CLEARCHAT", start)) return "clearchat";
      if (line.startsWith("RECONNECT", start)) return "reconnect";
      break;
    case 4:
      if (line.startsWith("JOIN", start)) return "join";
      if (line.startsWith("PART", start)) return "part";
      if (line.startsWith("PING", start)) return "ping";
      if (line.startsWith("PONG", start)) return "pong";
      break;
    case 3:
      if (line.startsWith("001", start)) return "welcome";
      if (line.startsWith("CAP", start)) return "cap";
      break;
  }
  return "other";
}

/** Twitch commands are upper-case words or three-digit numerics; anything else is not an IRC line. */
function isCommandWord(line: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** Reads the few tags the project uses from `line[start, end)`; unescapes only display-name. */
function readTags(line: string, start: number, end: number, event: ChatEvent): void {
  let pos = start;
  while (pos < end) {
    let semi = line.indexOf(";", pos);
    if (semi < 0 || semi > end) semi = end;
    const eq = line.indexOf("=", pos);
    if (eq > pos && eq < semi) {
      const v = eq + 1;
      switch (eq - pos) {
        case 7:
          if (line.startsWith("user-id", pos)) event.userId = semi > v ? line.slice(v, semi) : null;
          else if (line.startsWith("room-id", pos)) event.roomId = semi > v ? line.slice(v, semi) : null;
          break;
        case 11:
          if (line.startsWith("tmi-sent-ts", pos)) event.sentAtMs = readInt(line, v, semi);
          break;
        case 14:
          if (line.startsWith("source-room-id", pos)) event.sourceRoomId = semi > v ? line.slice(v, semi) : null;
          break;
        case 9:
          if (line.startsWith("source-id", pos)) event.sourceId = semi > v ? line.slice(v, semi) : null;
          break;
        case 12:
          if (line.startsWith("display-name", pos)) event.displayName = unescapeTagValue(line, v, semi);
          break;
        case 5:
          // USERNOTICE names its author in tags; a PRIVMSG's login comes from the prefix.
          if (line.startsWith("login", pos) && event.kind === "usernotice") event.login = semi > v ? line.slice(v, semi) : null;
          break;
        case 6:
          if (line.startsWith("msg-id", pos)) event.noticeId = line.slice(v, semi);
          break;
      }
    }
    pos = semi + 1;
  }
}

/** Decimal digits of `line[start, end)` as a number; NaN when anything else is there. */
function readInt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}
