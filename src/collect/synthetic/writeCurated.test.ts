import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pseudonymize, PUBLIC_PSEUDONYM_KEY } from "../../core/index.js";
import { CURATED_CHANNELS_COLUMNS, CURATED_PRESENCE_COLUMNS, LocalLakeStore, PSEUDONYM_KEY } from "../../lake/index.js";
import { generateSynthetic } from "./generate.js";
import { writeSyntheticCurated } from "./writeCurated.js";

const data = generateSynthetic({ channels: 20, users: 500, days: 3, communities: 2, bots: 2, seed: 5, start: "2025-02-01" });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "synthetic-curated-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowsJS();
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const columnNames = (ddl: string) => ddl.split("\n").map((l) => l.trim().split(/\s+/)[0]).filter((n) => n && !n.startsWith("--"));

describe("writeSyntheticCurated", () => {
  it("writes one presence and one channels partition per day, in the curated columns, keyed by the lake's key", async () => {
    const lake = new LocalLakeStore(path.join(dir, "a"));
    const result = await writeSyntheticCurated(lake, data, { tempDir: dir });
    expect(result.keys).toEqual([
      "curated/presence/source=live/date=2025-02-01/part-00000.parquet",
      "curated/presence/source=live/date=2025-02-02/part-00000.parquet",
      "curated/presence/source=live/date=2025-02-03/part-00000.parquet",
      "curated/channels/date=2025-02-01/part-00000.parquet",
      "curated/channels/date=2025-02-02/part-00000.parquet",
      "curated/channels/date=2025-02-03/part-00000.parquet",
    ]);
    const presence = `'${lake.root}/curated/presence/*/*/*.parquet'`;
    const described = await query(`DESCRIBE SELECT * FROM read_parquet(${presence}, hive_partitioning = false)`);
    expect(described.map((r) => r[0])).toEqual(columnNames(CURATED_PRESENCE_COLUMNS));
    const channels = await query(`DESCRIBE SELECT * FROM read_parquet('${lake.root}/curated/channels/*/*.parquet', hive_partitioning = false)`);
    expect(channels.map((r) => r[0])).toEqual(columnNames(CURATED_CHANNELS_COLUMNS));
    expect(await query(`SELECT count(*)::INTEGER, count(user_login)::INTEGER FROM read_parquet(${presence})`)).toEqual([[result.rows, 0]]);
    const key = Buffer.from((await lake.get(PSEUDONYM_KEY))!).toString("utf8").trim();
    const bot = data.botLogins[0];
    const [[botRows]] = await query(`SELECT count(*) FROM read_parquet(${presence}) WHERE login_key = ${pseudonymize(key, "twitch", bot)}`);
    expect(Number(botRows)).toBe(data.rows.userIdx.filter((u) => u === data.humanCount).length);
  });

  it("stores ids and logins in clear beside the public key when pseudonymisation is off", async () => {
    const lake = new LocalLakeStore(path.join(dir, "b"));
    await writeSyntheticCurated(lake, data, { tempDir: dir, pseudonymize: false, source: "vod" });
    const rows = await query(`SELECT DISTINCT user_id, user_login, login_key FROM read_parquet('${lake.root}/curated/presence/source=vod/*/*.parquet') WHERE user_login = 'viewer_0'`);
    expect(rows).toEqual([["10000000", "viewer_0", pseudonymize(PUBLIC_PSEUDONYM_KEY, "twitch", "viewer_0")]]);
  });
});
