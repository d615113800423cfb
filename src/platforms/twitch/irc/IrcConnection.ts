/**
 * One read-only connection to Twitch chat (irc:// plain TCP, ircs:// TLS). It logs in (anonymous justinfan
 * or OAuth), requests tags + commands, joins its channels in comma batches through the join limiter,
 * answers PINGs and pings an idle server itself, and on RECONNECT, a drop or a missing PONG reconnects with
 * exponential backoff (immediate, 1, 2, 4, 8 s… capped) and rejoins. Channels Twitch refuses (suspended,
 * banned, not found) are noted and not retried. A failed login is fatal: reported once, never retried.
 */
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { type BotLists, type Logger, PlatformError, type Rng, type Scheduler, silentLogger, type TimerHandle } from "../../../core/index.js";
import { type ChatEvent, toChatEvent } from "./chatEvent.js";
import { JoinLimiter } from "./JoinLimiter.js";

/** NOTICE msg-ids that mean a channel cannot be joined; such channels are not retried. */
export const UNAVAILABLE_NOTICES: ReadonlySet<string> = new Set([
  "msg_channel_suspended",
  "msg_banned",
  "msg_room_not_found",
  "tos_ban",
  "invalid_user",
  "no_permission",
  "msg_channel_blocked",
]);
const AUTH_FAILURES = ["Login authentication failed", "Improperly formatted auth", "Login unsuccessful", "Error logging in"];
/** JOIN lines stay under the 510-byte IRC limit. */
const MAX_JOIN_LINE = 500;

export interface IrcAuth {
  /** The token's user login (NICK must match it). */
  nick: string;
  /** OAuth token with chat:read, without the `oauth:` prefix. */
  token: string;
}

export interface IrcConnectionOptions {
  /** irc://host:port (plain) or ircs://host:port (TLS). */
  url: string;
  /** null = anonymous read-only login as justinfan<random>. */
  auth: IrcAuth | null;
  joinRatePer10s: number;
  /** Send our own PING after this long without any line from the server. */
  pingIdleMs: number;
  /** Treat the connection as dropped when our PING gets no PONG within this. */
  pongTimeoutMs: number;
  /** Wait for the welcome (001) this long after connecting. */
  loginTimeoutMs: number;
  /** Backoff after the immediate first retry: base, doubling, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  scheduler: Scheduler;
  rng: Rng;
  logger: Logger;
  /** Bot lists for tagging authors (ChatEvent.bot). */
  bots?: BotLists;
}

export const IRC_CONNECTION_DEFAULTS = {
  joinRatePer10s: 20,
  pingIdleMs: 60_000,
  pongTimeoutMs: 10_000,
  loginTimeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
};

export interface IrcConnectionHandlers {
  /** Every parsed line (chat and control), with the time it was read. */
  onEvent(event: ChatEvent, receivedAtMs: number): void;
  /** A channel Twitch refused (suspended, banned…): it is dropped from this connection. */
  onChannelUnavailable?(login: string, reason: string): void;
  /** Login refused: the connection has stopped for good. Called once. */
  onFatal?(error: PlatformError): void;
  /** Connected and welcomed (first time and after each reconnect). */
  onReady?(): void;
  onDisconnect?(reason: string): void;
}

export interface IrcConnectionCounts {
  lines: number;
  malformedLines: number;
  connects: number;
  reconnects: number;
  joinsSent: number;
}

export class IrcConnection {
  readonly counts: IrcConnectionCounts = { lines: 0, malformedLines: 0, connects: 0, reconnects: 0, joinsSent: 0 };
  /** Channels this connection should be in. */
  private readonly wanted = new Set<string>();
  /** Channels the server confirmed with our own JOIN echo. */
  private readonly joined = new Set<string>();
  private readonly unavailable = new Map<string, string>();
  private queue: string[] = [];
  private readonly limiter: JoinLimiter;
  private readonly options: IrcConnectionOptions;
  private socket: Socket | null = null;
  private welcomed = false;
  private stopped = false;
  private failed = false;
  private attempt = 0;
  private partial = "";
  private nick = "";
  private lastDataMs = 0;
  private timers: { join?: TimerHandle; idle?: TimerHandle; pong?: TimerHandle; login?: TimerHandle; retry?: TimerHandle } = {};
  private closed: Promise<void> = Promise.resolve();

  constructor(
    options: Partial<IrcConnectionOptions> & Pick<IrcConnectionOptions, "url" | "scheduler" | "rng">,
    private readonly handlers: IrcConnectionHandlers,
  ) {
    this.options = { ...IRC_CONNECTION_DEFAULTS, auth: null, logger: silentLogger(), ...options };
    if (!/^ircs?:\/\/[^/:]+:\d+\/?$/.test(this.options.url)) throw new PlatformError(`irc: not an irc:// or ircs:// host:port URL: ${this.options.url}`);
    this.limiter = new JoinLimiter(this.options.scheduler, this.options.joinRatePer10s);
  }

  get channels(): ReadonlySet<string> {
    return this.wanted;
  }

  get joinedChannels(): ReadonlySet<string> {
    return this.joined;
  }

  get unavailableChannels(): ReadonlyMap<string, string> {
    return this.unavailable;
  }

  get isReady(): boolean {
    return this.welcomed;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  join(logins: Iterable<string>): void {
    for (const raw of logins) {
      const login = raw.toLowerCase();
      if (this.wanted.has(login) || this.unavailable.has(login)) continue;
      this.wanted.add(login);
      if (this.welcomed) this.queue.push(login);
    }
    this.pumpJoins();
  }

  part(logins: Iterable<string>): void {
    const leaving: string[] = [];
    for (const raw of logins) {
      const login = raw.toLowerCase();
      if (!this.wanted.delete(login)) continue;
      if (this.joined.delete(login)) leaving.push(login);
    }
    if (leaving.length) this.queue = this.queue.filter((l) => this.wanted.has(l));
    for (const batch of batchChannels(leaving)) this.send(`PART ${batch}`);
  }

  /** Closes the connection for good; resolves when the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.socket?.destroy();
    await this.closed;
  }

  /** Test hook and operator tool: drops the socket as a network failure would. */
  dropForTest(): void {
    this.socket?.destroy();
  }

  private open(): void {
    if (this.stopped || this.failed) return;
    const url = new URL(this.options.url);
    const port = Number(url.port);
    const socket: Socket =
      url.protocol === "ircs:" ? connectTls({ host: url.hostname, port, servername: url.hostname }) : connectTcp({ host: url.hostname, port });
    this.socket = socket;
    this.counts.connects++;
    this.welcomed = false;
    this.partial = "";
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    let reason = "closed by server";
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.once(url.protocol === "ircs:" ? "secureConnect" : "connect", () => this.login());
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("error", (error) => (reason = error.message));
    socket.once("close", () => this.onClose(socket, reason));
    this.timers.login = this.options.scheduler.schedule(this.options.loginTimeoutMs, () => {
      if (!this.welcomed) socket.destroy(new Error("no welcome from server"));
    });
  }

  private login(): void {
    const auth = this.options.auth;
    this.nick = auth ? auth.nick.toLowerCase() : `justinfan${10000 + Math.floor(this.options.rng() * 89999)}`;
    this.send("CAP REQ :twitch.tv/tags twitch.tv/commands");
    // Anonymous logins need no password; libraries send a placeholder, which Twitch ignores.
    this.send(auth ? `PASS oauth:${auth.token}` : "PASS SCHMOOPIIE");
    this.send(`NICK ${this.nick}`);
  }

  private onData(chunk: string): void {
    const now = this.options.scheduler.now();
    this.lastDataMs = now;
    let text = this.partial + chunk;
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf("\n", start)) >= 0) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > start) this.onLine(text.slice(start, end), now);
      start = nl + 1;
    }
    text = text.slice(start);
    this.partial = text;
  }

  private onLine(line: string, now: number): void {
    this.counts.lines++;
    const event = toChatEvent(line, { bots: this.options.bots });
    if (event === null) {
      this.counts.malformedLines++;
      return;
    }
    switch (event.kind) {
      case "ping":
        this.send(event.text === null ? "PONG" : `PONG :${event.text}`);
        return;
      case "pong":
        this.timers.pong?.cancel();
        this.timers.pong = undefined;
        return;
      case "welcome":
        this.onWelcome();
        return;
      case "reconnect":
        this.options.logger.info({ url: this.options.url }, "irc: server asked to reconnect");
        this.socket?.destroy();
        return;
      case "join":
        if (event.login === this.nick && event.channelLogin !== null && this.wanted.has(event.channelLogin)) this.joined.add(event.channelLogin);
        return;
      case "notice":
        if (this.onNotice(event)) return;
        break;
    }
    this.handlers.onEvent(event, now);
  }

  /** True when the notice was handled here (auth failure, unavailable channel). */
  private onNotice(event: ChatEvent): boolean {
    if (event.channelLogin === null && event.text !== null && AUTH_FAILURES.some((f) => event.text!.startsWith(f))) {
      this.failed = true;
      this.clearTimers();
      this.socket?.destroy();
      this.handlers.onFatal?.(new PlatformError(`irc: ${event.text} (check TWITCH_OAUTH_TOKEN and its chat:read scope)`));
      return true;
    }
    if (event.channelLogin !== null && event.noticeId !== null && UNAVAILABLE_NOTICES.has(event.noticeId)) {
      const login = event.channelLogin;
      this.unavailable.set(login, event.noticeId);
      this.wanted.delete(login);
      this.joined.delete(login);
      this.options.logger.warn({ channel: login, reason: event.noticeId }, "irc: channel unavailable, skipped");
      this.handlers.onChannelUnavailable?.(login, event.noticeId);
      return true;
    }
    return false;
  }

  private onWelcome(): void {
    this.welcomed = true;
    this.attempt = 0;
    this.timers.login?.cancel();
    this.armIdlePing();
    this.queue = [...this.wanted];
    this.handlers.onReady?.();
    this.pumpJoins();
  }

  private pumpJoins(): void {
    if (!this.welcomed || this.timers.join) return;
    const n = Math.min(this.queue.length, this.limiter.available());
    if (n > 0) {
      const batch = this.queue.splice(0, n);
      this.limiter.take(batch.length);
      this.counts.joinsSent += batch.length;
      for (const line of batchChannels(batch)) this.send(`JOIN ${line}`);
    }
    if (this.queue.length > 0) {
      this.timers.join = this.options.scheduler.schedule(this.limiter.waitMs(), () => {
        this.timers.join = undefined;
        this.pumpJoins();
      });
    }
  }

  /** One idle timer per connection: when it fires early (data came since), it re-arms for the rest. */
  private armIdlePing(delayMs = this.options.pingIdleMs): void {
    const scheduler = this.options.scheduler;
    this.timers.idle = scheduler.schedule(delayMs, () => {
      this.timers.idle = undefined;
      if (!this.welcomed) return;
      const quietMs = scheduler.now() - this.lastDataMs;
      if (quietMs < this.options.pingIdleMs) {
        this.armIdlePing(this.options.pingIdleMs - quietMs);
        return;
      }
      this.send("PING :vieweratlas");
      this.timers.pong ??= scheduler.schedule(this.options.pongTimeoutMs, () => {
        this.timers.pong = undefined;
        this.options.logger.warn({ url: this.options.url }, "irc: no PONG, dropping the connection");
        this.socket?.destroy();
      });
      this.armIdlePing();
    });
  }

  private onClose(socket: Socket, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.welcomed = false;
    this.joined.clear();
    this.clearTimers();
    if (this.stopped || this.failed) return;
    this.handlers.onDisconnect?.(reason);
    const delay = this.attempt === 0 ? 0 : Math.min(this.options.backoffBaseMs * 2 ** (this.attempt - 1), this.options.backoffMaxMs);
    this.attempt++;
    this.counts.reconnects++;
    this.options.logger.info({ url: this.options.url, reason, delayMs: delay }, "irc: reconnecting");
    if (delay === 0) this.open();
    else this.timers.retry = this.options.scheduler.schedule(delay, () => this.open());
  }

  private send(line: string): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  private clearTimers(): void {
    for (const t of Object.values(this.timers)) t?.cancel();
    this.timers = {};
  }
}

/** `#a,#b,…` lists, each under the IRC line limit. */
export function batchChannels(logins: readonly string[]): string[] {
  const out: string[] = [];
  let line = "";
  for (const login of logins) {
    const item = `#${login}`;
    if (line && line.length + 1 + item.length > MAX_JOIN_LINE) {
      out.push(line);
      line = "";
    }
    line = line ? `${line},${item}` : item;
  }
  if (line) out.push(line);
  return out;
}
