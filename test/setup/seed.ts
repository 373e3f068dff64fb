// Property tests draw random cases with a new seed on every run, so a developer's runs keep
// exploring. CI sets FC_SEED (.ci/run) so that a submission passes or fails on its code alone,
// not on the luck of the draw; a failure prints the seed and path that replay it.
import { fc } from "@fast-check/vitest";

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== "") {
  const value = Number(seed);
  if (!Number.isSafeInteger(value)) throw new Error(`FC_SEED: expected an integer, got "${seed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: value });
}
