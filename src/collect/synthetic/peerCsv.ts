/**
 * Synthetic presence in the peer pipeline's input format (/work/shared/peers/README.md), so the benchmark runs the
 * peer on exactly our data: presence.csv (`user_id,stream_id,streamer,time_start,time_stop`, the public Twitch
 * dataset's columns, one row per user-channel-day; times in 10-minute steps) and channels.csv (`streamer,language,
 * game,community`: the planted truth).
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import type { SyntheticPresence } from "./generate.js";

const STEPS_PER_DAY = 144;
const LINES_PER_WRITE = 50_000;

export async function writePeerCsv(data: SyntheticPresence, dir: string): Promise<{ presence: string; channels: string }> {
  await mkdir(dir, { recursive: true });
  const presence = path.join(dir, "presence.csv");
  const channels = path.join(dir, "channels.csv");
  const days = data.dayNames.length;
  const { channelIdx, userIdx, dayIdx, count } = data.rows;
  const out = createWriteStream(presence);
  let lines: string[] = ["user_id,stream_id,streamer,time_start,time_stop"];
  for (let i = 0; i < count; i++) {
    const c = channelIdx[i];
    const start = dayIdx[i] * STEPS_PER_DAY + (c % 100);
    lines.push(`${userIdx[i]},${c * days + dayIdx[i]},${data.channels[c].login},${start},${start + 6}`);
    if (lines.length === LINES_PER_WRITE) {
      if (!out.write(lines.join("\n") + "\n")) await once(out, "drain");
      lines = [];
    }
  }
  out.end(lines.length ? lines.join("\n") + "\n" : "");
  await once(out, "finish");
  const channelLines = ["streamer,language,game,community", ...data.channels.map((c) => `${c.login},${c.language},${c.game.replace(/,/g, " ")},${c.community}`)];
  const channelOut = createWriteStream(channels);
  channelOut.end(channelLines.join("\n") + "\n");
  await once(channelOut, "finish");
  return { presence, channels };
}
