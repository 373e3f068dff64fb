// Names the runtime in test titles: "node v20.19.0", "deno 2.9.6", "bun 1.4.5", or the
// browser's user agent. Bun and Deno also set process.versions.node, so they are asked first.
export function runtimeLabel() {
  if (typeof globalThis.Bun !== "undefined") return `bun ${globalThis.Bun.version}`;
  if (typeof globalThis.Deno !== "undefined") return `deno ${globalThis.Deno.version.deno}`;
  if (typeof globalThis.process?.versions?.node === "string") return `node ${process.version}`;
  return globalThis.navigator?.userAgent ?? "unknown runtime";
}
