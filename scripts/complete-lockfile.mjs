// Adds lock entries for optional platform packages that `npm install` left out.
//
// Why: the registry reachable here lacks some versions of other platforms' binaries (for example
// @biomejs/cli-win32-x64@2.6.8), so npm leaves them out of package-lock.json, and `npm ci` then
// refuses the lock as "Missing: ... from lock file" (npm/cli#8320, #4828). Each missing package
// gets an entry with its version and the os/cpu/libc its name spells (`@rollup/rollup-linux-x64-musl`
// is linux, x64, musl), so npm skips it on any other platform without fetching it. No network.
// Run after any `npm install` that rewrites the lock:  node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const OS = [
  "android",
  "darwin",
  "linux",
  "win32",
  "freebsd",
  "openbsd",
  "openharmony",
  "sunos",
  "aix",
];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x"];

/** os, cpu and libc from a platform package's name, or null when the name does not say. */
function platformOf(name) {
  const tokens = name.replace(/^@[^/]+\//, "").split(/[-_]/);
  const os = OS.find((o) => tokens.includes(o));
  const cpu = CPU.find((c) => tokens.includes(c));
  if (os === undefined || cpu === undefined) return null;
  const libc =
    tokens.includes("musl") || tokens.includes("musleabihf")
      ? ["musl"]
      : os === "linux" &&
          (tokens.includes("gnu") || tokens.includes("glibc") || tokens.includes("gnueabihf"))
        ? ["glibc"]
        : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${path}/node_modules/${name}`;
    if (packages[key] !== undefined || packages[nested] !== undefined) continue;
    const platform = platformOf(name);
    if (platform === null) {
      console.warn(`complete-lockfile: ${name} names no platform; left out`);
      continue;
    }
    packages[key] = {
      version,
      ...(entry.dev === true ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
lock.packages = sorted;
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
