// The same SQL text as the DuckDB test, run on PostgreSQL through `psql` (no npm dependency).
// Skipped unless PG_URL is set: `.ci/sql.sh` starts a throwaway server and sets it.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlRow } from "../../src/sql/query.ts";
import { CASES, FIXTURES, TABLES } from "./cases.ts";

const URL = process.env["PG_URL"];
const SCHEMA = `engagement_metrics_${process.pid}`;
const NULL = "__NULL__";

/** Runs `psql` with each command as its own `-c`, in the test's schema; returns stdout. */
function psql(commands: readonly string[], csv = false): string {
  const args = [URL ?? "", "-X", "-q", "-v", "ON_ERROR_STOP=1"];
  if (csv) args.push("--csv", "-P", `null=${NULL}`);
  for (const command of commands) args.push("-c", command);
  return execFileSync("psql", args, {
    encoding: "utf8",
    env: {
      ...process.env,
      PGOPTIONS: `-c search_path=${SCHEMA} -c TimeZone=UTC -c client_min_messages=warning`,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Parses psql's CSV output (RFC 4180 quoting) into rows; NULL becomes null. */
function parseCsv(text: string): SqlRow[] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell !== "" || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  const [head, ...body] = records;
  return body.map((cells) =>
    Object.fromEntries((head ?? []).map((name, k) => [name, cells[k] === NULL ? null : cells[k]])),
  );
}

describe.skipIf(URL === undefined || URL === "")(
  "the emitted SQL on PostgreSQL equals the in-memory results",
  () => {
    beforeAll(() => {
      psql([`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`, `CREATE SCHEMA ${SCHEMA}`]);
      for (const table of TABLES) {
        psql([table.ddl, `\\copy ${table.name} FROM '${join(FIXTURES, table.file)}' CSV HEADER`]);
      }
    });

    afterAll(() => {
      psql([`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`]);
    });

    for (const c of CASES) {
      it(c.name, () => {
        const rows = parseCsv(psql([c.sql], true));
        const compare =
          c.compare ?? ((value: unknown): unknown => JSON.parse(JSON.stringify(value)));
        expect(compare(c.finalize(rows))).toEqual(compare(c.expected()));
      });
    }

    it("is the same SQL text as the DuckDB test runs (standard dialect, no vendor function)", () => {
      for (const c of CASES) expect(c.sql).not.toMatch(/date_trunc|epoch_ms|::/i);
    });
  },
);
