/** What a fake IRC server sent, read back with plain regexes, for tests that account for every line in the lake. */
import type { SentLine } from "../fakes/fakeIrcServer.js";

/** (channel, user id, minute since epoch) of every PRIVMSG/USERNOTICE line sent, and how many such lines. */
export function sentPresence(sent: readonly SentLine[]): { minutes: Set<string>; lines: number } {
  const minutes = new Set<string>();
  let lines = 0;
  for (const { line } of sent) {
    const m = / (?:PRIVMSG|USERNOTICE) #([a-z0-9_]+)/.exec(line);
    if (!m) continue;
    lines++;
    const user = /(?:^@|;)user-id=(\d+)/.exec(line)![1];
    const ts = Number(/(?:^@|;)tmi-sent-ts=(\d+)/.exec(line)![1]);
    minutes.add(`${m[1]}|${user}|${Math.floor(ts / 60_000)}`);
  }
  return { minutes, lines };
}
