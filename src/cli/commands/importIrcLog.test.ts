import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { readRawWindows } from "../../../test/support/readRawWindows.js";
import { main } from "../main.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "irclog-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vieweratlas import irc-log", () => {
  it("runs as `vieweratlas import irc-log` and prints the report", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    stdout.on("data", (c: Buffer) => (out += c.toString()));
    const plain = path.join(dir, "log.txt");
    await writeFile(plain, "@user-id=5;room-id=9;tmi-sent-ts=1700000000000 :a!a@a.tmi.twitch.tv PRIVMSG #chan :hi\nnot irc\n");
    const code = await main(["node", "vieweratlas", "import", "irc-log", plain, "--lake", path.join(dir, "lake")], {
      stdout,
      stderr,
      env: {},
      clock: new ManualClock(0),
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(out).toContain("lines            2 (1 malformed, skipped)");
    expect(out).toContain("windows          1 written");
    expect(await readRawWindows(new LocalLakeStore(path.join(dir, "lake")))).toHaveLength(1);
  });
});
