import { it } from "vitest";
import { appendFileSync, writeFileSync } from "node:fs";
import { MetricsInputError } from "../../src/index.ts";
import { BATTERY, invoke } from "./battery.ts";
import { firstNonJson } from "./plain-json.ts";

const BAD: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, -1, null, undefined, "x", {}, [], 1.5, -0, 1e308, true, "2025-02-30T00:00:00Z"];
const SKIP = new Set(["zForLevel","twoSidedPValue","wilsonInterval","waldInterval","compensatedSum","addToSum","sumValue","mergeSums","addIntervals","bucketStart","createBucketer","isoInZone","listBuckets","runMetric","formatPath","attempt","MetricsInputError","sbgSurvivalCurve"]);
type Leaf = { path: (string|number)[] };
function leaves(v: unknown, path: (string|number)[] = [], out: Leaf[] = [], depth = 0): Leaf[] {
  if (depth > 6) return out;
  if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
    if (Array.isArray(v)) { out.push({ path }); v.slice(0, 4).forEach((x, i) => leaves(x, [...path, i], out, depth + 1)); }
    else if (typeof (v as {init?: unknown}).init === 'function') { /* a metric */ }
    else { out.push({ path }); for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], [...path, k], out, depth + 1); }
  } else if (typeof v !== "function") out.push({ path });
  return out;
}
function setAt(root: unknown[], path: (string|number)[], value: unknown): unknown[] {
  const clone = structuredCloneSafe(root) as unknown[];
  let o: any = clone;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i] as any];
  o[path[path.length - 1] as any] = value;
  return clone;
}
function structuredCloneSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneSafe);
  if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneSafe(x)]));
  }
  return v;
}
it("probe", () => {
  writeFileSync("/tmp/probe-progress.txt", "");
  const found = new Map<string, string>();
  for (const call of BATTERY) {
    if (SKIP.has(call.name)) continue;
    const base = call.args();
    for (const leaf of leaves(base)) {
      if (leaf.path.length === 0) continue;
      for (const bad of BAD) {
        const args = setAt(base as unknown[], leaf.path, bad);
        appendFileSync('/tmp/probe-progress.txt', `${call.name} ${JSON.stringify(leaf.path)} ${String(bad)}\n`);
        let out: unknown;
        try { out = invoke(call, args); }
        catch (e) {
          if (e instanceof MetricsInputError) continue;
          const key = `${call.name} ${JSON.stringify(leaf.path)}: ${(e as Error).name}: ${(e as Error).message.slice(0, 90)}`;
          if (!found.has(key)) found.set(key, String(bad));
          continue;
        }
        const bad2 = firstNonJson(out);
        if (bad2 !== null) { const key = `${call.name} ${JSON.stringify(leaf.path)}: non-JSON ${bad2.slice(0, 80)}`; if (!found.has(key)) found.set(key, String(bad)); }
      }
    }
  }
  for (const [k, v] of found) appendFileSync("/tmp/probe-found.txt", `${k} <= ${v}\n`);
}, 600000);
