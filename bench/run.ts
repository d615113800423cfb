/**
 * `npm run bench [name…] [--save]`: runs each bench/*.bench.ts in its own process, prints its figures
 * (time, peak memory, throughput) and compares them with bench/results/baseline.json, the previous
 * figures kept in the repo. `--save` makes this run the new baseline.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchFigure } from "./lib.js";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const BASELINE = path.join(BENCH_DIR, "results", "baseline.json");
const LATEST = path.join(BENCH_DIR, "results", "latest.local.json");

export async function runBenchmarks(args: string[]): Promise<number> {
  const save = args.includes("--save");
  const names = args.filter((a) => !a.startsWith("--"));
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
    .sort();
  const baseline: BenchFigure[] = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, "utf8")) : [];
  const figures: BenchFigure[] = [];
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n== ${file}\n`);
    const { code, figures: got } = await runOne(path.join(BENCH_DIR, file));
    if (code !== 0) failed++;
    for (const f of got) {
      figures.push(f);
      process.stdout.write(formatFigure(f, baseline.find((b) => b.name === f.name && b.size === f.size)) + "\n");
    }
  }
  writeFileSync(LATEST, JSON.stringify(figures, null, 2));
  if (save) {
    const merged = baseline.filter((b) => !figures.some((f) => f.name === b.name && f.size === b.size)).concat(figures);
    writeFileSync(BASELINE, JSON.stringify(merged, null, 2) + "\n");
    process.stdout.write(`\nsaved ${figures.length} figures as the baseline (${path.relative(process.cwd(), BASELINE)})\n`);
  }
  return failed ? 1 : 0;
}

function runOne(file: string): Promise<{ code: number; figures: BenchFigure[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", file], { stdio: ["ignore", "pipe", "inherit"] });
    const figures: BenchFigure[] = [];
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith("BENCH ")) figures.push(JSON.parse(line.slice(6)));
        else process.stdout.write(`   ${line}\n`);
      }
    });
    child.on("close", (code) => resolve({ code: code ?? 1, figures }));
  });
}

function formatFigure(f: BenchFigure, before?: BenchFigure): string {
  const tp = f.throughput ? `  ${Math.round(f.throughput.value).toLocaleString("en")} ${f.throughput.unit}` : "";
  const delta = before ? `  (was ${before.seconds}s, ${before.peakRssMb} MB: ${pct(f.seconds, before.seconds)})` : "  (no previous figure)";
  return `${f.name.padEnd(34)} ${f.size.padEnd(26)} ${f.seconds.toFixed(3).padStart(9)} s ${String(f.peakRssMb).padStart(6)} MB${tp}${delta}`;
}

function pct(now: number, was: number): string {
  if (was === 0) return "n/a";
  const d = ((now - was) / was) * 100;
  return `${d >= 0 ? "+" : ""}${d.toFixed(0)}% time`;
}
