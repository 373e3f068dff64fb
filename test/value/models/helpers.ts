// Shared by the model tests: the common helpers (test/helpers.ts) and the fixtures.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export * from "../../helpers.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");

/** One CDNOW sample order: sample customer id, ISO date (UTC midnight), dollar value. */
export interface CdnowOrder {
  readonly customerId: number;
  readonly date: string;
  readonly amount: number;
}

/** CDNOW_sample.txt (lifetimes): master id, sample id, YYYYMMDD, CDs, dollars. */
export function cdnowOrders(): CdnowOrder[] {
  const text = readFileSync(join(FIXTURES, "cdnow", "CDNOW_sample.txt"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => {
      const [, id, d, , value] = line.trim().split(/\s+/) as [
        string,
        string,
        string,
        string,
        string,
      ];
      return {
        customerId: Number(id),
        date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T00:00:00Z`,
        amount: Number(value),
      };
    });
}

/** A CDNOW summary row as printed in lifetimes' files. */
export interface CdnowRow {
  readonly id: number;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly monetary: number;
}

function csv(path: string): number[][] {
  return readFileSync(join(FIXTURES, path), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",").map(Number));
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T (Fader, Hardie & Lee 2005 input). */
export function cdnowSummary(): CdnowRow[] {
  return csv("cdnow/cdnow_customers_summary.csv").map(([id, x, tx, t]) => ({
    id: id as number,
    frequency: x as number,
    recency: tx as number,
    T: t as number,
    monetary: 0,
  }));
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar. */
export function cdnowWithSpend(): CdnowRow[] {
  return csv("cdnow/cdnow_customers_summary_with_transactions.csv").map(([id, x, tx, t, z]) => ({
    id: id as number,
    frequency: x as number,
    recency: tx as number,
    T: t as number,
    monetary: z as number,
  }));
}

/** sbg_paper.csv rows: customer_id, recency, T, cohort. */
export function sbgPaperRows(): { recency: number; T: number; cohort: string }[] {
  const text = readFileSync(join(FIXTURES, "sbg-retention", "sbg_paper.csv"), "utf8");
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [, recency, T, cohort] = line.split(",") as [string, string, string, string];
      return { recency: Number(recency), T: Number(T), cohort };
    });
}

/** The published CDNOW BG/NBD fit (Fader, Hardie & Lee 2005), as a fitted-model object, in weeks. */
export const CDNOW_BG_NBD_MODEL = {
  metric: "bgNbd",
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  timeUnit: "week",
} as const;

/** The published CDNOW Gamma-Gamma fit (Fader & Hardie 2013), as a fitted-model object. */
export const CDNOW_GAMMA_GAMMA_MODEL = {
  metric: "gammaGamma",
  params: { p: 6.25, q: 3.74, v: 15.44 },
} as const;
