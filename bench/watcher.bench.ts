/**
 * The chat watcher's hot path, minus sockets:
 * 1. throughput: the real #xqcow lines (shared/data/irc), spread over 500 channels and a simulated hour,
 *    parsed (toChatEvent) and recorded (presence rule + window buffer, windows flushed to records) on one core;
 * 2. memory: a simulated day of 5,000 channels, 5% busy (2 msg/s from 30k chatters each) and the rest quiet
 *    (0.05 msg/s from 500 chatters), recorded and flushed every 5 minutes; heap after GC at each flush.
 * `WATCHER_BENCH_DAY_HOURS=24` sets the simulated span of (2).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { ChatRecorder, PresenceBuffer } from "../src/collect/index.js";
import { createRng } from "../src/core/index.js";
import { toChatEvent } from "../src/platforms/twitch/index.js";
import { figure, report, round } from "./lib.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOG = path.resolve(HERE, "../../shared/data/irc/xqcow-2019-09-15.txt.gz");
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const T0 = Date.parse("2024-05-01T10:00:00Z");

// The day runs first, so the process's peak RSS is the buffer's, before the real lines are loaded.
// --- 2. memory over a simulated day of 5,000 channels (run first)
// Memory is set by the open windows, so it is flat after the first window; 2 simulated hours (24 windows)
// show it, and WATCHER_BENCH_DAY_HOURS=24 runs the whole day (about 64M messages).
const HOURS = Number(process.env.WATCHER_BENCH_DAY_HOURS ?? 2);
const DAY_CHANNELS = 5000;
const BUSY = Math.round(DAY_CHANNELS * 0.05);
const BUSY_RATE = 2;
const QUIET_RATE = 0.05;
const BUSY_POOL = 30_000;
const QUIET_POOL = 500;
const rng = createRng(42);
const channelNames = Array.from({ length: DAY_CHANNELS }, (_, c) => `channel_${c}`);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const day = await figure("watcher/day-memory", `${DAY_CHANNELS}ch-5pct-busy-${HOURS}h`, () => {
  const buffer = new PresenceBuffer({ windowMinutes: 5, bucketLenS: 60, latenessMs: 30_000 });
  let events = 0;
  let windows = 0;
  let peakPairs = 0;
  let peakHeap = 0;
  const stepMs = 1000;
  for (let t = T0; t < T0 + HOURS * 3_600_000; t += stepMs) {
    // Busy channels: about BUSY_RATE msg/s each; quiet ones: QUIET_RATE msg/s each on average, placed at random.
    for (let c = 0; c < BUSY; c++) {
      const n = BUSY_RATE + (rng() < 0.5 ? (rng() < 0.5 ? 1 : -1) : 0);
      for (let k = 0; k < n; k++) {
        const id = String(c * 100_000 + Math.floor(rng() * BUSY_POOL));
        buffer.record(channelNames[c], null, id, `u${id}`, t + Math.floor(rng() * stepMs));
      }
      events += n;
    }
    const quiet = Math.round((DAY_CHANNELS - BUSY) * QUIET_RATE * (0.5 + rng()));
    for (let k = 0; k < quiet; k++) {
      const c = BUSY + Math.floor(rng() * (DAY_CHANNELS - BUSY));
      const id = String(c * 100_000 + Math.floor(rng() * QUIET_POOL));
      buffer.record(channelNames[c], null, id, `u${id}`, t + Math.floor(rng() * stepMs));
    }
    events += quiet;
    if ((t - T0) % 300_000 === 0 && t > T0) {
      if (buffer.openPairs > peakPairs) peakPairs = buffer.openPairs;
      gc();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heapBefore);
      windows += buffer.flush(t).length;
    }
  }
  windows += buffer.flushAll().length;
  return { events, windows, peakPairs, peakHeapMb: round(peakHeap / 1e6, 1) };
});
report({
  ...day.figure,
  throughput: { value: Math.round(day.result.events / day.figure.seconds), unit: "records/s" },
  extra: {
    messages: day.result.events,
    windows: day.result.windows,
    peakOpenPairs: day.result.peakPairs,
    peakBufferHeapMb: day.result.peakHeapMb,
    bytesPerPair: Math.round((day.result.peakHeapMb * 1e6) / Math.max(1, day.result.peakPairs)),
  },
});
console.log(
  `day: ${day.result.events.toLocaleString("en")} messages, peak ${day.result.peakPairs.toLocaleString("en")} open (channel, user) pairs, ` +
    `buffer heap ${day.result.peakHeapMb} MB after GC (${Math.round((day.result.peakHeapMb * 1e6) / Math.max(1, day.result.peakPairs))} B/pair)`,
);


// --- 1. parse + record throughput on real lines
await throughput();

async function throughput(): Promise<void> {
  const real = gunzipSync(readFileSync(LOG)).toString("utf8").split("\n").filter(Boolean);
  const CHANNELS = 500;
  const LINES = 400_000;
  const PASSES = 5;
  // 400k lines over an hour: ~110 msg/s of simulated time; a pass crosses 12 five-minute windows.
  const lines = Array.from({ length: LINES }, (_, i) => {
    const channel = `ch${i % CHANNELS}`;
    return real[i % real.length]
      .replace(/tmi-sent-ts=\d+/, `tmi-sent-ts=${T0 + Math.floor((i * 3_600_000) / LINES)}`)
      .replace(/(^@|;)room-id=\d+/, `$1room-id=${1000 + (i % CHANNELS)}`)
      .replace(/ (PRIVMSG|USERNOTICE|CLEARCHAT) #xqcow/, ` $1 #${channel}`);
  });

  function parseAndRecord(): { recorded: number; windows: number } {
    const buffer = new PresenceBuffer({ windowMinutes: 5, bucketLenS: 60, latenessMs: 30_000 });
    const recorder = new ChatRecorder(buffer, { botFilter: "off" });
    let windows = 0;
    let nextFlush = T0 + 330_000;
    for (let i = 0; i < lines.length; i++) {
      const e = toChatEvent(lines[i]);
      if (e === null) continue;
      recorder.record(e, null);
      if (e.sentAtMs !== null && e.sentAtMs >= nextFlush) {
        windows += buffer.flush(e.sentAtMs).length;
        nextFlush += 300_000;
      }
    }
    windows += buffer.flushAll().length;
    return { recorded: recorder.counts.recorded, windows };
  }

  parseAndRecord(); // warm-up
  gc();
  // The machine is shared: CPU time of this process is the "one core" figure; wall time is reported beside it.
  const cpu0 = process.cpuUsage();
  const tp = await figure("watcher/parse+record", `xqcow-lines-${CHANNELS}ch`, () => {
    let recorded = 0;
    let windows = 0;
    for (let p = 0; p < PASSES; p++) {
      const r = parseAndRecord();
      recorded += r.recorded;
      windows += r.windows;
    }
    return { recorded, windows };
  });
  const cpuSeconds = cpuSince(cpu0);
  const messages = LINES * PASSES;
  const perCpuSecond = Math.round(messages / cpuSeconds);
  report({
    ...tp.figure,
    throughput: { value: perCpuSecond, unit: "msg/cpu-s" },
    extra: { lines: messages, recorded: tp.result.recorded, windows: tp.result.windows, cpuSeconds: round(cpuSeconds, 2), wallMsgPerS: Math.round(messages / tp.figure.seconds) },
  });
  console.log(`parse+record: ${perCpuSecond.toLocaleString("en")} msg per CPU second (target 200,000), ${Math.round(messages / tp.figure.seconds).toLocaleString("en")} msg/s wall`);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}
