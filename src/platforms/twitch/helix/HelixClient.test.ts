import { afterEach, describe, expect, it } from "vitest";
import { ManualScheduler, PlatformError } from "../../../core/index.js";
import { FakeHelixServer, type FakeHelixOptions, fakeStreams } from "../../../../test/fakes/fakeHelixServer.js";
import { HelixAuthError } from "./AppTokenProvider.js";
import { createHelixClient, resolveHelixHttp, validateUserToken } from "./createHelixClient.js";

const T0 = Date.parse("2024-05-01T10:00:00Z");
let fake: FakeHelixServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** A fake on the manual clock and a client whose waits move that clock (no sleeps). */
async function setup(options: Partial<FakeHelixOptions> = {}, client: { secret?: string; maxAttempts?: number; pageSize?: number } = {}) {
  const scheduler = new ManualScheduler(T0);
  fake = await FakeHelixServer.start({ now: () => scheduler.now(), ...options });
  const waits: Array<{ ms: number; reason: string }> = [];
  const make = () =>
    createHelixClient({
      clientId: "test-client",
      clientSecret: client.secret ?? "test-secret",
      helixUrl: fake!.helixUrl,
      authUrl: fake!.authUrl,
      pageSize: client.pageSize ?? 100,
      maxAttempts: client.maxAttempts ?? 5,
      scheduler,
      onWait: (ms, reason) => {
        waits.push({ ms, reason });
        scheduler.advance(ms);
      },
    });
  return { scheduler, waits, make, ...make() };
}

const statuses = () => fake!.requests.map((r) => `${r.path} ${r.status}`);

describe("HelixClient", () => {
  it("pages Get Streams to the limit with first=100 and after cursors, in viewer order", async () => {
    const { client } = await setup();
    fake!.streams = fakeStreams(250).reverse();
    const streams = await client.getTopStreams(230);
    expect(streams).toHaveLength(230);
    expect(streams[0]).toMatchObject({ login: "ch000", userId: "1000", gameName: "Just Chatting", language: "en", viewerCount: 100_000, startedAt: "2024-05-01T08:00:00Z" });
    expect(streams[3]).toMatchObject({ login: "ch003", gameId: null, gameName: null });
    expect(streams.map((s) => s.login)).toEqual(fakeStreams(230).map((s) => s.user_login));
    const pages = fake!.requests.filter((r) => r.path === "/helix/streams");
    expect(pages).toHaveLength(3);
    expect(pages.every((r) => r.query.includes("first=100"))).toBe(true);
    expect(pages.slice(1).every((r) => r.query.includes("after="))).toBe(true);
  });

  it("drops entries Helix repeats across pages and stops at the last page's empty pagination", async () => {
    const { client } = await setup({ repeatOverlap: 4 });
    fake!.streams = fakeStreams(150);
    const streams = await client.getTopStreams(5000);
    expect(streams).toHaveLength(150);
    expect(new Set(streams.map((s) => s.userId)).size).toBe(150);
    expect(client.counts.duplicateEntries).toBeGreaterThanOrEqual(4);
  });

  it("fetches a new app token when the old one expires, and once more when Helix answers 401", async () => {
    const { client, tokens, scheduler } = await setup({ tokenLifetimeS: 600 });
    fake!.streams = fakeStreams(3);
    await client.getTopStreams(10);
    scheduler.advance(600_000);
    await client.getTopStreams(10);
    expect(fake!.tokensIssued).toBe(2);
    expect(statuses().filter((s) => s.endsWith("401"))).toEqual([]);

    fake!.expireTokens();
    expect(await client.getTopStreams(10)).toHaveLength(3);
    expect(statuses().slice(-3)).toEqual(["/helix/streams 401", "/oauth2/token 200", "/helix/streams 200"]);
    expect(client.counts.tokenRefreshes).toBe(1);
    expect(tokens.fetched).toBe(3);
  });

  it("waits for the bucket's reset on a 429 (another client emptied it), then goes on", async () => {
    const { client, make, waits, scheduler } = await setup({ bucketSize: 2, refillMs: 60_000 });
    fake!.streams = fakeStreams(300);
    await make().client.getTopStreams(200); // another process spends both points
    const before = scheduler.now();
    const streams = await client.getTopStreams(300);
    expect(streams).toHaveLength(300);
    expect(statuses().filter((s) => s.endsWith("429"))).toHaveLength(1);
    expect(waits.filter((w) => w.reason === "rate-limit").length).toBeGreaterThanOrEqual(2);
    // Each wait ends at the reset the headers announced: T0+60 s, then 60 s later.
    expect(scheduler.now() - before).toBe(120_000);
    expect(client.counts.rateLimitWaits).toBe(2);
  });

  it("waits out an empty bucket before asking, rather than taking a 429", async () => {
    const { client } = await setup({ bucketSize: 1, refillMs: 10_000 });
    fake!.streams = fakeStreams(250);
    expect(await client.getTopStreams(250)).toHaveLength(250);
    expect(statuses().filter((s) => s.endsWith("429"))).toEqual([]);
    expect(client.counts.rateLimitWaits).toBe(2);
  });

  it("retries 5xx with exponential backoff, then succeeds", async () => {
    const { client, waits } = await setup();
    fake!.streams = fakeStreams(5);
    fake!.failNext(3);
    expect(await client.getTopStreams(5)).toHaveLength(5);
    expect(waits).toEqual([
      { ms: 1000, reason: "retry" },
      { ms: 2000, reason: "retry" },
      { ms: 4000, reason: "retry" },
    ]);
  });

  it("aborts a request that gets no answer and retries it", async () => {
    const { client, scheduler } = await setup();
    fake!.streams = fakeStreams(5);
    await client.getTopStreams(1); // token in hand
    fake!.hangNext(1);
    const result = client.getTopStreams(5);
    await fake!.waitFor(() => fake!.requests.some((r) => r.status === "hang"));
    scheduler.advance(10_000);
    expect(await result).toHaveLength(5);
    expect(statuses().slice(-2)).toEqual(["/helix/streams hang", "/helix/streams 200"]);
  });

  it("gives up with a clear PlatformError when Helix keeps failing", async () => {
    const { client } = await setup({}, { maxAttempts: 3 });
    fake!.failNext(10, 502);
    const error = await client.getTopStreams(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).not.toBeInstanceOf(HelixAuthError);
    expect((error as Error).message).toBe("helix: POST /oauth2/token failed after 3 attempts: HTTP 502: injected failure");
  });

  it("reports refused credentials once, at the first request, without the secret", async () => {
    const { client } = await setup({}, { secret: "wrong-secret-value" });
    const error = await client.getTopStreams(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelixAuthError);
    expect((error as Error).message).toBe("helix: app token refused (HTTP 403: invalid client secret); check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET");
    expect((error as Error).message).not.toContain("wrong-secret-value");
    expect(fake!.requests).toHaveLength(1);
  });

  it("validates a user token to learn its login, and refuses an unknown one", async () => {
    const { scheduler } = await setup({ userTokens: { usertoken123: "MyBot" } });
    const http = resolveHelixHttp({ scheduler });
    expect(await validateUserToken("usertoken123", fake!.authUrl, http)).toEqual({ login: "mybot", clientId: "test-client" });
    const error = await validateUserToken("nope", fake!.authUrl, http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelixAuthError);
    expect((error as Error).message).toMatch(/^helix: user token refused \(HTTP 401: invalid access token\)/);
  });
});
