import { describe, expect, it } from "vitest";
import { loadBotLists } from "../../core/index.js";
import { toChatEvent } from "../../platforms/twitch/index.js";
import { ChatRecorder, type ChatRecorderOptions } from "./ChatRecorder.js";
import { PresenceBuffer } from "./PresenceBuffer.js";

const T = Date.parse("2024-09-10T12:00:00Z");

function recorderFor(options: Partial<ChatRecorderOptions> = {}) {
  const buffer = new PresenceBuffer({ windowMinutes: 5, bucketLenS: 60, latenessMs: 0 });
  return { buffer, recorder: new ChatRecorder(buffer, options) };
}

function msg(channel: string, roomId: string, userId: string, login: string, extra = "", ts = T): string {
  return `@display-name=${login};${extra}room-id=${roomId};tmi-sent-ts=${ts};user-id=${userId} :${login}!${login}@${login}.tmi.twitch.tv PRIVMSG #${channel} :hello`;
}

function usersByChannel(buffer: PresenceBuffer): Record<string, string[]> {
  return Object.fromEntries(buffer.flushAll().map((w) => [w.channel.login, w.users.map((u) => `${u.login}:${u.messages}`)]));
}

describe("ChatRecorder", () => {
  it("counts PRIVMSG and USERNOTICE authors, and nothing else", () => {
    const { buffer, recorder } = recorderFor();
    recorder.record(toChatEvent(msg("a", "1", "10", "ann"))!, null);
    recorder.record(toChatEvent(`@login=bob;msg-id=sub;room-id=1;tmi-sent-ts=${T};user-id=11 :tmi.twitch.tv USERNOTICE #a`)!, null);
    recorder.record(toChatEvent(`@login=ananonymousgifter;msg-id=subgift;room-id=1;tmi-sent-ts=${T};user-id=274598607 :tmi.twitch.tv USERNOTICE #a`)!, null);
    recorder.record(toChatEvent(`@room-id=1;target-user-id=10;tmi-sent-ts=${T} :tmi.twitch.tv CLEARCHAT #a :ann`)!, null);
    recorder.record(toChatEvent(":ann!ann@ann.tmi.twitch.tv JOIN #a")!, null);
    expect(usersByChannel(buffer)).toEqual({ a: ["ann:1", "bob:1"] });
    expect(recorder.counts).toMatchObject({ presenceEvents: 3, recorded: 2, anonymousDropped: 1 });
  });

  it("places events without tmi-sent-ts at the clock time it is given, and skips them without one", () => {
    const { buffer, recorder } = recorderFor();
    const line = "@room-id=1;user-id=10 :ann!ann@ann.tmi.twitch.tv PRIVMSG #a :hi";
    recorder.record(toChatEvent(line)!, null);
    recorder.record(toChatEvent(line)!, T + 61_000);
    const [w] = buffer.flushAll();
    expect(w.users[0]).toMatchObject({ messages: 1, buckets: [1] });
    expect(recorder.counts.incomplete).toBe(1);
  });

  it("counts a shared-chat copy only in its source channel, once", () => {
    // Watched: a (room 1) and b (room 2). c (room 3) is not watched but known from discovery.
    const { buffer, recorder } = recorderFor({ isWatched: (l) => l === "a" || l === "b" });
    recorder.noteRoom("c", "3");
    const shared = "source-id=m1;source-room-id=1;";
    recorder.record(toChatEvent(msg("a", "1", "10", "ann", shared))!, null); // the original, in its own channel
    recorder.record(toChatEvent(msg("b", "2", "10", "ann", shared))!, null); // the copy in b: a is watched, so dropped
    const fromC = "source-id=m2;source-room-id=3;";
    recorder.record(toChatEvent(msg("a", "1", "12", "cid", fromC))!, null); // copy of a message sent in unwatched c
    recorder.record(toChatEvent(msg("b", "2", "12", "cid", fromC))!, null); // the same message mirrored into b
    recorder.record(toChatEvent(msg("b", "2", "13", "dan", "source-id=m3;source-room-id=999;"))!, null); // source unknown
    expect(usersByChannel(buffer)).toEqual({ a: ["ann:1"], c: ["cid:1"] });
    expect(recorder.counts).toMatchObject({ sharedChatCopies: 1, sharedChatMoved: 1, sharedChatDuplicates: 1, sharedChatUnattributed: 1 });
  });

  it("drops listed bots at the edge when asked: service only, or every list", () => {
    const bots = loadBotLists();
    const lines = [msg("a", "1", "1", "nightbot"), msg("a", "1", "2", "fossabot"), msg("a", "1", "3", "viewer")];
    const kept = (filter: ChatRecorderOptions["botFilter"]) => {
      const { buffer, recorder } = recorderFor({ botFilter: filter });
      for (const l of lines) recorder.record(toChatEvent(l, { bots })!, null);
      return usersByChannel(buffer).a;
    };
    expect(kept("off")).toEqual(["nightbot:1", "fossabot:1", "viewer:1"]);
    expect(kept("service")).toEqual(["fossabot:1", "viewer:1"]);
    expect(kept("lists")).toEqual(["viewer:1"]);
  });
});
