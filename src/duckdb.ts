// engagement-metrics/duckdb: the SQL of the metrics run on DuckDB, embedded, reading Parquet or
// CSV files directly. @duckdb/node-api is an optional peer dependency, imported on first use;
// the core package never needs it.
import { MetricsInputError } from "./errors.js";
import type { CohortRetention } from "./group/cohort.js";
import {
  type CohortRetentionSqlOptions,
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
} from "./sql/cohort.js";
import {
  type FromSqlRowsOptions,
  fromSqlRows,
  type NamedMetrics,
  type SqlMetrics,
  type SqlResultFor,
  type SqlRow,
  type ToSqlOptions,
  toSql,
} from "./sql/query.js";

/** Where the rows are: files read by DuckDB, or a table of a database file. */
export interface DuckDBSource {
  /** Parquet or CSV file(s), or glob patterns (`data/orders-*.parquet`). */
  readonly file?: string | readonly string[];
  /** Default: from the extension (`.parquet`, `.csv`, `.csv.gz`, `.tsv`). */
  readonly format?: "parquet" | "csv";
  /** A table or view of `database` (instead of files). */
  readonly table?: string;
  /** A DuckDB database file; default an in-memory database. */
  readonly database?: string;
}

/** Options of {@link queryDuckDB}: those of `toSql` / `fromSqlRows`, with a source instead of a table. */
export type QueryDuckDBOptions<M> = Omit<ToSqlOptions, "table" | "dialect"> &
  Omit<FromSqlRowsOptions<M>, "table" | "dialect"> & { readonly source: DuckDBSource };

/** Options of {@link cohortRetentionDuckDB}. */
export type CohortRetentionDuckDBOptions = Omit<CohortRetentionSqlOptions, "table" | "dialect"> & {
  readonly source: DuckDBSource;
};

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The FROM item of a source: `read_parquet([...])`, `read_csv([...])` or the table. @internal */
export function duckdbRelation(source: DuckDBSource): string {
  if (source === null || typeof source !== "object") {
    throw new MetricsInputError([
      { code: "custom", path: ["options", "source"], message: "expected { file } or { table }" },
    ]);
  }
  if (source.table !== undefined) return source.table;
  const files = typeof source.file === "string" ? [source.file] : (source.file ?? []);
  if (files.length === 0) {
    throw new MetricsInputError([
      {
        code: "custom",
        path: ["options", "source", "file"],
        message: "expected a file (Parquet or CSV) or a table",
      },
    ]);
  }
  const first = files[0] as string;
  const format = source.format ?? (/\.parquet$/i.test(first) ? "parquet" : "csv");
  const list = `[${files.map(literal).join(", ")}]`;
  return format === "parquet" ? `read_parquet(${list})` : `read_csv(${list})`;
}

interface Connection {
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
  closeSync(): void;
}

interface Instance {
  connect(): Promise<Connection>;
  closeSync(): void;
}

interface DuckDBModule {
  readonly DuckDBInstance: { create(path?: string): Promise<Instance> };
}

function isDuckDBModule(value: unknown): value is DuckDBModule {
  const instance: unknown =
    value !== null && typeof value === "object" ? Reflect.get(value, "DuckDBInstance") : undefined;
  return (
    instance !== null &&
    (typeof instance === "object" || typeof instance === "function") &&
    typeof Reflect.get(instance, "create") === "function"
  );
}

/** Loads @duckdb/node-api, or explains how to install it. */
async function loadDuckDB(): Promise<DuckDBModule> {
  let module: unknown;
  try {
    const name = "@duckdb/node-api";
    module = await import(name);
  } catch (cause) {
    throw new Error(
      "engagement-metrics/duckdb needs the optional peer dependency @duckdb/node-api: run `npm install @duckdb/node-api`",
      { cause },
    );
  }
  if (!isDuckDBModule(module)) throw new Error("@duckdb/node-api does not export DuckDBInstance");
  return module;
}

/** Runs one query on a fresh DuckDB instance and returns its rows as plain objects. @internal */
export async function runDuckDB(sql: string, database?: string): Promise<SqlRow[]> {
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(database ?? ":memory:");
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * Computes metrics per segment or period in DuckDB, reading Parquet or CSV files directly
 * (`read_parquet` / `read_csv`) or a table of a database file: {@link toSql} with the DuckDB
 * dialect, run on an embedded DuckDB, and {@link fromSqlRows} on its rows. The result equals
 * `bySegment` / `byPeriod` on the same rows as records, without loading them into JavaScript.
 *
 * Needs the optional peer dependency `@duckdb/node-api` (imported on first call; a clear error
 * says how to install it when it is missing).
 * @param metrics - A metric or metrics by name, as for `toSql`.
 * @param options - `source` (files or table), and `toSql`'s columns, grouping and dates.
 */
export async function queryDuckDB<
  M extends SqlMetrics,
  const O extends QueryDuckDBOptions<NamedMetrics<M>>,
>(metrics: M, options: O): Promise<SqlResultFor<O, NamedMetrics<M>>> {
  const given: QueryDuckDBOptions<NamedMetrics<M>> = options;
  const { source, minN, sort, ...rest } = given;
  const sqlOptions: ToSqlOptions = { ...rest, table: duckdbRelation(source), dialect: "duckdb" };
  const rows = await runDuckDB(toSql(metrics, sqlOptions), source.database);
  const result = fromSqlRows(metrics, rows, {
    ...sqlOptions,
    ...(minN === undefined ? {} : { minN }),
    ...(sort === undefined ? {} : { sort }),
  });
  // Same grouping options as the caller's: the result has the shape SqlResultFor<O> names.
  return result as SqlResultFor<O, NamedMetrics<M>>;
}

/**
 * A calendar cohort-retention matrix computed in DuckDB from an orders file or table:
 * {@link cohortRetentionSql} run on an embedded DuckDB, finalized by
 * {@link cohortRetentionFromSqlRows}; equal to `cohortRetention` on the same orders.
 * Needs the optional peer dependency `@duckdb/node-api`.
 */
export async function cohortRetentionDuckDB(
  options: CohortRetentionDuckDBOptions,
): Promise<CohortRetention> {
  const { source, ...rest } = options;
  const sqlOptions = { ...rest, table: duckdbRelation(source), dialect: "duckdb" } as const;
  const rows = await runDuckDB(cohortRetentionSql(sqlOptions), source.database);
  return cohortRetentionFromSqlRows(rows, sqlOptions);
}
