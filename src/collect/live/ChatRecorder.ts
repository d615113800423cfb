/**
 * The presence rule, applied the same way live and on import: a user is present in a channel in a window
 * when they sent a PRIVMSG or caused a USERNOTICE (sub, resub, gift, raid…) there. Identity is the user id;
 * the login is kept. Shared-chat copies count in their source channel only, once; listed bots can be
 * dropped at the edge.
 */
import { type ChatEvent } from "../../platforms/twitch/index.js";
import { type PresenceBuffer } from "./PresenceBuffer.js";

/** Which listed bots are left out of raw windows: none, service bots, or every listed bot. */
export type EdgeBotFilter = "off" | "service" | "lists";
export const EDGE_BOT_FILTERS: readonly EdgeBotFilter[] = ["off", "service", "lists"];

/** The pseudo account Twitch names as the author of anonymous gifts; not a person, never present. */
const ANONYMOUS_GIFTER = "ananonymousgifter";

export interface ChatRecorderOptions {
  botFilter: EdgeBotFilter;
  /** Whether a channel is watched (its own copy of a shared-chat message will arrive in it). */
  isWatched: (login: string) => boolean;
}

export interface ChatRecorderCounts {
  /** PRIVMSG and USERNOTICE events seen. */
  presenceEvents: number;
  /** Events recorded into the buffer. */
  recorded: number;
  botsDropped: number;
  anonymousDropped: number;
  /** Presence events without a usable user id, login, channel or time. */
  incomplete: number;
  /** Shared-chat copies left to the watched source channel. */
  sharedChatCopies: number;
  /** Shared-chat copies counted in their (unwatched) source channel. */
  sharedChatMoved: number;
  /** Further copies of a message already counted. */
  sharedChatDuplicates: number;
  /** Copies whose source channel is unknown: dropped, never counted in the mirror channel. */
  sharedChatUnattributed: number;
  /** Events for windows already written. */
  late: number;
}

export const CHAT_RECORDER_DEFAULTS: Omit<ChatRecorderOptions, "isWatched"> = { botFilter: "off" };

/** Source ids remembered for deduplication, in two generations so memory stays bounded. */
const SOURCE_ID_GENERATION = 50_000;

export class ChatRecorder {
  readonly counts: ChatRecorderCounts = {
    presenceEvents: 0,
    recorded: 0,
    botsDropped: 0,
    anonymousDropped: 0,
    incomplete: 0,
    sharedChatCopies: 0,
    sharedChatMoved: 0,
    sharedChatDuplicates: 0,
    sharedChatUnattributed: 0,
    late: 0,
  };
  private readonly options: ChatRecorderOptions;
  private readonly loginByRoomId = new Map<string, string>();
  private seenSourceIds = new Set<string>();
  private olderSourceIds = new Set<string>();

  constructor(
    readonly buffer: PresenceBuffer,
    options: Partial<ChatRecorderOptions> = {},
  ) {
    this.options = { ...CHAT_RECORDER_DEFAULTS, isWatched: () => true, ...options };
  }

  /** Teaches the recorder a channel's id (from discovery or ROOMSTATE), for shared-chat attribution. */
  noteRoom(login: string, roomId: string): void {
    if (this.loginByRoomId.get(roomId) !== login) this.loginByRoomId.set(roomId, login);
  }

  loginOfRoom(roomId: string): string | null {
    return this.loginByRoomId.get(roomId) ?? null;
  }

  /** Applies one chat event; `nowMs` places events without tmi-sent-ts (null: such events are skipped). */
  record(e: ChatEvent, nowMs: number | null): void {
    if (e.kind !== "message" && e.kind !== "usernotice") {
      if (e.kind === "roomstate" && e.channelLogin !== null && e.roomId !== null) this.noteRoom(e.channelLogin, e.roomId);
      return;
    }
    const counts = this.counts;
    counts.presenceEvents++;
    const atMs = e.sentAtMs ?? nowMs;
    if (e.userId === null || e.login === null || e.channelLogin === null || atMs === null) {
      counts.incomplete++;
      return;
    }
    if (e.bot !== null && (this.options.botFilter === "lists" || (this.options.botFilter === "service" && e.bot === "service"))) {
      counts.botsDropped++;
      return;
    }
    if (e.login === ANONYMOUS_GIFTER) {
      counts.anonymousDropped++;
      return;
    }
    let channel = e.channelLogin;
    let channelId = e.roomId;
    if (e.roomId !== null && !this.loginByRoomId.has(e.roomId)) this.loginByRoomId.set(e.roomId, channel);
    if (e.sourceRoomId !== null && e.sourceRoomId !== e.roomId) {
      const source = this.loginByRoomId.get(e.sourceRoomId);
      if (source === undefined) {
        counts.sharedChatUnattributed++;
        return;
      }
      if (this.options.isWatched(source)) {
        counts.sharedChatCopies++;
        return;
      }
      if (e.sourceId !== null && this.isDuplicateSource(e.sourceId)) {
        counts.sharedChatDuplicates++;
        return;
      }
      counts.sharedChatMoved++;
      channel = source;
      channelId = e.sourceRoomId;
    }
    if (this.buffer.record(channel, channelId, e.userId, e.login, atMs)) counts.recorded++;
    else counts.late++;
  }

  private isDuplicateSource(sourceId: string): boolean {
    if (this.seenSourceIds.has(sourceId) || this.olderSourceIds.has(sourceId)) return true;
    if (this.seenSourceIds.size >= SOURCE_ID_GENERATION) {
      this.olderSourceIds = this.seenSourceIds;
      this.seenSourceIds = new Set();
    }
    this.seenSourceIds.add(sourceId);
    return false;
  }
}
