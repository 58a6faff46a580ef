// The speed anchor: gent-compute priced by hand in plain V8, as a careful programmer would without
// AllTrust: JSON.parse per line, BigInt fixed-point sums (quantities scaled by 1e9), no sandbox.
// Exact for the bench's data (JSON numbers with at most 3 decimals survive String(number)).

import { createReadStream } from "node:fs";

const S = 10n ** 9n;

/** Decimal text (or a JSON number, written back by String) to a BigInt scaled by 1e9. */
function dec(v: unknown): bigint {
  const t = typeof v === "number" ? String(v) : (v as string);
  const negative = t[0] === "-";
  const [int, frac = ""] = (negative ? t.slice(1) : t).split(".");
  const r = BigInt(int!) * S + BigInt((frac + "000000000").slice(0, 9));
  return negative ? -r : r;
}

const R = 10000n; // 0.0001 TFT
/** num/den rounded half-even to 0.0001 (non-negative). */
function round(num: bigint, den: bigint): bigint {
  const q = (num * R) / den;
  const twice = 2n * ((num * R) % den);
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

interface Usage {
  start: string;
  cpu?: number | string;
  memory?: number | string;
  storage?: number | string;
  egress?: number | string;
  requests?: number | string;
}

export async function priceGentCompute(file: string, staked: bigint, certified: boolean): Promise<{ records: number; total: string }> {
  let cpuOff = 0n,
    cpuDay = 0n,
    mem = 0n,
    sto = 0n,
    egr = 0n,
    req = 0n,
    records = 0;
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const text = rest + chunk;
    let at = 0;
    let nl: number;
    while ((nl = text.indexOf("\n", at)) !== -1) {
      const line = text.slice(at, nl);
      at = nl + 1;
      if (!line) continue;
      const r = JSON.parse(line) as Usage;
      records++;
      const hour = Number(r.start.slice(11, 13)); // the bench's times are UTC
      if (r.cpu !== undefined) {
        if (hour >= 22 || hour < 6) cpuOff += dec(r.cpu);
        else cpuDay += dec(r.cpu);
      }
      if (r.memory !== undefined) mem += dec(r.memory);
      if (r.storage !== undefined) sto += dec(r.storage);
      if (r.egress !== undefined) egr += dec(r.egress);
      if (r.requests !== undefined) req += dec(r.requests);
    }
    rest = text.slice(at);
  }
  const lines: bigint[] = [round(cpuOff * 8n, S * 1000n), round(cpuDay * 12n, S * 1000n)];
  const t1 = 1000n * S,
    t2 = 10000n * S;
  const a = mem < t1 ? mem : t1,
    b = mem < t2 ? (mem > t1 ? mem - t1 : 0n) : t2 - t1,
    c = mem > t2 ? mem - t2 : 0n;
  lines.push(round(a * 4n + b * 3n + c * 2n, S * 1000n));
  lines.push(round(sto, S * 730n * 10n)); // 0.1 TFT per GB*month of 730 hours
  lines.push(round(egr * (egr <= 10n * S ? 0n : egr <= 1000n * S ? 10n : 5n), S * 1000n));
  lines.push(round(((req + 1000n * S - 1n) / (1000n * S)) * 5n, 100n));
  let total = lines.reduce((x, y) => x + y, 0n);
  if (certified) total += round(total * 25n, 100n * R);
  const pct = staked >= 500000n ? 60n : staked >= 100000n ? 40n : staked >= 10000n ? 30n : 0n;
  if (pct) total -= round(total * pct, 100n * R);
  if (total < R) total = R;
  return { records, total: `${total / R}.${String(total % R).padStart(4, "0")}` };
}

// Run as a program: node dist/bench/handwritten-pricer.js USAGE STAKED CERTIFIED
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const [usage, staked, certified] = process.argv.slice(2);
  priceGentCompute(usage!, BigInt(staked ?? "0"), certified === "true").then((result) => process.stdout.write(JSON.stringify(result) + "\n"));
}
