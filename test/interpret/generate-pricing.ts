// Random small pricing policies as source text, from a little grammar that always type-checks:
// a few meters, typed record and context attributes, lets, rate lines with random conditions and
// price forms, adjustments reading used() and subtotal, limits; plus random usage and context.
// Part two's forms too: derived meters, peaks (`aggregate max`), `market` and `exchange` (prices
// in USD), fees with and without proration (and a context window), flat tier amounts, a money
// meter priced by percentages, `split by`, and adjustments whose amount is a money expression.

import fc from "fast-check";
import type { BaseResolver } from "../../src/index.js";

interface MeterShape {
  name: string;
  unit: string;
  /** Units of the same kind a rate may be written per. */
  priceUnits: string[];
}

const meters: MeterShape[] = [
  { name: "cpu", unit: "vcpu*hour", priceUnits: ["vcpu*hour", "vcpu*minute", "vcpu*day", "vcpu*month"] },
  { name: "memory", unit: "GB*hour", priceUnits: ["GB*hour", "GB*month", "TB*month", "MB*hour", "GiB*hour"] },
  { name: "egress", unit: "GB", priceUnits: ["GB", "MB", "TB", "KiB"] },
  { name: "requests", unit: "request", priceUnits: ["request"] },
];

const comparison = fc.constantFrom("<", "<=", ">", ">=", "==", "!=");
const smallDecimal = fc.constantFrom("0", "0.5", "1", "2", "2.5", "3", "10", "12.75", "100", "0.001");
const price = fc.constantFrom("0", "0.001", "0.008", "0.012", "0.05", "0.1", "1", "2.5", "0.0035", "7");

/** Conditions a rate line may hold: they read the record, the context, and record lets. */
function rateAtom(lets: string[]): fc.Arbitrary<string> {
  const atoms: fc.Arbitrary<string>[] = [
    fc
      .tuple(fc.constantFrom("hour", "minute", "weekday", "day", "month", "year"), comparison, fc.integer({ min: 0, max: 24 }))
      .map(([f, op, k]) => `${f}(record.start) ${op} ${f === "year" ? 2026 : k}`),
    fc.tuple(fc.constantFrom("==", "!="), fc.constantFrom("BE", "NL", "DE")).map(([op, r]) => `record.region ${op} "${r}"`),
    fc.constantFrom("record.gpu", "not record.gpu", "node.certified", "record.gpu == node.certified"),
    fc.tuple(comparison, smallDecimal).map(([op, k]) => `record.size ${op} ${k}`),
    fc.tuple(comparison, smallDecimal).map(([op, k]) => `record.size * 2 - 1 ${op} ${k}`),
    fc.tuple(comparison, smallDecimal).map(([op, k]) => `record.size / 4 ${op} ${k}`),
    fc.tuple(comparison, smallDecimal, smallDecimal).map(([op, a, b]) => `min(record.size, ${a}) ${op} max(${b}, -record.size)`),
    fc.tuple(comparison, fc.constantFrom("500 MB", "1 GB", "2 GB", "0.5 TB", "1024 KiB")).map(([op, q]) => `record.weight ${op} ${q}`),
    fc.tuple(comparison, fc.constantFrom("1 hour", "2 days", "30 minutes", "0 seconds")).map(([op, d]) => `record.start - node.since ${op} ${d}`),
    fc.tuple(comparison, fc.constantFrom("1 hour", "1 day")).map(([op, d]) => `record.start + ${d} ${op} node.since`),
    fc.tuple(comparison, fc.constantFrom("100", "10000", "150000", "0.5")).map(([op, k]) => `consumer.staked ${op} ${k} TFT`),
    fc.tuple(comparison, smallDecimal).map(([op, k]) => `consumer.tier * 50% ${op} ${k}`),
  ];
  if (lets.length > 0) atoms.push(fc.constantFrom(...lets));
  return fc.oneof(...atoms);
}

/** Conditions of adjustments: no record; used() always, subtotal on total. */
function adjustmentAtom(meterNames: string[], onTotal: boolean, lets: string[]): fc.Arbitrary<string> {
  const atoms: fc.Arbitrary<string>[] = [
    fc.tuple(comparison, fc.constantFrom("100", "10000", "150000")).map(([op, k]) => `consumer.staked ${op} ${k} TFT`),
    fc.tuple(comparison, smallDecimal).map(([op, k]) => `consumer.tier ${op} ${k}`),
    fc.tuple(fc.constantFrom("==", "!="), fc.constantFrom("partner", "retail")).map(([op, p]) => `consumer.plan ${op} "${p}"`),
    fc.constantFrom("node.certified", "not node.certified"),
    fc.tuple(fc.constantFrom(...meterNames), comparison, smallDecimal).map(([m, op, k]) => `used(${m}) ${op} ${k}`),
  ];
  if (meterNames.includes("egress")) atoms.push(fc.tuple(comparison, fc.constantFrom("1 TB", "500 MB", "20 GB")).map(([op, q]) => `used(egress) ${op} ${q}`));
  if (onTotal) {
    atoms.push(fc.tuple(comparison, smallDecimal).map(([op, k]) => `subtotal ${op} ${k} TFT`));
    atoms.push(fc.tuple(comparison, fc.constantFrom("0.5", "1.5", "3")).map(([op, k]) => `consumer.staked ${op} ${k} * subtotal`));
  }
  if (lets.length > 0) atoms.push(fc.constantFrom(...lets));
  return fc.oneof(...atoms);
}

function condition(atom: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: fc.tuple(atom, fc.constantFrom("and", "or"), atom).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(atom, atom, atom).map(([a, b, c]) => `not (${a} and ${b}) or ${c}`) },
  );
}

function priceForm(meter: MeterShape, currencies: string[]): fc.Arbitrary<string> {
  const unit = fc.constantFrom(...meter.priceUnits);
  const currency = fc.constantFrom(...currencies);
  // A tier's price: `P`, `P + F flat` or `F flat` (part two); one currency per table.
  const tierPrice = (c: string) =>
    fc.oneof(
      { weight: 3, arbitrary: price.map((p) => `${p} ${c}`) },
      { weight: 1, arbitrary: fc.tuple(price, fc.constantFrom("1", "5", "0.25")).map(([p, f]) => `${p} ${c} + ${f} ${c} flat`) },
      { weight: 1, arbitrary: fc.constantFrom("2", "10").map((f) => `${f} ${c} flat`) },
    );
  const tiers = fc.tuple(fc.uniqueArray(fc.constantFrom(1, 5, 10, 100, 1000, 5000), { minLength: 0, maxLength: 3 }), currency).chain(([bounds, c]) =>
    fc.array(tierPrice(c), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }).map((prices) => {
      const sorted = [...bounds].sort((a, b) => a - b);
      return [...sorted.map((b, i) => `up to ${b}: ${prices[i]}`), `above: ${prices[sorted.length]}`].join("\n  ");
    }),
  );
  return fc.oneof(
    fc.tuple(price, currency, unit).map(([p, c, u]) => `${p} ${c} per ${u}`),
    fc.tuple(price, currency, fc.constantFrom("10", "1000", "0.5"), unit).map(([p, c, n, u]) => `${p} ${c} per ${n} ${u}`),
    fc.tuple(price, currency, fc.constantFrom("1", "10", "1000", "0.25"), unit).map(([p, c, n, u]) => `${p} ${c} per block of ${n} ${u}`),
    fc.tuple(fc.constantFrom("graduated", "volume"), fc.constantFrom("", "10 "), unit, tiers).map(([mode, per, u, t]) => `${mode} per ${per}${u} {\n  ${t}\n}`),
  );
}

/** A money meter's rate lines: a flat percentage, or percentage tiers with flat amounts. */
const moneyRates = fc.oneof(
  fc.constantFrom("rate volume 2.9%", "rate volume 0%", "rate volume 1.5% when record.gpu\nrate volume 3%"),
  fc
    .tuple(fc.constantFrom("graduated", "volume"), fc.constantFrom("1%", "2.5%"), fc.constantFrom("2%", "0.5%"), fc.constantFrom("", " + 2 TFT flat"))
    .map(([mode, a, b, flat]) => `rate volume ${mode} per TFT {\n  up to 1000: ${a}${flat}\n  above: ${b}\n}`),
);

export interface PricingCase {
  source: string;
  usage: string;
  context: string;
  /** The bases the policy extends, nearest first ("base1.trust" extends "base0.trust"); empty without `extends`. */
  bases: { path: string; source: string }[];
}

/** The path the generated policy is compiled as; its bases sit beside it. */
export const policyPath = "policy.trust";

/** The resolver a case's policy is compiled with: its bases by name, nothing else. */
export function caseResolver(c: Pick<PricingCase, "bases">): BaseResolver {
  return (path) => {
    const found = c.bases.find((b) => b.path === path);
    return found ? { path: found.path, source: found.source } : { error: "no such base" };
  };
}

/** compile()'s options for a case: its path and, with bases, its resolver. */
export function caseOptions(c: Pick<PricingCase, "bases">): { path: string; resolve: BaseResolver } {
  return { path: policyPath, resolve: caseResolver(c) };
}

const layerShape = fc.record({
  meters: fc.subarray(meters, { minLength: 1 }),
  recordLets: fc.integer({ min: 0, max: 2 }),
  contextLets: fc.integer({ min: 0, max: 1 }),
  round: fc.tuple(fc.constantFrom("0.01", "0.0001", "1", "0.05", "0.0000001"), fc.constantFrom("half_even", "half_up", "up", "down")),
  limits: fc.constantFrom("", "minimum 1 TFT", "maximum 50 TFT", "minimum 2 TFT\nmaximum 20 TFT"),
  peak: fc.boolean(),
  exchange: fc.constantFrom("none", "constant", "market"),
  derived: fc.boolean(),
  money: fc.boolean(),
  fees: fc.integer({ min: 0, max: 2 }),
  credits: fc.boolean(),
  window: fc.boolean(),
  split: fc.boolean(),
  // A policy that extends a base may leave out what it inherits: these settings and blocks.
  omit: fc.subarray(["currency", "period", "round", "record", "consumer", "node", "market"] as const),
});

type LayerShape = typeof layerShape extends fc.Arbitrary<infer T> ? T : never;

/** Where a layer sits in its chain: its name, the base it extends, and whether a base declares `market`. */
interface Place {
  name: string;
  extendsPath?: string;
  marketInherited: boolean;
}

/** One policy file's text, from its shape. */
function layer(shape: LayerShape, place: Place): fc.Arbitrary<string> {
  const recordLetNames = Array.from({ length: shape.recordLets }, (_, i) => `r${i}`);
  const contextLetNames = Array.from({ length: shape.contextLets }, (_, i) => `c${i}`);
  const meterNames = shape.meters.map((m) => m.name);
  const recordLets = fc.tuple(...recordLetNames.map(() => condition(rateAtom([]))));
  const contextLets = fc.tuple(...contextLetNames.map(() => condition(adjustmentAtom(meterNames, false, []))));
  const currencies = shape.exchange === "none" ? ["TFT"] : ["TFT", "USD"];
  const split = (meterIndex: number, line: number) => (shape.split && meterIndex === 0 && line === 0 ? " split by record.region" : "");
  // Only a file that extends a base may leave out what the base declares.
  const omitted = (what: LayerShape["omit"][number]) =>
    place.extendsPath !== undefined && shape.omit.includes(what) && (what !== "market" || place.marketInherited);
  const rateLines = fc.tuple(
    ...shape.meters.map((m, k) =>
      fc.array(fc.tuple(priceForm(m, currencies), fc.option(condition(rateAtom(recordLetNames)), { freq: 3 })), { minLength: 1, maxLength: 3 }).chain((lines) =>
        // Mostly a fallback last line, so most usage prices instead of failing.
        fc
          .boolean()
          .map((fallback) =>
            lines.map(([form, when], i) => `rate ${m.name} ${form}${when && !(fallback && i === lines.length - 1) ? ` when ${when}` : ""}${split(k, i)}`),
          ),
      ),
    ),
  );
  const fee = fc.tuple(
    fc.constantFrom(...currencies.map((c) => `2.5 ${c}`), "0 TFT", "30 TFT"),
    fc.constantFrom("", " per month", " per day", " per hour"),
    fc.option(condition(adjustmentAtom(meterNames, false, contextLetNames)), { freq: 2 }),
  );
  const fees = fc.array(fee, { minLength: shape.fees, maxLength: shape.fees });
  const creditAmount = fc.constantFrom("consumer.credits", "min(consumer.credits, 5 TFT)", "10% * subtotal");
  const first = shape.meters[0]!.name;
  const last = shape.meters[shape.meters.length - 1]!.name;
  const adjustment = fc
    .tuple(fc.constantFrom("discount", "surcharge"), fc.constantFrom("total", ...meterNames))
    .chain(([kind, target]) =>
      fc
        .array(
          fc.tuple(
            fc.oneof(fc.constantFrom("10%", "25%", "40%", "100%", "150%", "12.5%"), fc.constantFrom("1 TFT", "0.5 TFT", "100 TFT")),
            fc.option(condition(adjustmentAtom(meterNames, target === "total", contextLetNames)), { freq: 3 }),
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((lines) => lines.map(([amount, when]) => `${kind} NAME on ${target} ${amount}${when ? ` when ${when}` : ""}`)),
    );
  const adjustments = fc.array(adjustment, { maxLength: 3 }).map((rules) => rules.flatMap((lines, i) => lines.map((l) => l.replace("NAME", `a${i}`))));
  return fc
    .record({ recordLets, contextLets, rateLines, adjustments, fees, moneyRates, creditAmount, derivedPrice: price })
    .map((parts) =>
      [
        `pricing "${place.name}" version 1`,
        ...(place.extendsPath !== undefined ? [`extends "${place.extendsPath}"`] : []),
        ...(omitted("currency") ? [] : ["currency TFT"]),
        ...(omitted("period") ? [] : ["period month"]),
        ...(omitted("round") ? [] : [`round to ${shape.round[0]} ${shape.round[1]}`]),
        ...shape.meters.map((m, i) => `meter ${m.name}: ${m.unit}${shape.peak && i === 0 ? " aggregate max" : ""}`),
        ...(shape.derived ? [`meter units: u*hour = max(${first} / 2, ${last} / 4) + min(${first}, 10) / 8`] : []),
        ...(shape.money ? ["meter volume: TFT"] : []),
        ...(omitted("record") ? [] : ["record { start: time, region: text, size: number, gpu: bool, weight: GB }"]),
        ...(omitted("consumer") ? [] : ["consumer { staked: TFT, tier: number, plan: text, credits: TFT }"]),
        ...(omitted("node") ? [] : ["node { certified: bool, since: time }"]),
        ...(shape.exchange === "market" ? [...(omitted("market") ? [] : ["market { tft_price: USD }"]), "exchange 1 TFT = market.tft_price"] : []),
        ...(shape.exchange === "constant" ? ["exchange 1 TFT = 0.02 USD"] : []),
        ...parts.recordLets.map((c, i) => `let r${i} = ${c}`),
        ...parts.contextLets.map((c, i) => `let c${i} = ${c}`),
        ...parts.rateLines.flat(),
        ...(shape.derived ? [`rate units ${parts.derivedPrice} ${currencies[currencies.length - 1]} per u*hour`] : []),
        ...(shape.money ? [parts.moneyRates] : []),
        ...parts.fees.map(([amount, per, when], i) => `fee f${i} ${amount}${per}${when ? ` when ${when}` : ""}`),
        ...parts.adjustments,
        ...(shape.credits ? [`discount credits on total ${parts.creditAmount}`] : []),
        shape.limits,
      ].join("\n"),
    );
}

/**
 * A policy and its usage and context. Often the policy extends a chain of one to three generated
 * bases: it overrides some of their declarations (same meter, let, rule or setting) and inherits
 * the rest, so the merged policy mixes lines of every file.
 */
export const pricingCase: fc.Arbitrary<PricingCase> = fc
  .oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) })
  .chain((bases) => fc.array(layerShape, { minLength: bases + 1, maxLength: bases + 1 }))
  .chain((shapes) => {
    // shapes[0] is the root base, the last is the policy itself.
    const paths = shapes.map((_, i) => (i === shapes.length - 1 ? policyPath : `base${i}.trust`));
    const files = shapes.map((shape, i) =>
      layer(shape, {
        name: i === shapes.length - 1 ? "generated" : `base${i}`,
        ...(i > 0 ? { extendsPath: paths[i - 1]! } : {}),
        marketInherited: shapes.slice(0, i).some((s) => s.exchange === "market"),
      }),
    );
    const used = meters.filter((m) => shapes.some((s) => s.meters.includes(m)));
    return fc
      .record({
        files: fc.tuple(...files),
        usage: usage(
          used,
          shapes.some((s) => s.money),
        ),
        context: context(
          shapes.some((s) => s.exchange === "market"),
          shapes.some((s) => s.window),
        ),
      })
      .map(({ files: texts, usage, context }) => ({
        source: texts[texts.length - 1]!,
        usage,
        context,
        bases: texts
          .slice(0, -1)
          .map((source, i) => ({ path: paths[i]!, source }))
          .reverse(),
      }));
  });

const time = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom("00", "30", "59"), fc.constantFrom("Z", "+02:00", "-05:30"))
  .map(([d, h, m, z]) => `2026-11-0${d}T${String(h).padStart(2, "0")}:${m}:00${z}`);
const quantity = fc.oneof(fc.constantFrom("0", "1", "2.5", "1000", "999.999", "12", "0.001", "5000", "1460"), fc.integer({ min: 0, max: 20000 }).map(String));
/** JSON numbers and decimal strings, both read exactly. */
const jsonNumber = (q: fc.Arbitrary<string>) => fc.tuple(q, fc.boolean()).map(([text, asString]) => (asString ? JSON.stringify(text) : text));

function usage(used: MeterShape[], money: boolean): fc.Arbitrary<string> {
  const record = fc
    .record({
      start: time,
      region: fc.constantFrom("BE", "NL", "DE"),
      size: jsonNumber(fc.constantFrom("0", "1", "2.5", "-3", "10", "0.25")),
      gpu: fc.boolean(),
      weight: jsonNumber(fc.constantFrom("0.5", "1", "2", "1.024", "500")),
      quantities: fc.tuple(...used.map(() => fc.option(jsonNumber(quantity), { freq: 4 }))),
      volume: fc.option(jsonNumber(fc.constantFrom("0", "12.5", "999.99", "1000", "25000")), { freq: 3 }),
    })
    .map((r) => {
      const fields = [`"start": "${r.start}"`, `"region": "${r.region}"`, `"size": ${r.size}`, `"gpu": ${r.gpu}`, `"weight": ${r.weight}`];
      used.forEach((m, i) => {
        const q = r.quantities[i];
        if (q !== null && q !== undefined) fields.push(`"${m.name}": ${q}`);
      });
      if (money && r.volume !== null) fields.push(`"volume": ${r.volume}`);
      return `{${fields.join(", ")}}`;
    });
  return fc.array(record, { maxLength: 6 }).map((records) => records.join("\n"));
}

function context(market: boolean, window: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      staked: jsonNumber(fc.constantFrom("0", "100", "10000", "150000", "3.5")),
      tier: jsonNumber(fc.constantFrom("0", "1", "2.5", "10")),
      plan: fc.constantFrom("partner", "retail"),
      credits: jsonNumber(fc.constantFrom("0", "3", "12.5", "1000")),
      certified: fc.boolean(),
      since: time,
      tftPrice: fc.constantFrom("0.02", "0.5", "1.25"),
      to: fc.constantFrom("2026-11-01T00:00:00Z", "2026-11-03T12:00:00Z", "2026-12-01T00:00:00Z"),
    })
    .map((c) => {
      const parts = [
        `"consumer": {"staked": ${c.staked}, "tier": ${c.tier}, "plan": "${c.plan}", "credits": ${c.credits}}`,
        `"node": {"certified": ${c.certified}, "since": "${c.since}"}`,
      ];
      if (market) parts.push(`"market": {"tft_price": "${c.tftPrice}"}`);
      if (window) parts.push(`"window": {"from": "2026-11-01T00:00:00Z", "to": "${c.to}"}`);
      return `{${parts.join(", ")}}`;
    });
}
