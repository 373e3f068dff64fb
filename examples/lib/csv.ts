// A tiny CSV reader for the example data (no quoted fields with commas or newlines in these files).
import { readFileSync } from "node:fs";

export function readCsv(path: string): Record<string, string>[] {
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
