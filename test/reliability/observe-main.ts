// Entry of the child processes of determinism.test.ts: prints what observe.ts observes, as JSON,
// under the TZ the process was started with, with the offset it sees for mid-January 2025.
import { observeBattery, observeCorpus } from "./observe.ts";

process.stdout.write(
  JSON.stringify({
    offset: new Date(Date.UTC(2025, 0, 15)).getTimezoneOffset(),
    battery: observeBattery(),
    corpus: observeCorpus(),
  }),
);
