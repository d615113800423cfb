import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadBotLists } from "../../../core/index.js";
import { toChatEvent } from "./chatEvent.js";

const LOG = path.resolve(import.meta.dirname, "../../../../../shared/data/irc/xqcow-2019-09-15.txt.gz");

describe("toChatEvent", () => {
  it("reads a real PRIVMSG: ids, login, display name, time", () => {
    const line =
      "@badge-info=subscriber/5;badges=subscriber/3;color=#FFFFFF;display-name=Onche;emotes=;flags=;id=ca561310;mod=0;room-id=71092938;subscriber=1;tmi-sent-ts=1568505600501;turbo=0;user-id=48215771;user-type= :onche!onche@onche.tmi.twitch.tv PRIVMSG #xqcow :DEVIL MAY CRY 5";
    expect(toChatEvent(line)).toMatchObject({
      kind: "message",
      channelLogin: "xqcow",
      roomId: "71092938",
      userId: "48215771",
      login: "onche",
      displayName: "Onche",
      sentAtMs: 1568505600501,
      sourceRoomId: null,
    });
  });

  it("reads a USERNOTICE author from its tags and unescapes display names", () => {
    const line =
      "@display-name=Riot\\sGames;login=riotgames;msg-id=resub;room-id=71092938;system-msg=a\\sb;tmi-sent-ts=1568505665852;user-id=85199016;user-type= :tmi.twitch.tv USERNOTICE #xqcow :hi";
    expect(toChatEvent(line)).toMatchObject({ kind: "usernotice", login: "riotgames", userId: "85199016", displayName: "Riot Games", noticeId: "resub" });
  });

  it("reads shared-chat tags of a mirrored copy", () => {
    const line =
      "@display-name=A;room-id=39656772;source-id=abc-1;source-room-id=655533779;tmi-sent-ts=1726000000000;user-id=7 :a!a@a.tmi.twitch.tv PRIVMSG #vampireblazewing :hi";
    expect(toChatEvent(line)).toMatchObject({ roomId: "39656772", sourceRoomId: "655533779", sourceId: "abc-1" });
  });

  it("reads control lines: PING argument, NOTICE id and text, RECONNECT, JOIN, welcome", () => {
    expect(toChatEvent("PING :tmi.twitch.tv")).toMatchObject({ kind: "ping", text: "tmi.twitch.tv" });
    expect(toChatEvent(":tmi.twitch.tv RECONNECT\r")).toMatchObject({ kind: "reconnect" });
    expect(toChatEvent("@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #gone :This channel has been suspended.")).toMatchObject({
      kind: "notice",
      channelLogin: "gone",
      noticeId: "msg_channel_suspended",
      text: "This channel has been suspended.",
    });
    expect(toChatEvent(":tmi.twitch.tv NOTICE * :Login authentication failed")).toMatchObject({ kind: "notice", text: "Login authentication failed" });
    expect(toChatEvent(":justinfan1!justinfan1@justinfan1.tmi.twitch.tv JOIN #xqcow")).toMatchObject({ kind: "join", login: "justinfan1", channelLogin: "xqcow" });
    expect(toChatEvent(":tmi.twitch.tv 001 justinfan1 :Welcome, GLHF!")).toMatchObject({ kind: "welcome" });
  });

  it("returns null for malformed lines instead of throwing", () => {
    for (const bad of ["", "@only-tags", ":prefix", "@a=b :nick!n@h PRIVMSG", "@a=b :x  PRIVMSG #c :t"]) {
      expect(toChatEvent(bad)).toBeNull();
    }
  });

  it("tags listed bots when given the lists", () => {
    const bots = loadBotLists();
    const line = "@room-id=1;tmi-sent-ts=1;user-id=2 :fossabot!fossabot@fossabot.tmi.twitch.tv PRIVMSG #xqcow :!cmd";
    expect(toChatEvent(line, { bots })?.bot).toBe("viewer");
    expect(toChatEvent(line.replaceAll("fossabot", "nightbot"), { bots })?.bot).toBe("service");
    expect(toChatEvent(line)?.bot).toBeNull();
  });

  it("parses every line of the real #xqcow log", () => {
    const lines = gunzipSync(readFileSync(LOG)).toString("utf8").split("\n").filter(Boolean);
    const kinds = new Map<string, number>();
    for (const l of lines) {
      const e = toChatEvent(l);
      expect(e).not.toBeNull();
      kinds.set(e!.kind, (kinds.get(e!.kind) ?? 0) + 1);
      if (e!.kind === "message" || e!.kind === "usernotice") {
        expect(e!.userId).toMatch(/^\d+$/);
        expect(e!.sentAtMs).toBeGreaterThan(1568505600000);
      }
    }
    expect(Object.fromEntries(kinds)).toEqual({ message: 4933, clearchat: 58, usernotice: 9 });
  });
});
