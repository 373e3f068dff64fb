import { attempt, inputError, type SafeResult } from "../errors.js";
import type { Interval, Warning } from "../result.js";
import { zForLevel } from "./normal.js";

/** successes within [0, n] and n finite (n > 0 was checked): else an input error. */
function checkProportion(successes: number, n: number): void {
  if (!Number.isFinite(n)) throw inputError(["n"], "expected a finite count n");
  if (!(successes >= 0 && successes <= n)) {
    throw inputError(["successes"], "expected successes between 0 and n");
  }
}

/**
 * Wilson score interval for a proportion (Wilson 1927), the default for every rate here
 * because the Wald interval undercovers near 0 and 1 (Brown, Cai & DasGupta 2001):
 *
 * centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²).
 *
 * `n` may be an effective (Kish) sample size and need not be an integer. Returns `null` for n = 0; successes outside [0, n] or an infinite n
 * throw a `MetricsInputError`.
 * @example
 * wilsonInterval(50, 100, 0.95)?.lower // ≈ 0.4038
 * wilsonInterval(50, 100, 0.95)?.upper // ≈ 0.5962
 */
export function wilsonInterval(successes: number, n: number, level: number): Interval | null {
  if (!(n > 0)) return null;
  checkProportion(successes, n);
  const z = zForLevel(level);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return {
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
    level,
    method: "wilson",
  };
}

/**
 * Wald interval for a proportion: p̂ ± z·√(p̂(1−p̂)/n), clamped to [0, 1]. Offered for comparison
 * with tools that use it; prefer {@link wilsonInterval}.
 * @example
 * waldInterval(50, 100, 0.95)?.lower // ≈ 0.402
 */
export function waldInterval(successes: number, n: number, level: number): Interval | null {
  if (!(n > 0)) return null;
  checkProportion(successes, n);
  const z = zForLevel(level);
  const p = successes / n;
  const half = z * Math.sqrt((p * (1 - p)) / n);
  return { lower: Math.max(0, p - half), upper: Math.min(1, p + half), level, method: "wald" };
}

/**
 * The standard sample-size and precision warnings, as data. `noun` names what `n` counts
 * in the small-sample message (default `"responses"`).
 * @internal
 */
export function sampleWarnings(
  n: number,
  minSampleSize: number,
  interval: Interval | null,
  maxHalfWidth: number,
  unit: string,
  noun = "responses",
): Warning[] {
  const warnings: Warning[] = [];
  if (n > 0 && n < minSampleSize) {
    warnings.push({
      code: "small-sample",
      message: `Only ${round(n)} ${noun} (fewer than ${minSampleSize}): treat the value as indicative.`,
    });
  }
  if (interval !== null) {
    const half = (interval.upper - interval.lower) / 2;
    if (half > maxHalfWidth) {
      warnings.push({
        code: "wide-interval",
        message: `The ${Math.round(interval.level * 100)}% interval is ±${round(half)} ${unit} wide (more than ±${maxHalfWidth}).`,
      });
    }
  }
  return warnings;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** {@link waldInterval} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeWaldInterval(
  successes: number,
  n: number,
  level: number,
): SafeResult<Interval | null> {
  return attempt(() => waldInterval(successes, n, level));
}

/** {@link wilsonInterval} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeWilsonInterval(
  successes: number,
  n: number,
  level: number,
): SafeResult<Interval | null> {
  return attempt(() => wilsonInterval(successes, n, level));
}
