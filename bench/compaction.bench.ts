/**
 * Compaction throughput: synthetic windows giving about 1M curated presence rows (2,000 channels x 10 days,
 * 6 windows of 25 chatters per channel-day from an audience of 60) are written through the raw writer to a
 * temp local lake (timed apart), then compacted; a second, no-op run shows the cost of checking manifests.
 * `BENCH_COMPACTION_SCALE=0.1` runs a tenth of the channels, for a quick look.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactLake, writeRawWindow } from "../src/collect/index.js";
import { LocalLakeStore } from "../src/lake/index.js";
import { channelDayWindows } from "../test/support/presenceWindows.js";
import { figure, report, round } from "./lib.js";

const scale = Number(process.env.BENCH_COMPACTION_SCALE ?? "1");
const channels = Math.round(2000 * scale);
const options = { channels, days: 10, windowsPerChannelDay: 6, audiencePerChannelDay: 60, usersPerWindow: 25, firstDay: "2024-06-01", seed: 1 };
const size = `${channels}ch-10d-${channels * 60}win`;
const env = { VIEWERATLAS_PSEUDONYM_KEY: "bench-key" };

const dir = await mkdtemp(path.join(tmpdir(), "bench-compaction-"));
try {
  const lake = new LocalLakeStore(dir);
  const write = await figure("compaction/write-raw", size, async () => {
    let written = 0;
    const inFlight = new Set<Promise<unknown>>();
    for (const window of channelDayWindows(options)) {
      const p: Promise<boolean> = writeRawWindow(lake, window).then(() => inFlight.delete(p));
      inFlight.add(p);
      written++;
      if (inFlight.size >= 32) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return written;
  });
  report({ ...write.figure, throughput: { value: write.result / write.figure.seconds, unit: "windows/s" } });

  // CPU seconds (this process and DuckDB's threads) say more than wall time on a shared machine.
  const cpuBefore = process.cpuUsage();
  const compact = await figure("compaction/compact", size, () => compactLake(lake, {}, { env }));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = round((cpu.user + cpu.system) / 1e6, 2);
  const rows = compact.result.rowsWritten.presence;
  report({
    ...compact.figure,
    throughput: { value: compact.result.windowsRead / compact.figure.seconds, unit: "windows/s" },
    extra: { presenceRows: rows, channelRows: compact.result.rowsWritten.channels, days: compact.result.daysRebuilt.length, cpuSeconds, rowsPerCpuSecond: round(rows / cpuSeconds, 0) },
  });
  report({ ...compact.figure, name: "compaction/compact-rows", throughput: { value: round(rows / compact.figure.seconds, 0), unit: "rows/s" }, extra: { presenceRows: rows } });
  const noop = await figure("compaction/unchanged-rerun", size, () => compactLake(lake, {}, { env }));
  report({ ...noop.figure, extra: { daysUnchanged: noop.result.daysUnchanged } });
} finally {
  await rm(dir, { recursive: true, force: true });
}
