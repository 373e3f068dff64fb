// Names the runtime in test titles: "node v20.19.0", "deno 2.9.6", or the browser's user agent.
export function runtimeLabel() {
  if (typeof globalThis.Deno !== "undefined") return `deno ${globalThis.Deno.version.deno}`;
  if (typeof globalThis.process?.versions?.node === "string") return `node ${process.version}`;
  return globalThis.navigator?.userAgent ?? "unknown runtime";
}
