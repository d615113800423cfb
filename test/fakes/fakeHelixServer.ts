/**
 * A fake Twitch Helix + OAuth server on 127.0.0.1 (twitch-protocol.md 2.7): POST /oauth2/token (client
 * credentials, form or query), GET /oauth2/validate, GET /helix/streams sorted by viewers with opaque cursors,
 * Bearer + Client-Id checks with 401 for expired or unknown tokens, a rate-limit bucket with Ratelimit-*
 * headers and 429, and injected failures: 5xx for the next N requests, or no answer at all (timeouts).
 * Time comes from `now`, so tokens expire and buckets refill on the test's manual clock.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface FakeStream {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: "live";
  title: string;
  tags: string[] | null;
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tag_ids: string[];
  is_mature: boolean;
}

export interface FakeHelixOptions {
  /** client_id -> client_secret accepted by the token endpoint. */
  clients: Record<string, string>;
  /** User tokens for /oauth2/validate: token -> login. */
  userTokens: Record<string, string>;
  /** Lifetime of issued app tokens. */
  tokenLifetimeS: number;
  /** Points in the rate-limit bucket; it refills fully every `refillMs`. */
  bucketSize: number;
  refillMs: number;
  /** Each page after the first starts with this many entries of the page before (Helix repeats entries while paging). */
  repeatOverlap: number;
  now: () => number;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  status: number | "hang";
  /** The query string (no secrets are ever sent in it by the client). */
  query: string;
}

const DEFAULTS: FakeHelixOptions = {
  clients: { "test-client": "test-secret" },
  userTokens: {},
  tokenLifetimeS: 3600,
  bucketSize: 800,
  refillMs: 60_000,
  repeatOverlap: 0,
  now: () => Date.now(),
};

/** `count` streams named ch000…, viewers descending from `topViewers`, with games and languages cycling. */
export function fakeStreams(count: number, options: { prefix?: string; topViewers?: number; startedAt?: string } = {}): FakeStream[] {
  const games = [["509658", "Just Chatting"], ["32982", "Grand Theft Auto V"], ["21779", "League of Legends"], ["", ""]];
  const languages = ["en", "es", "de", "ko"];
  return Array.from({ length: count }, (_, i) => {
    const login = `${options.prefix ?? "ch"}${String(i).padStart(3, "0")}`;
    const [gameId, gameName] = games[i % games.length];
    return {
      id: String(40_000_000_000 + i),
      user_id: String(1_000 + i),
      user_login: login,
      user_name: login.toUpperCase(),
      game_id: gameId,
      game_name: gameName,
      type: "live",
      title: `stream ${i}`,
      tags: i % 5 === 0 ? null : ["English"],
      viewer_count: (options.topViewers ?? 100_000) - i * 7,
      started_at: options.startedAt ?? "2024-05-01T08:00:00Z",
      language: languages[i % languages.length],
      thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${login}-{width}x{height}.jpg`,
      tag_ids: [],
      is_mature: false,
    };
  });
}

export class FakeHelixServer {
  readonly options: FakeHelixOptions;
  readonly requests: FakeRequestLog[] = [];
  /** Live streams; sorted by viewer_count on every request. */
  streams: FakeStream[] = [];
  url = "";
  private server!: Server;
  private readonly tokens = new Map<string, { clientId: string; expiresAtMs: number }>();
  private tokenSeq = 0;
  private points: number;
  private refillAtMs: number;
  private failures: number[] = [];
  private hangs = 0;
  private readonly hanging: ServerResponse[] = [];
  private readonly waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  private constructor(options: Partial<FakeHelixOptions>) {
    this.options = { ...DEFAULTS, ...options };
    this.points = this.options.bucketSize;
    this.refillAtMs = this.options.now() + this.options.refillMs;
  }

  static async start(options: Partial<FakeHelixOptions> = {}): Promise<FakeHelixServer> {
    const fake = new FakeHelixServer(options);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.server.listen(0, "127.0.0.1");
    await once(fake.server, "listening");
    const address = fake.server.address();
    if (address === null || typeof address === "string") throw new Error("fake helix: no port");
    fake.url = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  get helixUrl(): string {
    return `${this.url}/helix`;
  }

  get authUrl(): string {
    return `${this.url}/oauth2`;
  }

  /** App tokens issued so far. */
  get tokensIssued(): number {
    return this.tokenSeq;
  }

  /** Every app token issued so far is expired from now on (Helix answers 401). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAtMs = -Infinity;
  }

  /** The next `count` requests (any path) get `status` (503 by default). */
  failNext(count: number, status = 503): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** While set, every request is answered with this status (Helix down for a while); null = up. */
  down: number | null = null;

  /** The next `count` requests get no answer until the client gives up or the server closes. */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** Resolves once `check` holds; re-checked after every request. */
  waitFor(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const log: FakeRequestLog = { method: req.method ?? "", path: url.pathname, status: 0, query: url.search };
    this.requests.push(log);
    try {
      if (this.hangs > 0) {
        this.hangs--;
        log.status = "hang";
        this.hanging.push(res);
        return;
      }
      const failure = this.down ?? this.failures.shift();
      if (failure !== undefined) return this.answer(res, log, failure, { error: "Service Unavailable", status: failure, message: "injected failure" });
      if (req.method === "POST" && url.pathname === "/oauth2/token") return this.token(res, log, url, Buffer.concat(chunks).toString("utf8"));
      if (req.method === "GET" && url.pathname === "/oauth2/validate") return this.validate(req, res, log);
      if (req.method === "GET" && url.pathname === "/helix/streams") return this.getStreams(req, res, log, url);
      this.answer(res, log, 404, { error: "Not Found", status: 404, message: "no such endpoint" });
    } finally {
      this.notify();
    }
  }

  private token(res: ServerResponse, log: FakeRequestLog, url: URL, body: string): void {
    const form = new URLSearchParams(body);
    const param = (name: string) => form.get(name) ?? url.searchParams.get(name);
    if (param("grant_type") !== "client_credentials") return this.answer(res, log, 400, { status: 400, message: "unsupported grant type" });
    const clientId = param("client_id") ?? "";
    if (!(clientId in this.options.clients)) return this.answer(res, log, 400, { status: 400, message: "invalid client" });
    if (this.options.clients[clientId] !== param("client_secret")) return this.answer(res, log, 403, { status: 403, message: "invalid client secret" });
    const token = `apptoken${++this.tokenSeq}`;
    this.tokens.set(token, { clientId, expiresAtMs: this.options.now() + this.options.tokenLifetimeS * 1000 });
    this.answer(res, log, 200, { access_token: token, expires_in: this.options.tokenLifetimeS, token_type: "bearer" });
  }

  private validate(req: IncomingMessage, res: ServerResponse, log: FakeRequestLog): void {
    const token = /^OAuth (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const login = this.options.userTokens[token];
    if (login === undefined) return this.answer(res, log, 401, { status: 401, message: "invalid access token" });
    this.answer(res, log, 200, { client_id: "test-client", login, user_id: "777", scopes: ["chat:read"], expires_in: 3600 });
  }

  private getStreams(req: IncomingMessage, res: ServerResponse, log: FakeRequestLog, url: URL): void {
    const clientId = req.headers["client-id"];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (typeof clientId !== "string" || bearer === undefined) return this.answer(res, log, 401, { error: "Unauthorized", status: 401, message: "Missing Client ID or OAuth token" });
    const token = this.tokens.get(bearer);
    if (token === undefined || token.clientId !== clientId) return this.answer(res, log, 401, { error: "Unauthorized", status: 401, message: "Invalid OAuth token" });
    if (token.expiresAtMs <= this.options.now()) return this.answer(res, log, 401, { error: "Unauthorized", status: 401, message: "Invalid OAuth token" });
    if (!this.takePoint()) return this.answer(res, log, 429, { error: "Too Many Requests", status: 429, message: "Too Many Requests" }, true);
    const first = Number(url.searchParams.get("first") ?? 20);
    if (!Number.isInteger(first) || first < 1 || first > 100) return this.answer(res, log, 400, { error: "Bad Request", status: 400, message: "first must be 1..100" }, true);
    let offset = 0;
    const after = url.searchParams.get("after");
    if (after !== null) {
      const decoded = decodeCursor(after);
      if (decoded === null) return this.answer(res, log, 400, { error: "Bad Request", status: 400, message: "invalid cursor" }, true);
      offset = Math.max(0, decoded - this.options.repeatOverlap);
    }
    const sorted = [...this.streams].sort((a, b) => b.viewer_count - a.viewer_count);
    const data = sorted.slice(offset, offset + first);
    const next = offset + data.length;
    const pagination = next < sorted.length && data.length > 0 ? { cursor: encodeCursor(next) } : {};
    this.answer(res, log, 200, { data, pagination }, true);
  }

  private takePoint(): boolean {
    const now = this.options.now();
    if (now >= this.refillAtMs) {
      this.points = this.options.bucketSize;
      this.refillAtMs = now + this.options.refillMs;
    }
    if (this.points <= 0) return false;
    this.points--;
    return true;
  }

  private answer(res: ServerResponse, log: FakeRequestLog, status: number, body: unknown, rateHeaders = false): void {
    log.status = status;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (rateHeaders) {
      headers["Ratelimit-Limit"] = String(this.options.bucketSize);
      headers["Ratelimit-Remaining"] = String(this.points);
      headers["Ratelimit-Reset"] = String(Math.ceil(this.refillAtMs / 1000));
    }
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
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

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown };
    return typeof value.o === "number" && Number.isInteger(value.o) && value.o >= 0 ? value.o : null;
  } catch {
    return null;
  }
}
