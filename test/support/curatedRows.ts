/**
 * Reads a lake's curated tables back (any backend: objects are copied to a temp folder first) with DuckDB,
 * as plain JSON rows in a fixed order, so tests compare lakes and runs row for row.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { LakeStore } from "../../src/lake/index.js";

export type Row = Record<string, unknown>;

export interface CuratedRows {
  /** With `source` and `date` from the partition path. */
  presence: Row[];
  channels: Row[];
}

export async function readCuratedRows(lake: LakeStore): Promise<CuratedRows> {
  const dir = await mkdtemp(path.join(tmpdir(), "vieweratlas-curated-"));
  try {
    let presenceFiles = 0;
    let channelFiles = 0;
    for await (const object of lake.list("curated/")) {
      if (!object.key.endsWith(".parquet")) continue;
      const file = path.join(dir, ...object.key.split("/"));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, (await lake.get(object.key)) as Uint8Array);
      if (object.key.startsWith("curated/presence/")) presenceFiles++;
      else channelFiles++;
    }
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const read = async (glob: string, order: string): Promise<Row[]> => {
        const reader = await connection.runAndReadAll(
          `SELECT * FROM read_parquet('${path.join(dir, glob)}', hive_partitioning = true, hive_types_autocast = false) ORDER BY ${order}`,
        );
        return reader.getRowObjectsJson() as Row[];
      };
      return {
        presence: presenceFiles ? await read("curated/presence/*/*/*.parquet", "source, date, platform, channel_login, user_key") : [],
        channels: channelFiles ? await read("curated/channels/*/*.parquet", "date, platform, channel_login") : [],
      };
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
