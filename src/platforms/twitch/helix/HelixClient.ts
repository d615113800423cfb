/**
 * A small Helix client (twitch-protocol.md 2): app token from an AppTokenSource (a fresh one once on 401),
 * the rate-limit bucket honoured (Ratelimit-Remaining/Reset: an empty bucket or a 429 waits for the reset),
 * retries with backoff on timeouts and 5xx (helixHttp.ts), and Get Streams paged with `after` cursors.
 */
import { PlatformError } from "../../../core/index.js";
import { type AppTokenSource, HelixAuthError } from "./AppTokenProvider.js";
import { describeRequest, errorText, type HelixHttpOptions, sendWithRetries, wait } from "./helixHttp.js";
import { type HelixPageWire, type LiveStream, toLiveStream } from "./streams.external.js";

export interface HelixClientOptions {
  /** Helix base URL (collection.helix_url), e.g. https://api.twitch.tv/helix. */
  helixUrl: string;
  tokens: AppTokenSource;
  http: HelixHttpOptions;
  /** Entries per page (`first`, at most 100; collection.batch_size). */
  pageSize: number;
  /** 429 answers waited out per request before giving up. */
  maxRateLimitWaits: number;
}

export const HELIX_CLIENT_DEFAULTS = {
  pageSize: 100,
  maxRateLimitWaits: 5,
  requestTimeoutMs: 10_000,
  maxAttempts: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
};

export interface HelixClientCounts {
  requests: number;
  rateLimitWaits: number;
  tokenRefreshes: number;
  /** Entries dropped while paging: repeated users and entries without a user id or login. */
  duplicateEntries: number;
  malformedEntries: number;
}

export class HelixClient {
  readonly counts: HelixClientCounts = { requests: 0, rateLimitWaits: 0, tokenRefreshes: 0, duplicateEntries: 0, malformedEntries: 0 };
  private readonly options: HelixClientOptions;
  /** The bucket as the last answer described it; null = unknown. */
  private remaining: number | null = null;
  private resetAtMs = 0;

  constructor(options: HelixClientOptions) {
    if (!(options.pageSize >= 1 && options.pageSize <= 100)) throw new PlatformError(`helix: pageSize must be 1..100, got ${options.pageSize}`);
    this.options = options;
  }

  /**
   * The top `limit` live streams by viewers, paged with `first=pageSize` and `after`. Helix may repeat or
   * skip entries while the list shifts under the pages; repeats are dropped by user id.
   */
  async getTopStreams(limit: number): Promise<LiveStream[]> {
    const out: LiveStream[] = [];
    const seen = new Set<string>();
    const cursors = new Set<string>();
    let after: string | null = null;
    while (out.length < limit) {
      const params: Array<[string, string]> = [["type", "live"], ["first", String(this.options.pageSize)]];
      if (after !== null) params.push(["after", after]);
      const page = (await this.get("/streams", params)) as HelixPageWire<unknown>;
      const data = Array.isArray(page?.data) ? page.data : [];
      for (const wire of data) {
        const stream = toLiveStream(wire);
        if (stream === null) {
          this.counts.malformedEntries++;
          continue;
        }
        if (seen.has(stream.userId)) {
          this.counts.duplicateEntries++;
          continue;
        }
        seen.add(stream.userId);
        out.push(stream);
        if (out.length >= limit) break;
      }
      const cursor = page?.pagination?.cursor;
      // The last page has `pagination: {}`; a cursor seen before would loop forever.
      if (typeof cursor !== "string" || cursor === "" || data.length === 0 || cursors.has(cursor)) break;
      cursors.add(cursor);
      after = cursor;
    }
    return out;
  }

  /** GET `path` under the Helix base with repeated query params; returns the parsed body of a 200. */
  async get(path: string, params: ReadonlyArray<[string, string]> = []): Promise<unknown> {
    const o = this.options;
    const query = new URLSearchParams(params as Array<[string, string]>).toString();
    const url = `${o.helixUrl.replace(/\/$/, "")}${path}${query ? `?${query}` : ""}`;
    let refreshed = false;
    let rateLimitWaits = 0;
    for (;;) {
      await this.waitForBucket();
      const token = await o.tokens.getToken();
      const request = { method: "GET" as const, url, headers: { Authorization: `Bearer ${token}`, "Client-Id": o.tokens.clientId } };
      this.counts.requests++;
      const result = await sendWithRetries(request, o.http);
      this.noteBucket(result.headers);
      if (result.status === 200) return result.json;
      const what = describeRequest(request);
      if (result.status === 401) {
        if (refreshed) {
          throw new HelixAuthError(`helix: ${what}: HTTP 401${errorText(result.json)} even with a fresh app token; check TWITCH_CLIENT_ID`);
        }
        o.tokens.invalidate(token);
        refreshed = true;
        this.counts.tokenRefreshes++;
        continue;
      }
      if (result.status === 429) {
        if (++rateLimitWaits > o.maxRateLimitWaits) throw new PlatformError(`helix: ${what}: still rate limited (HTTP 429) after ${o.maxRateLimitWaits} waits`);
        this.counts.rateLimitWaits++;
        const delay = Math.max(0, this.resetAtMs - o.http.scheduler.now());
        o.http.logger.warn({ request: what, delayMs: delay }, "helix: rate limited, waiting for the bucket to refill");
        await wait(delay, "rate-limit", o.http);
        continue;
      }
      throw new PlatformError(`helix: ${what}: HTTP ${result.status}${errorText(result.json)}`);
    }
  }

  /** An empty bucket is waited out before the request rather than answered with 429. */
  private async waitForBucket(): Promise<void> {
    if (this.remaining !== 0) return;
    const delay = this.resetAtMs - this.options.http.scheduler.now();
    this.remaining = null;
    if (delay > 0) {
      this.counts.rateLimitWaits++;
      await wait(delay, "rate-limit", this.options.http);
    }
  }

  private noteBucket(headers: { get(name: string): string | null }): void {
    const remaining = Number(headers.get("ratelimit-remaining") ?? NaN);
    const reset = Number(headers.get("ratelimit-reset") ?? NaN);
    if (Number.isFinite(remaining)) this.remaining = remaining;
    if (Number.isFinite(reset)) this.resetAtMs = reset * 1000;
  }
}
