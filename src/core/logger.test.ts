import { describe, expect, it } from "vitest";
import { CapturedStream } from "../../test/support/cliEffects.js";
import { createLogger } from "./logger.js";

const TOKEN = "oauth:q8w7e6r5t4y3u2i1o0p9";
const SECRET = "client-secret-9f8e7d6c5b4a";
const ENV = { TWITCH_OAUTH_TOKEN: TOKEN, TWITCH_CLIENT_SECRET: SECRET, TWITCH_CLIENT_ID: "public-ish-client-id" };

function sink(): { stream: CapturedStream; text: () => string } {
  const stream = new CapturedStream();
  return { stream, text: () => stream.text() };
}

function logEverySecretWay(pretty: boolean): string {
  const out = sink();
  const logger = createLogger({ pretty, destination: out.stream, env: ENV, level: "debug" });
  logger.info({ token: TOKEN, nested: { clientSecret: SECRET, access_token: "field-only-value" } }, "connecting");
  logger.warn(`helix refused the token ${TOKEN.slice(6)} for client ${ENV.TWITCH_CLIENT_ID}`);
  logger.error({ err: new Error(`auth failed: ${SECRET}`) }, "login failed");
  logger.debug({ url: `https://id.twitch.tv/oauth2/validate?token=${TOKEN.slice(6)}` }, "validating");
  return out.text();
}

describe("createLogger", () => {
  it("writes JSON lines with levels and masks secrets in fields, messages and errors", () => {
    const text = logEverySecretWay(false);
    const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.level)).toEqual([30, 40, 50, 20]);
    expect(lines[0].msg).toBe("connecting");
    expect(lines[0].token).toBe("****");
    expect((lines[0].nested as Record<string, unknown>).access_token).toBe("****");
    for (const secret of [TOKEN, TOKEN.slice(6), SECRET, ENV.TWITCH_CLIENT_ID, "field-only-value"]) expect(text).not.toContain(secret);
    expect(lines[1].msg).toBe("helix refused the token **** for client ****");
    expect(JSON.stringify(lines[2].err)).toContain("auth failed: ****");
  });

  it("writes readable lines for a terminal, with the same masking", () => {
    const text = logEverySecretWay(true);
    expect(text).toContain("connecting");
    expect(text).toMatch(/INFO/);
    expect(text).toMatch(/ERROR/);
    expect(() => JSON.parse(text.split("\n")[0])).toThrow();
    for (const secret of [TOKEN, TOKEN.slice(6), SECRET, ENV.TWITCH_CLIENT_ID]) expect(text).not.toContain(secret);
    expect(text).toContain("****");
  });

  it("drops lines below its level", () => {
    const out = sink();
    const logger = createLogger({ pretty: false, destination: out.stream, env: {}, level: "warn" });
    logger.info("not shown");
    logger.warn("shown");
    const lines = out.text().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).msg).toBe("shown");
  });
});
