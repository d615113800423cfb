/**
 * Moves typed arrays into a DuckDB table a chunk at a time: values are written into the chunk's vectors
 * in JS and copied across once per chunk, so millions of rows cost no per-row native call.
 */
import { BIGINT, type DuckDBConnection, DuckDBDataChunk, type DuckDBType, INTEGER, SMALLINT } from "@duckdb/node-api";

export type TypedColumn = Int32Array | Uint16Array | BigInt64Array;

const CHUNK_ROWS = 2048;

function duckType(column: TypedColumn): DuckDBType {
  if (column instanceof BigInt64Array) return BIGINT;
  if (column instanceof Uint16Array) return SMALLINT;
  return INTEGER;
}

/** Creates `table` with the given column names and fills it from equal-length typed arrays. */
export async function tableFromColumns(connection: DuckDBConnection, table: string, columns: Record<string, TypedColumn>): Promise<void> {
  const names = Object.keys(columns);
  const arrays = names.map((n) => columns[n]);
  const types = arrays.map(duckType);
  await connection.run(`CREATE OR REPLACE TABLE ${table} (${names.map((n, i) => `${n} ${types[i].toString()}`).join(", ")})`);
  const length = arrays[0]?.length ?? 0;
  const appender = await connection.createAppender(table);
  const chunk = DuckDBDataChunk.create(types, CHUNK_ROWS);
  for (let start = 0; start < length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, length - start);
    chunk.rowCount = n;
    for (let c = 0; c < arrays.length; c++) {
      const vector = chunk.getColumnVector(c);
      const source = arrays[c];
      // NOTE: setItem fills the vector's JS-side buffer; flush copies it to DuckDB once per chunk.
      for (let i = 0; i < n; i++) vector.setItem(i, source[start + i]);
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}
