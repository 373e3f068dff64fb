// Regenerates the synthetic example data deterministically: `node examples/data/generate.ts`.
// The survey answers and subscriptions are synthetic (no open NPS dataset exists); the orders
// sample in orders-sample.csv is real (UCI Online Retail, CC BY 4.0; see README.md).
import { writeFileSync } from "node:fs";
import { join } from "node:path";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20251123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const regions = ["North", "South", "East", "West"] as const;
const plans = ["Basic", "Pro", "Enterprise"] as const;
// Each region leans differently, so segments differ for real.
const lean: Record<string, number> = { North: 0.8, South: -0.6, East: 0.2, West: 0 };
const dir = import.meta.dirname;
const start = Date.UTC(2025, 0, 1);
const day = 86_400_000;

const survey = ["response_id,customer_id,date,region,plan,nps,csat,ces"];
for (let i = 0; i < 2400; i++) {
  const region = pick(regions);
  const plan = pick(plans);
  const mood = (random() + random() + random()) / 3 + (lean[region] ?? 0) * 0.15 + (plan === "Enterprise" ? 0.05 : 0);
  const nps = Math.max(0, Math.min(10, Math.round(3.2 + mood * 8 + (random() - 0.5) * 3)));
  const csat = Math.max(1, Math.min(5, Math.round(1.6 + mood * 4 + (random() - 0.5))));
  const ces = Math.max(1, Math.min(7, Math.round(1 + mood * 6 + (random() - 0.5) * 2)));
  const date = new Date(start + Math.floor(random() * 365 * day) + Math.floor(random() * day)).toISOString();
  survey.push(`R${i + 1},C${1 + Math.floor(random() * 900)},${date},${region},${plan},${nps},${csat},${ces}`);
}
writeFileSync(join(dir, "survey-responses.csv"), `${survey.join("\n")}\n`);

const subs = ["customer_id,region,plan,start,end,mrr"];
for (let i = 0; i < 900; i++) {
  const region = pick(regions);
  const plan = pick(plans);
  const mrr = plan === "Basic" ? 29 : plan === "Pro" ? 99 : 499;
  const begin = Date.UTC(2024, 0, 1) + Math.floor(random() * 700 * day);
  const monthlyChurn = (plan === "Basic" ? 0.06 : plan === "Pro" ? 0.035 : 0.015) * (1 - (lean[region] ?? 0) * 0.3);
  const months = Math.ceil(Math.log(1 - random()) / Math.log(1 - monthlyChurn));
  const end = begin + months * 30.4375 * day;
  const endText = end < Date.UTC(2025, 11, 1) ? new Date(end).toISOString() : "";
  subs.push(`C${i + 1},${region},${plan},${new Date(begin).toISOString()},${endText},${mrr}`);
}
writeFileSync(join(dir, "subscriptions.csv"), `${subs.join("\n")}\n`);

const activity = ["customer_id,region,sessions_per_week,email_open_rate,ctr,dwell_minutes,review_count"];
for (let i = 0; i < 900; i++) {
  const region = pick(regions);
  const engaged = random() + (lean[region] ?? 0) * 0.2;
  const sessions = Math.max(0, Math.round(engaged * 8 + random() * 3));
  const open = Math.min(1, Math.max(0, engaged * 0.6 + random() * 0.2)).toFixed(3);
  const ctr = Math.min(1, Math.max(0, engaged * 0.08 + random() * 0.02)).toFixed(4);
  const dwell = (engaged * 20 + random() * 10).toFixed(1);
  const reviews = random() < 0.1 ? "" : String(Math.floor(engaged * random() * 6));
  activity.push(`C${i + 1},${region},${sessions},${open},${ctr},${dwell},${reviews}`);
}
writeFileSync(join(dir, "activity.csv"), `${activity.join("\n")}\n`);
