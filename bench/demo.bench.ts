/**
 * The demo and the acceptance figure of the analysis stage:
 * - `demo` at its default size through the CLI path (raw windows -> compaction -> analysis -> render), timed whole;
 * - the acceptance check: 5,000 channels, 1M users (default generator settings, bots included) written straight to
 *   curated Parquet, then runAnalysis with the DEFAULT config (threshold 1; bench/analysis.bench.ts uses the peer's
 *   threshold 10): time, peak memory, NMI vs planted. Acceptance: NMI >= 0.92.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { nmi, runAnalysis, unassignedAsSingletons } from "../src/analyze/index.js";
import { DEMO_DEFAULTS, runDemo } from "../src/cli/commands/demo.js";
import { generateSynthetic, writeSyntheticCurated } from "../src/collect/index.js";
import { configSchema, systemClock } from "../src/core/index.js";
import { LocalLakeStore } from "../src/lake/index.js";
import { captureEffects } from "../test/support/cliEffects.js";
import { figure, report } from "./lib.js";

const ACCEPTANCE = { channels: 5000, users: 1_000_000 };

async function benchDemo(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "va-bench-demo-"));
  try {
    const fx = captureEffects({ cwd: dir, env: {} });
    const d = DEMO_DEFAULTS;
    const size = `${d.channels}ch-${d.users / 1000}kusers-${d.days}d`;
    const { result, figure: f } = await figure("demo/cli-default", size, () => runDemo(fx.effects, { lake: "lake", logLevel: "silent" }));
    const extra = { nmi: round3(result.nmi), communities: result.run.summary.communityCount, modularity: round3(result.run.summary.modularity) };
    console.log(`demo ${size}: ${JSON.stringify(extra)}`);
    report({ ...f, extra });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchSize(channels: number, users: number): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "va-bench-analysis-"));
  const size = `${channels}ch-${users / 1000}kusers`;
  try {
    const lake = new LocalLakeStore(dir);
    const data = generateSynthetic({ channels, users });
    await writeSyntheticCurated(lake, data, { pseudonymKey: "bench" });
    const config = configSchema.parse({});
    const { result, figure: f } = await figure("acceptance/run-default-config", size, () =>
      runAnalysis({ kind: "presence", lake, since: data.dayNames[0], until: data.dayNames.at(-1) }, config, {
        clock: systemClock,
        lake,
        env: { VIEWERATLAS_PSEUDONYM_KEY: "bench" },
      }),
    );
    const found = new Map(result.run.nodes.map((n) => [n.id, n.community]));
    const score = nmi(
      data.channels.map((c) => c.community),
      unassignedAsSingletons(data.channels.map((c) => found.get(c.login) ?? -1)),
    );
    const s = result.run.summary;
    console.log(`run ${size}: NMI ${score.toFixed(3)}, modularity ${s.modularity.toFixed(3)}, ${s.communityCount} communities, ${s.counts.edges} edges; ` + s.timings.map((t) => `${t.stage} ${t.seconds}s`).join(", "));
    report({
      ...f,
      throughput: { value: data.rows.count / f.seconds, unit: "rows/s" },
      extra: { nmi: round3(score), modularity: round3(s.modularity), communities: s.communityCount, rows: data.rows.count, edges: s.counts.edges, stages: s.timings },
    });
    if (channels >= 5000 && score < 0.92) process.stderr.write(`acceptance FAILED: NMI ${score.toFixed(3)} < 0.92 at ${channels} channels\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

await benchDemo();
await benchSize(ACCEPTANCE.channels, ACCEPTANCE.users);
