// A straightforward hand-written pricer of the gent-compute policy: exact (BigInt rationals),
// no compiler, no sandbox. The bench compares the sandboxed CLI against it.

import { createReadStream } from "node:fs";
import { money, isJsonObject, JsonNumber, parseTime, readRecordBatches, type JsonData, parseDecimal, type Rational } from "../src/index.js";

const { add, ceil, compare, div, DecimalSum, formatDecimal, max, min, mul, neg, parseScaled, rational, roundToStep, sub, ZERO } = money;

const r = (text: string): Rational => parseDecimal(text)!;
const step = r("0.0001");
const round = (x: Rational) => roundToStep(x, step, "half_even");

function quantity(v: JsonData | undefined) {
  if (v === undefined) return undefined;
  const s = v instanceof JsonNumber ? parseScaled(v.text, "json") : typeof v === "string" ? parseScaled(v, "decimal") : undefined;
  if (!s || s.digits < 0n) throw new Error("bad quantity");
  return s.digits === 0n ? undefined : s;
}

export async function priceGentCompute(usagePath: string, staked: Rational, certified: boolean): Promise<{ total: string; records: number }> {
  const sums = { cpuOff: new DecimalSum(), cpuDay: new DecimalSum(), memory: new DecimalSum(), storage: new DecimalSum(), egress: new DecimalSum(), requests: new DecimalSum() };
  let records = 0;
  const chunks = createReadStream(usagePath, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>;
  for await (const batch of readRecordBatches(chunks, usagePath)) for (const raw of batch) {
    records++;
    const rec = raw.value;
    if (!isJsonObject(rec) || typeof rec.start !== "string" || typeof rec.region !== "string") throw new Error(`record ${raw.position}: bad record`);
    const start = parseTime(rec.start);
    if (start === undefined) throw new Error(`record ${raw.position}: bad start`);
    const cpu = quantity(rec.cpu);
    if (cpu) {
      const hour = Math.floor((((start % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);
      (hour >= 22 || hour < 6 ? sums.cpuOff : sums.cpuDay).add(cpu);
    }
    for (const m of ["memory", "storage", "egress", "requests"] as const) {
      const q = quantity(rec[m]);
      if (q) sums[m].add(q);
    }
  }
  const lines: Rational[] = [];
  lines.push(round(mul(sums.cpuOff.value(), r("0.008"))));
  lines.push(round(mul(sums.cpuDay.value(), r("0.012"))));
  const memory = sums.memory.value();
  const tier1 = min(memory, r("1000"));
  const tier2 = max(sub(min(memory, r("10000")), r("1000")), ZERO);
  const tier3 = max(sub(memory, r("10000")), ZERO);
  lines.push(round(add(add(mul(tier1, r("0.004")), mul(tier2, r("0.003"))), mul(tier3, r("0.002")))));
  lines.push(round(mul(div(sums.storage.value(), rational(730n)), r("0.1"))));
  const egress = sums.egress.value();
  const egressPrice = compare(egress, r("10")) <= 0 ? ZERO : compare(egress, r("1000")) <= 0 ? r("0.010") : r("0.005");
  lines.push(round(mul(egress, egressPrice)));
  lines.push(round(mul(rational(ceil(div(sums.requests.value(), r("1000")))), r("0.05"))));
  let total = lines.reduce(add, ZERO);
  if (certified) total = add(total, round(mul(total, r("0.25"))));
  const staking = compare(staked, r("500000")) >= 0 ? r("0.6") : compare(staked, r("100000")) >= 0 ? r("0.4") : compare(staked, r("10000")) >= 0 ? r("0.3") : undefined;
  if (staking) total = add(total, neg(min(round(mul(total, staking)), total)));
  if (compare(total, r("1")) < 0) total = add(total, round(sub(r("1"), total)));
  return { total: formatDecimal(total, 4), records };
}

// Run as a program: node dist/bench/handwritten-pricer.js USAGE STAKED CERTIFIED
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const [usage, staked, certified] = process.argv.slice(2);
  priceGentCompute(usage!, r(staked ?? "0"), certified === "true").then((result) => process.stdout.write(JSON.stringify(result) + "\n"));
}
