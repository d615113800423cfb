#!/usr/bin/env node
// `npm run bench`: runs every benchmark under bench/ (or the ones named on the command line).
import { register } from "tsx/esm/api";

register();
const { runBenchmarks } = await import("../bench/run.ts");
process.exitCode = await runBenchmarks(process.argv.slice(2));
