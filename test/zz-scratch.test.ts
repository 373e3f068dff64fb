import { it } from "vitest";
import { bgNbdExpectedPurchases, bgNbdPurchaseProbability } from "../src/value/models/bgnbd.ts";
it("x", () => {
  const p = { r: 0.24259290698992653, alpha: 4.413531504216066, a: 0.7928861345340094, b: 2.4257533861979916 };
  for (const t of [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00, 1000]) {
    let s = 0; for (let k = 1; k < 20000; k++) s += k * bgNbdPurchaseProbability(p, k, t);
    console.log(t, bgNbdExpectedPurchases(p, t).value, s);
  }
});
