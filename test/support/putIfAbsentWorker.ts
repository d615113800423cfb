/**
 * One writer of the put-if-absent race (src/lake/putIfAbsent.race.test.ts), run as its own process:
 * opens the lake, says "ready", waits for "go", makes one putIfAbsent of its own body and reports.
 * argv: <lake folder> <key>
 */
import { LocalLakeStore } from "../../src/lake/local/LocalLakeStore.js";

export interface WorkerReport {
  pid: number;
  won: boolean;
  body: string;
  error?: string;
}

const [root, key] = process.argv.slice(2);
const lake = new LocalLakeStore(root);
const body = `written by process ${process.pid}`;

process.once("message", async () => {
  let report: WorkerReport;
  try {
    report = { pid: process.pid, won: await lake.putIfAbsent(key, body), body };
  } catch (e) {
    report = { pid: process.pid, won: false, body, error: (e as Error).message };
  }
  process.send!(report, () => process.disconnect());
});
process.send!("ready");
