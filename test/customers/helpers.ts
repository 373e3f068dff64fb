// Shared helpers for the customer and value tests: fixtures, DuckDB and deep freezing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Recursively freezes a value so that any mutation by the library throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Reads a CSV without quoted fields (true of the fixtures used here). */
export function readSimpleCsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const header = (lines.shift() ?? "").split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = cells[i] ?? "";
    });
    return row;
  });
}

/** Runs SQL in a fresh in-memory DuckDB and returns the rows as JSON-friendly objects. */
export async function sql(query: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal of a path. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
