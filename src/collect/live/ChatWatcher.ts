/**
 * The live chat watcher: spreads the watched channels over IRC connections of `shardSize` channels,
 * follows the discovery refresh with `setChannels` (joins new channels, parts those that left), feeds every
 * chat event through the presence rule into the window buffer, and writes closed windows to the lake every
 * `flushEveryMs` (and all open ones on stop). A refused login stops everything and is reported once.
 */
import {
  type AtlasConfig,
  type ChannelMeta,
  createRng,
  InputError,
  type Logger,
  type PlatformError,
  type PresenceWindow,
  type Rng,
  type Scheduler,
  silentLogger,
  systemScheduler,
  type TimerHandle,
  loadBotLists,
} from "../../core/index.js";
import { type LakeStore } from "../../lake/index.js";
import { type ChatEvent, type IrcAuth, IrcConnection, type IrcConnectionOptions } from "../../platforms/twitch/index.js";
import { writeRawWindow } from "../rawWriter.js";
import { ChatRecorder, type ChatRecorderCounts, type EdgeBotFilter } from "./ChatRecorder.js";
import { PresenceBuffer } from "./PresenceBuffer.js";

/** Raw windows written at once when flushing (local files or S3 PUTs). */
const WRITE_CONCURRENCY = 16;

export interface ChatWatcherOptions {
  ircUrl: string;
  /** Channels per connection (collection.shard_size). */
  shardSize: number;
  joinRatePer10s: number;
  windowMinutes: number;
  bucketLenS: number;
  latenessMs: number;
  /** How often closed windows are written. */
  flushEveryMs: number;
  botFilter: EdgeBotFilter;
  /** null = anonymous (justinfan) read-only login. */
  auth: IrcAuth | null;
  /** Keepalive and backoff settings passed to each connection. */
  connection: Partial<Pick<IrcConnectionOptions, "pingIdleMs" | "pongTimeoutMs" | "loginTimeoutMs" | "backoffBaseMs" | "backoffMaxMs">>;
  scheduler: Scheduler;
  rng: Rng;
  logger: Logger;
}

export const CHAT_WATCHER_DEFAULTS: Omit<ChatWatcherOptions, "scheduler" | "rng" | "logger"> = {
  ircUrl: "irc://irc.chat.twitch.tv:6667",
  shardSize: 75,
  joinRatePer10s: 20,
  windowMinutes: 5,
  bucketLenS: 60,
  latenessMs: 30_000,
  flushEveryMs: 15_000,
  botFilter: "off",
  auth: null,
  connection: {},
};

/** The watcher settings of the config's `collection` section. */
export function watcherOptionsFromConfig(collection: AtlasConfig["collection"]): Partial<ChatWatcherOptions> {
  return {
    ircUrl: collection.irc_url,
    shardSize: collection.shard_size,
    joinRatePer10s: collection.join_rate_per_10s,
    windowMinutes: collection.collection_interval_minutes,
    bucketLenS: collection.bucket_len_s,
  };
}

/** A channel as discovery hands it over: its login and, when known, id, stream and metadata. */
export interface WatchedChannel {
  login: string;
  id?: string | null;
  contentId?: string | null;
  contentStartedAt?: string | null;
  meta?: Partial<ChannelMeta>;
}

export interface ChatWatcherHooks {
  /** Every chat event after it was recorded (tests, metrics). */
  onEvent?(event: ChatEvent): void;
  onWindowWritten?(window: PresenceWindow, created: boolean): void;
}

export interface ChatWatcherStats {
  connections: number;
  channels: number;
  joinedChannels: number;
  unavailableChannels: number;
  lines: number;
  malformedLines: number;
  reconnects: number;
  openPairs: number;
  windowsWritten: number;
  windowsAlreadyPresent: number;
  windowsPending: number;
  windowsInvalid: number;
  recorder: ChatRecorderCounts;
}

export class ChatWatcher {
  readonly options: ChatWatcherOptions;
  readonly buffer: PresenceBuffer;
  readonly recorder: ChatRecorder;
  /** Resolves when stopped; rejects once with the PlatformError of a refused login. */
  readonly finished: Promise<void>;
  private readonly connections: IrcConnection[] = [];
  private readonly connectionOf = new Map<string, IrcConnection>();
  /** Channels assigned to each connection (joins are sent per batch, after assignment). */
  private readonly load = new Map<IrcConnection, number>();
  private readonly unavailable = new Map<string, string>();
  private pending: PresenceWindow[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: TimerHandle | null = null;
  private stopped = false;
  private failure: PlatformError | null = null;
  private settle!: { resolve: () => void; reject: (e: PlatformError) => void };
  private windowsWritten = 0;
  private windowsAlreadyPresent = 0;
  private windowsInvalid = 0;

  constructor(
    private readonly lake: LakeStore,
    options: Partial<ChatWatcherOptions> = {},
    private readonly hooks: ChatWatcherHooks = {},
  ) {
    this.options = { ...CHAT_WATCHER_DEFAULTS, scheduler: systemScheduler, rng: createRng(Date.now()), logger: silentLogger(), ...options };
    this.buffer = new PresenceBuffer({ windowMinutes: this.options.windowMinutes, bucketLenS: this.options.bucketLenS, latenessMs: this.options.latenessMs });
    this.recorder = new ChatRecorder(this.buffer, { botFilter: this.options.botFilter, isWatched: (login) => this.connectionOf.has(login) });
    this.finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.finished.catch(() => undefined);
    this.armFlush();
  }

  /** The channels to watch from now on: joins the new ones, parts the ones no longer listed. */
  setChannels(channels: ReadonlyArray<string | WatchedChannel>): void {
    if (this.stopped) return;
    const wanted = new Map<string, WatchedChannel>();
    for (const c of channels) {
      const ch = typeof c === "string" ? { login: c } : c;
      wanted.set(ch.login.toLowerCase().replace(/^#/, ""), ch);
    }
    const leaving = new Map<IrcConnection, string[]>();
    for (const [login, conn] of this.connectionOf) {
      if (wanted.has(login)) continue;
      this.unassign(login);
      leaving.set(conn, [...(leaving.get(conn) ?? []), login]);
    }
    for (const [conn, logins] of leaving) conn.part(logins);
    const joining = new Map<IrcConnection, string[]>();
    for (const [login, ch] of wanted) {
      this.describe(login, ch);
      if (this.connectionOf.has(login) || this.unavailable.has(login)) continue;
      const conn = this.connectionWithRoom();
      this.connectionOf.set(login, conn);
      this.load.set(conn, (this.load.get(conn) ?? 0) + 1);
      joining.set(conn, [...(joining.get(conn) ?? []), login]);
    }
    for (const [conn, logins] of joining) conn.join(logins);
  }

  /** Writes every window closed by `upToMs` (default: now); windows that fail to write are retried next time. */
  flush(upToMs = this.options.scheduler.now()): Promise<void> {
    this.pending.push(...this.buffer.flush(upToMs));
    return this.writePending();
  }

  /** Leaves every channel, writes every open window, and resolves `finished`. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.flushTimer?.cancel();
    await Promise.all(this.connections.map((c) => c.stop()));
    this.pending.push(...this.buffer.flushAll());
    await this.writePending();
    if (this.failure) this.settle.reject(this.failure);
    else this.settle.resolve();
  }

  get stats(): ChatWatcherStats {
    let lines = 0;
    let malformed = 0;
    let reconnects = 0;
    let joined = 0;
    for (const c of this.connections) {
      lines += c.counts.lines;
      malformed += c.counts.malformedLines;
      reconnects += c.counts.reconnects;
      joined += c.joinedChannels.size;
    }
    return {
      connections: this.connections.length,
      channels: this.connectionOf.size,
      joinedChannels: joined,
      unavailableChannels: this.unavailable.size,
      lines,
      malformedLines: malformed,
      reconnects,
      openPairs: this.buffer.openPairs,
      windowsWritten: this.windowsWritten,
      windowsAlreadyPresent: this.windowsAlreadyPresent,
      windowsPending: this.pending.length,
      windowsInvalid: this.windowsInvalid,
      recorder: this.recorder.counts,
    };
  }

  /** Channels Twitch refused, with the NOTICE msg-id. */
  get unavailableChannels(): ReadonlyMap<string, string> {
    return this.unavailable;
  }

  private describe(login: string, ch: WatchedChannel): void {
    if (ch.id) this.recorder.noteRoom(login, ch.id);
    if (ch.id !== undefined || ch.meta || ch.contentId !== undefined || ch.contentStartedAt !== undefined) {
      this.buffer.describeChannel(login, { id: ch.id, contentId: ch.contentId, contentStartedAt: ch.contentStartedAt, meta: ch.meta });
    }
  }

  private connectionWithRoom(): IrcConnection {
    for (const c of this.connections) if ((this.load.get(c) ?? 0) < this.options.shardSize) return c;
    const o = this.options;
    const conn = new IrcConnection(
      {
        ...o.connection,
        url: o.ircUrl,
        auth: o.auth,
        joinRatePer10s: o.joinRatePer10s,
        scheduler: o.scheduler,
        rng: o.rng,
        logger: o.logger,
        bots: o.botFilter === "off" ? undefined : loadBotLists(),
      },
      {
        onEvent: (event) => this.onEvent(event),
        onChannelUnavailable: (login, reason) => {
          this.unavailable.set(login, reason);
          this.unassign(login);
        },
        onFatal: (error) => this.onFatal(error),
      },
    );
    this.connections.push(conn);
    conn.start();
    return conn;
  }

  private unassign(login: string): void {
    const conn = this.connectionOf.get(login);
    if (!conn) return;
    this.connectionOf.delete(login);
    this.load.set(conn, (this.load.get(conn) ?? 1) - 1);
  }

  private onEvent(event: ChatEvent): void {
    this.recorder.record(event, this.options.scheduler.now());
    this.hooks.onEvent?.(event);
  }

  private onFatal(error: PlatformError): void {
    if (this.failure) return;
    this.failure = error;
    this.options.logger.error({ err: error.message }, "irc: login refused, watcher stopping");
    void this.stop();
  }

  private armFlush(): void {
    this.flushTimer = this.options.scheduler.schedule(this.options.flushEveryMs, () => {
      if (this.stopped) return;
      void this.flush();
      this.armFlush();
    });
  }

  private writePending(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      // NOTE: windows are written several at a time: at shutdown every channel has an open window, and on S3
      // one PUT after another would blow the 30 s a container gets between SIGTERM and SIGKILL.
      while (this.pending.length) {
        const batch = this.pending.splice(0, WRITE_CONCURRENCY);
        const results = await Promise.allSettled(batch.map((w) => writeRawWindow(this.lake, w)));
        const retry: PresenceWindow[] = [];
        results.forEach((result, i) => {
          const w = batch[i];
          if (result.status === "fulfilled") {
            this.windowsWritten++;
            if (!result.value.created) this.windowsAlreadyPresent++;
            this.hooks.onWindowWritten?.(w, result.value.created);
          } else if (result.reason instanceof InputError) {
            // A window the lake would never accept (bad channel login…): counted and dropped, not retried.
            this.windowsInvalid++;
            this.options.logger.error({ err: result.reason.message }, "watcher: invalid window dropped");
          } else {
            retry.push(w);
            this.options.logger.error({ err: (result.reason as Error).message, channel: w.channel.login, start: w.start }, "watcher: window not written, will retry");
          }
        });
        if (retry.length) {
          this.pending.unshift(...retry);
          return;
        }
      }
    });
    return this.flushing;
  }
}
