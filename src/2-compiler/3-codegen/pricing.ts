// Generates the module of a pricing policy. The module holds the policy's own logic only: which
// rate line takes a record, and which line of each adjustment rule applies. The host does the
// exact arithmetic of the language (tiers, blocks, percents, rounding).

import { childrenOf, type Attribute, type PricingProgram, type TypedExpr } from "../2-check/index.js";
import { ExpressionEmitter } from "./emitter.js";
import { decoderFor, type PricingManifest } from "./manifest.js";
import { ConstantPool, type Slots } from "./model.js";

export function generatePricing(program: PricingProgram, prelude: string): { code: string; manifest: PricingManifest } {
  const recordSlots = recordAttributesRead(program);
  const classifiedMeters = program.meters.map((m) => m.name).filter((name) => program.rates.find((r) => r.meter === name)?.when !== undefined);
  const letIndex = new Map(program.lets.map((l, i) => [l.name, i]));
  const slots: Slots = {
    attribute(scope, name) {
      if (scope === "record") return `$r[${1 + recordSlots.findIndex((a) => a.name === name)}]`;
      return `$${scope}[${program.attributes[scope].findIndex((a) => a.name === name)}]`;
    },
    meterQuantity: (name) => `$m[${program.meters.findIndex((m) => m.name === name)}]`,
    exchangeRate: (currency) => `$xr[${program.exchanges.findIndex((x) => x.currency === currency)}]`,
    letFunction: (name) => `$let${letIndex.get(name)!}`,
    parameter: () => {
      throw new Error("pricing policies have no parameters");
    },
    meter: (name) => program.meters.findIndex((m) => m.name === name),
  };
  const pool = new ConstantPool();
  const emit = new ExpressionEmitter(slots, pool);
  const body: string[] = [];

  program.lets.forEach((l, i) => body.push(`function $let${i}($r) { return ${emit.value(l.value)}; }`));

  classifiedMeters.forEach((meter, j) => {
    const lines = program.rates.filter((r) => r.meter === meter);
    const tests = lines.map((line, k) =>
      line.when ? `  if (${emit.value(line.when)}) return ${JSON.stringify(lineCode(k))};` : `  return ${JSON.stringify(lineCode(k))};`,
    );
    body.push(`function $rate${j}($r) {\n${tests.join("\n")}\n  return "!";\n}`);
  });

  // A rule's choice: [line, amount] with the amount's exact text when the line's amount is an
  // expression (a money amount read from the context), null when the host computes it (a percent).
  const choice = (k: number, amount: TypedExpr | undefined) => `[${k}, ${amount ? `$str(${emit.value(amount)})` : "null"}]`;
  program.adjustments.forEach((rule, j) => {
    const tests = rule.lines.map((line, k) => {
      const result = choice(k, line.amount.kind === "money" ? line.amount.value : undefined);
      return line.when ? `  if (${emit.value(line.when)}) return ${result};` : `  return ${result};`;
    });
    body.push(`function $adjust${j}() {\n  const $r = null;\n${tests.join("\n")}\n  return [-1, null];\n}`);
  });
  program.fees.forEach((rule, j) => {
    const tests = rule.lines.map((line, k) =>
      line.when ? `  if (${emit.value(line.when)}) return ${choice(k, line.amount)};` : `  return ${choice(k, line.amount)};`,
    );
    body.push(`function $fee${j}() {\n  const $r = null;\n${tests.join("\n")}\n  return [-1, null];\n}`);
  });
  const derived = program.derivedOrder.map((i) => `    $m[${i}] = ${emit.value(program.meters[i]!.derived!)};\n    d.push($str($m[${i}]));`);

  const decodeRow = recordSlots
    .map((a, i) => (decoderFor(a.type, "x") === "x" ? "" : `    $r[${i + 1}] = ${decoderFor(a.type, `$r[${i + 1}]`)};`))
    .filter(Boolean);
  const decodeContext = (scope: "consumer" | "node" | "market", list: Attribute[]) =>
    `[${list.map((a, i) => decoderFor(a.type, `c.${scope}[${i}]`)).join(", ")}]`;
  const meterAdjustments = program.adjustments.map((r, j) => (r.target === "total" ? undefined : j)).filter((j): j is number => j !== undefined);
  const totalAdjustments = program.adjustments.map((r, j) => (r.target === "total" ? j : undefined)).filter((j): j is number => j !== undefined);

  const code = [
    '"use strict";',
    prelude,
    pool.declarations(),
    "let $consumer = [];\nlet $node = [];\nlet $market = [];\nlet $xr = [];\nlet $used = [];\nlet $subtotal = null;",
    ...body,
    `export function setContext(json) {\n  const c = JSON.parse(json);\n  $consumer = ${decodeContext("consumer", program.attributes.consumer)};\n  $node = ${decodeContext("node", program.attributes.node)};\n  $market = ${decodeContext("market", program.attributes.market)};\n  $xr = c.exchange.map($q);\n  return "";\n}`,
    // Derived meters, per record: a row is [quantities (exact text or null), ...record slots].
    `export function derive(batch) {\n  const rows = JSON.parse(batch);\n  const out = [];\n  for (let i = 0; i < rows.length; i++) {\n    const $r = rows[i];\n    const $m = $r[0].map((x) => (x === null ? 0n : $q(x)));\n    const d = [];\n${decodeRow.join("\n")}\n${derived.join("\n")}\n    out.push(d);\n  }\n  return JSON.stringify(out);\n}`,
    `export function classify(batch) {\n  const rows = JSON.parse(batch);\n  let out = "";\n  for (let i = 0; i < rows.length; i++) {\n    const $r = rows[i];\n    const mask = $r[0];\n${decodeRow.join("\n")}\n${classifiedMeters.map((_, j) => `    if (mask.charCodeAt(${j}) === 49) out += $rate${j}($r);`).join("\n")}\n  }\n  return out;\n}`,
    `export function chooseAdjustments(json) {\n  const a = JSON.parse(json);\n  $used = a.used.map($q);\n  $subtotal = a.subtotal === null ? null : $q(a.subtotal);\n  if (a.phase === "fee") return JSON.stringify([${program.fees.map((_, j) => `$fee${j}()`).join(", ")}]);\n  return JSON.stringify(a.phase === "meter" ? [${meterAdjustments.map((j) => `$adjust${j}()`).join(", ")}] : [${totalAdjustments.map((j) => `$adjust${j}()`).join(", ")}]);\n}`,
  ].join("\n\n");
  return {
    code,
    manifest: {
      kind: "pricing",
      recordSlots: recordSlots.map((a) => ({ name: a.name, type: a.type })),
      classifiedMeters,
      consumerSlots: program.attributes.consumer.map((a) => ({ name: a.name, type: a.type })),
      nodeSlots: program.attributes.node.map((a) => ({ name: a.name, type: a.type })),
      marketSlots: program.attributes.market.map((a) => ({ name: a.name, type: a.type })),
    },
  };
}

/**
 * One character per chosen line: '0' + the line's index among its meter's lines. The checker
 * bounds a meter's lines (AT415) far below the surrogates (0xD800) and the wrap at 0xFFFF, so
 * a code always stands for one line; a larger index here is a bug, never a wrong price.
 */
export function lineCode(index: number): string {
  if (!Number.isInteger(index) || index < 0 || 48 + index >= 0xd800) throw new RangeError(`rate line index ${index} has no one-character code`);
  return String.fromCharCode(48 + index);
}

/** The record attributes that rate conditions and derived meters read, directly or through lets, in declaration order. */
function recordAttributesRead(program: PricingProgram): Attribute[] {
  const read = new Set<string>();
  const lets = new Map(program.lets.map((l) => [l.name, l.value]));
  const seenLets = new Set<string>();
  const visit = (e: TypedExpr): void => {
    if (e.kind === "attribute" && e.scope === "record") read.add(e.name);
    if (e.kind === "let" && !seenLets.has(e.name)) {
      seenLets.add(e.name);
      visit(lets.get(e.name)!);
    }
    childrenOf(e).forEach(visit);
  };
  for (const r of program.rates) if (r.when) visit(r.when);
  for (const m of program.meters) if (m.derived) visit(m.derived);
  return program.attributes.record.filter((a) => read.has(a.name));
}
