/**
 * A fake Twitch IRC server on 127.0.0.1 speaking the real protocol (twitch-protocol.md 1.12): CAP ACK,
 * the 001…376 login burst (any PASS or none for justinfan, a token list for OAuth), JOIN echoes with
 * ROOMSTATE, msg_channel_suspended NOTICEs, a sliding JOIN limit that disconnects offenders, PING/PONG both
 * ways, RECONNECT, drops, and replay of recorded lines at full socket speed with back-pressure.
 * Every line it managed to hand to a client's socket is kept in `sent`, so tests can account for each one.
 */
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";

export interface FakeIrcServerOptions {
  /** JOINs allowed per `joinWindowMs` per connection; one more disconnects the client. */
  joinLimit: number;
  joinWindowMs: number;
  /** Channels answered with msg_channel_suspended. */
  suspended: Iterable<string>;
  /** OAuth tokens accepted; null = any. */
  validTokens: string[] | null;
  /** Answer client PINGs. */
  answerPings: boolean;
  /** Room id of a channel (ROOMSTATE, rewritten lines). */
  roomId: (login: string) => string;
  now: () => number;
}

export interface FakeClient {
  id: number;
  nick: string | null;
  pass: string | null;
  welcomed: boolean;
  joined: Set<string>;
  joinTimes: number[];
  socket: Socket;
  closed: boolean;
  dropped: boolean;
}

export interface SentLine {
  clientId: number;
  line: string;
}

export interface ReplayItem {
  channel: string;
  line: string;
}

export interface ReplayResult {
  /** Lines written to at least one client. */
  delivered: number;
  /** Lines no connected client had joined the channel of (not sent anywhere). */
  undelivered: number;
}

const DEFAULTS: FakeIrcServerOptions = {
  joinLimit: 20,
  joinWindowMs: 10_000,
  suspended: [],
  validTokens: null,
  answerPings: true,
  roomId: (login) => String(100_000 + hash(login)),
  now: () => Date.now(),
};

export class FakeIrcServer {
  readonly clients: FakeClient[] = [];
  readonly sent: SentLine[] = [];
  readonly received: SentLine[] = [];
  readonly options: FakeIrcServerOptions;
  private readonly suspended: Set<string>;
  private readonly waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  private server!: Server;
  url = "";

  private constructor(options: Partial<FakeIrcServerOptions>) {
    this.options = { ...DEFAULTS, ...options };
    this.suspended = new Set(this.options.suspended);
  }

  static async start(options: Partial<FakeIrcServerOptions> = {}): Promise<FakeIrcServer> {
    const fake = new FakeIrcServer(options);
    fake.server = createServer((socket) => fake.accept(socket));
    fake.server.listen(0, "127.0.0.1");
    await once(fake.server, "listening");
    const address = fake.server.address();
    if (address === null || typeof address === "string") throw new Error("fake irc: no port");
    fake.url = `irc://127.0.0.1:${address.port}`;
    return fake;
  }

  /** Clients connected now. */
  get live(): FakeClient[] {
    return this.clients.filter((c) => !c.closed && !c.dropped && !c.socket.destroyed);
  }

  /** The live client that has joined `channel`. */
  clientOf(channel: string): FakeClient | undefined {
    return this.live.find((c) => c.joined.has(channel));
  }

  /** Resolves once `check` holds; re-checked after every line received and every connection change. */
  waitFor(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  /** Resolves once every channel given is joined by some live client. */
  waitForJoined(channels: Iterable<string>): Promise<void> {
    const list = [...channels];
    return this.waitFor(() => list.every((ch) => this.clientOf(ch) !== undefined));
  }

  /** Sends a line to one client; resolves true when it reached the socket. */
  async send(client: FakeClient, line: string): Promise<boolean> {
    if (client.closed || client.dropped) return false;
    const done = new Promise<boolean>((resolve) =>
      client.socket.write(`${line}\r\n`, (error) => {
        if (!error) this.sent.push({ clientId: client.id, line });
        resolve(!error);
      }),
    );
    return done;
  }

  /** Sends RECONNECT, then (as Twitch does) writes nothing more to that client and closes it. */
  async sendReconnect(client: FakeClient): Promise<boolean> {
    const ok = await this.send(client, ":tmi.twitch.tv RECONNECT");
    this.drop(client);
    return ok;
  }

  ping(client: FakeClient): Promise<boolean> {
    return this.send(client, "PING :tmi.twitch.tv");
  }

  /**
   * Drops a client without RECONNECT: nothing more is written to it and the connection is closed under it.
   * (A FIN rather than a reset, so every line counted in `sent` did reach the client.)
   */
  drop(client: FakeClient): void {
    client.dropped = true;
    client.joined.clear();
    client.socket.end();
    this.notify();
  }

  /**
   * Replays lines to the clients that joined their channels, as fast as the sockets take them.
   * `before(i)` runs before item i (to drop a client or send RECONNECT mid-stream).
   */
  async replay(items: Iterable<ReplayItem>, before?: (index: number) => void | Promise<void>): Promise<ReplayResult> {
    const result: ReplayResult = { delivered: 0, undelivered: 0 };
    let index = 0;
    let pending: Promise<unknown>[] = [];
    for (const item of items) {
      if (before) await before(index);
      index++;
      const targets = this.live.filter((c) => c.joined.has(item.channel));
      if (targets.length === 0) {
        result.undelivered++;
        continue;
      }
      result.delivered++;
      for (const client of targets) {
        const ok = client.socket.write(`${item.line}\r\n`, (error) => {
          if (!error) this.sent.push({ clientId: client.id, line: item.line });
        });
        if (!ok) pending.push(Promise.race([once(client.socket, "drain"), once(client.socket, "close")]));
      }
      if (pending.length) {
        await Promise.all(pending);
        pending = [];
      }
    }
    // Let the last write callbacks run so `sent` is complete.
    await Promise.all(this.live.map((c) => new Promise<void>((resolve) => c.socket.write("", () => resolve()))));
    return result;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const client: FakeClient = { id: this.clients.length, nick: null, pass: null, welcomed: false, joined: new Set(), joinTimes: [], socket, closed: false, dropped: false };
    this.clients.push(client);
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    let partial = "";
    socket.on("data", (chunk: string) => {
      const text = partial + chunk;
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const raw of lines) this.onLine(client, raw.replace(/\r$/, ""));
      this.notify();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      client.closed = true;
      client.joined.clear();
      this.notify();
    });
    this.notify();
  }

  private onLine(client: FakeClient, line: string): void {
    this.received.push({ clientId: client.id, line });
    const space = line.indexOf(" ");
    const command = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? "" : line.slice(space + 1);
    switch (command) {
      case "CAP":
        if (rest.startsWith("REQ ")) void this.send(client, `:tmi.twitch.tv CAP * ACK ${rest.slice(4)}`);
        break;
      case "PASS":
        client.pass = rest;
        break;
      case "NICK":
        this.login(client, rest.trim().toLowerCase());
        break;
      case "JOIN":
        if (client.welcomed) this.join(client, rest.split(",").map((c) => c.trim().replace(/^#/, "")));
        break;
      case "PART":
        for (const ch of rest.split(",").map((c) => c.trim().replace(/^#/, ""))) {
          if (client.joined.delete(ch)) void this.send(client, `:${client.nick}!${client.nick}@${client.nick}.tmi.twitch.tv PART #${ch}`);
        }
        break;
      case "PING":
        if (this.options.answerPings) void this.send(client, `:tmi.twitch.tv PONG tmi.twitch.tv :${rest.replace(/^:/, "")}`);
        break;
    }
  }

  private login(client: FakeClient, nick: string): void {
    const anonymous = /^justinfan\d+$/.test(nick);
    const token = client.pass?.startsWith("oauth:") ? client.pass.slice(6) : null;
    if (!anonymous && (token === null || (this.options.validTokens !== null && !this.options.validTokens.includes(token)))) {
      void this.send(client, ":tmi.twitch.tv NOTICE * :Login authentication failed").then(() => client.socket.end());
      return;
    }
    client.nick = nick;
    client.welcomed = true;
    for (const [code, text] of [
      ["001", "Welcome, GLHF!"],
      ["002", "Your host is tmi.twitch.tv"],
      ["003", "This server is rather new"],
      ["004", "-"],
      ["375", "-"],
      ["372", "You are in a maze of twisty passages, all alike."],
      ["376", ">"],
    ]) {
      void this.send(client, `:tmi.twitch.tv ${code} ${nick} :${text}`);
    }
  }

  private join(client: FakeClient, channels: string[]): void {
    const now = this.options.now();
    client.joinTimes = client.joinTimes.filter((t) => t > now - this.options.joinWindowMs);
    for (const ch of channels) {
      if (client.joinTimes.length >= this.options.joinLimit) {
        // Twitch disconnects clients that exceed the JOIN limit.
        client.socket.destroy();
        return;
      }
      client.joinTimes.push(now);
      if (this.suspended.has(ch)) {
        void this.send(client, `@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #${ch} :This channel does not exist or has been suspended.`);
        continue;
      }
      client.joined.add(ch);
      const nick = client.nick as string;
      void this.send(client, `:${nick}!${nick}@${nick}.tmi.twitch.tv JOIN #${ch}`);
      void this.send(client, `@emote-only=0;followers-only=-1;r9k=0;room-id=${this.options.roomId(ch)};slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #${ch}`);
    }
  }

  private notify(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].check()) {
        this.waiters[i].resolve();
        this.waiters.splice(i, 1);
      }
    }
  }
}

/** A recorded chat line moved to another channel and time: `#channel`, room-id and tmi-sent-ts rewritten. */
export function rewriteChatLine(line: string, to: { channel: string; roomId: string; sentAtMs: number }): string {
  return line
    .replace(/(^@|;)room-id=\d*/, `$1room-id=${to.roomId}`)
    .replace(/(^@|;)tmi-sent-ts=\d+/, `$1tmi-sent-ts=${to.sentAtMs}`)
    .replace(/ (PRIVMSG|USERNOTICE|CLEARCHAT) #[a-z0-9_]+/, ` $1 #${to.channel}`);
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h % 1_000_000_000;
}
