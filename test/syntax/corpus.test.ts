// The conformance sources parse cleanly, and the two sketch files parse to the expected structure.

import { describe, expect, test } from "vitest";
import { parse, type Declaration } from "../../src/2-compiler/1-syntax/index.js";
import { at, corpus, parseClean, readCorpus, shape, slice } from "./helpers.js";

const cleanFiles = corpus().filter(([path]) => path !== "errors/missing-colon.trust");

describe("conformance corpus", () => {
  test("finds the corpus", () => {
    expect(cleanFiles.length).toBeGreaterThanOrEqual(10);
  });

  test.each(cleanFiles)("%s parses without diagnostics", (_path, text) => {
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.declarations.length).toBeGreaterThan(0);
    expect(file.span.end.offset).toBe(text.length);
  });
});

function byKind<K extends Declaration["kind"]>(decls: Declaration[], kind: K): Extract<Declaration, { kind: K }>[] {
  return decls.filter((d): d is Extract<Declaration, { kind: K }> => d.kind === kind);
}

describe("gent-compute policy", () => {
  const text = readCorpus("pricing/gent-compute/policy.trust");
  const decls = parseClean(text);

  test("has each kind of declaration in the expected number", () => {
    const counts: Record<string, number> = {};
    for (const d of decls) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    expect(counts).toEqual({
      "pricing-header": 1,
      currency: 1,
      period: 1,
      round: 1,
      meter: 5,
      attributes: 3,
      let: 1,
      rate: 6,
      adjustment: 4,
      limit: 1,
    });
  });

  test("header, round and meters", () => {
    const [header] = byKind(decls, "pricing-header");
    expect(header.name.value).toBe("gent-compute");
    expect(header.version.text).toBe("3");
    const [round] = byKind(decls, "round");
    expect([round.step.text, round.mode.text]).toEqual(["0.0001", "half_even"]);
    const meters = byKind(decls, "meter").map((m) => `${m.name.text}: ${m.unit.factors.map((f) => f.name).join("*")}`);
    expect(meters).toEqual(["cpu: vcpu*hour", "memory: GB*hour", "storage: GB*hour", "egress: GB", "requests: request"]);
  });

  test("attribute declarations", () => {
    const attrs = byKind(decls, "attributes").map((a) => `${a.scope} ${a.fields.map((f) => `${f.name.text}:${f.type.unit.factors[0].name}`).join(",")}`);
    expect(attrs).toEqual(["record start:time,region:text", "consumer staked:TFT,reputation:number", "node certified:bool"]);
  });

  test("rates: price forms, tiers and conditions", () => {
    const rates = byKind(decls, "rate");
    expect(rates.map((r) => `${r.meter.text} ${r.price.kind}`)).toEqual([
      "cpu unit-price",
      "cpu unit-price",
      "memory tiered-price",
      "storage unit-price",
      "egress tiered-price",
      "requests block-price",
    ]);
    expect(rates[0].when && shape(rates[0].when)).toBe("offpeak");
    expect(rates[1].when).toBeUndefined();
    const memory = rates[2].price;
    if (memory.kind !== "tiered-price") throw new Error("memory is tiered");
    expect(memory.mode).toBe("graduated");
    expect(memory.tiers.map((t) => [t.upTo?.text, t.price?.text, t.price && "currency" in t.price ? t.price.currency.text : undefined])).toEqual([
      ["1000", "0.004", "TFT"],
      ["10000", "0.003", "TFT"],
      [undefined, "0.002", "TFT"],
    ]);
    const egress = rates[4].price;
    if (egress.kind !== "tiered-price") throw new Error("egress is tiered");
    expect(egress.mode).toBe("volume");
    expect(egress.tiers.map((t) => t.price?.text)).toEqual(["0", "0.010", "0.005"]);
    const requests = rates[5].price;
    if (requests.kind !== "block-price") throw new Error("requests is a block price");
    expect([requests.price.text, requests.blockSize.text, requests.unit.factors[0].name]).toEqual(["0.05", "1000", "request"]);
  });

  test("the let and the adjustments", () => {
    const [offpeak] = byKind(decls, "let");
    expect(shape(offpeak.value)).toBe("((hour(record.start) >= 22) or (hour(record.start) < 6))");
    const adjustments = byKind(decls, "adjustment");
    expect(adjustments.map((a) => `${a.adjustment} ${a.name.text} on ${a.target.text}`)).toEqual([
      "surcharge certified on total",
      "discount staking on total",
      "discount staking on total",
      "discount staking on total",
    ]);
    expect(adjustments.map((a) => (a.amount.kind === "percent" ? `${a.amount.text}%` : a.amount.kind))).toEqual(["25%", "60%", "40%", "30%"]);
    expect(adjustments[1].when && shape(adjustments[1].when)).toBe("(consumer.staked >= 500000[TFT])");
    const [minimum] = byKind(decls, "limit");
    expect([minimum.limit, minimum.amount.text, minimum.amount.currency.text]).toEqual(["minimum", "1", "TFT"]);
  });

  test("spans point at the exact source", () => {
    const header = decls[0];
    expect(at(header.span)).toBe("2:1-2:33");
    const rates = byKind(decls, "rate");
    expect(at(rates[0].span)).toBe("19:1-19:52");
    expect(slice(text, rates[0].meter.span)).toBe("cpu");
    expect(at(rates[0].meter.span)).toBe("19:6-19:9");
    expect(at(rates[2].span)).toBe("21:1-25:2");
    const [offpeak] = byKind(decls, "let");
    if (offpeak.value.kind !== "binary") throw new Error("offpeak is an `or`");
    expect(at(offpeak.value.operatorSpan)).toBe("17:40-17:42");
    expect(slice(text, offpeak.value.span)).toBe("hour(record.start) >= 22 or hour(record.start) < 6");
    const [minimum] = byKind(decls, "limit");
    expect(at(minimum.span)).toBe("38:1-38:14");
    expect(at(minimum.amount.currency.span)).toBe("38:11-38:14");
  });

  test("the comment is collected with its span", () => {
    const { file } = parse(text);
    expect(file.comments).toEqual([
      {
        text: "# Compute on a farm in Gent, billed monthly in TFT.",
        span: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 51, line: 1, column: 52 } },
      },
    ]);
  });
});

describe("gent-guardians circle", () => {
  const text = readCorpus("circles/gent-guardians/circle.trust");
  const decls = parseClean(text);
  const proposals = byKind(decls, "proposal");

  test("header, currency, members", () => {
    expect(decls.slice(0, 3).map((d) => d.kind)).toEqual(["circle-header", "currency", "members"]);
    const [members] = byKind(decls, "members");
    expect([members.min.text, members.max.text]).toEqual(["9", "99"]);
  });

  test("proposals and their typed parameters (a keyword such as `to` may name one)", () => {
    expect(proposals.map((p) => `${p.name.text}(${p.parameters.map((q) => `${q.name.text}: ${q.type.unit.factors[0].name}`).join(", ")})`)).toEqual([
      "spend(amount: TFT, to: text)",
      "add_member(who: text)",
      "settle(total: TFT, ious: number)",
    ]);
  });

  test("durations and approve lines with by and when", () => {
    const items = proposals[0].items.map((item) => {
      switch (item.kind) {
        case "voting":
        case "timelock":
          return `${item.kind} ${item.duration.text} ${item.duration.unit.text}`;
        case "approve":
          return `approve ${item.by ? `by ${shape(item.by)}` : "automatically"}${item.when ? ` when ${shape(item.when)}` : ""}`;
        case "votes-may-change":
          return "votes may change";
        case "effect":
          return `then ${item.verb.text}`;
        default: {
          const never: never = item;
          return never;
        }
      }
    });
    expect(items).toEqual([
      "voting 7 days",
      "timelock 2 days",
      "approve automatically when (amount <= 100[TFT])",
      "approve by (yes >= ((3 / 4) * members)) when (amount > 10000[TFT])",
      "approve by ((votes >= ((2 / 3) * members)) and (yes > no))",
    ]);
    const approve = proposals[0].items[3];
    expect(at(approve.span)).toBe("9:3-9:59");
  });
});
