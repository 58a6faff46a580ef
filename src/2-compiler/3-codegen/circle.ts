// Generates the module of a circle file: which approve line applies to a proposal's parameters,
// and each approval rule as linear atoms over the counters plus its truth table, so the host can
// decide exactly when the outcome became certain.

import type { CircleProgram, Effect } from "../2-check/index.js";
import { ExpressionEmitter } from "./emitter.js";
import { decoderFor } from "./manifest.js";
import { ConstantPool, type Slots } from "./model.js";

export function generateCircle(program: CircleProgram, prelude: string): string {
  const pool = new ConstantPool();
  const body: string[] = [];
  const letIndex = new Map(program.lets.map((l, i) => [l.name, i]));
  const choose: string[] = [];
  const conditions: string[] = [];
  const decoders: string[] = [];
  const effects: string[] = [];

  program.proposals.forEach((kind, k) => {
    const slots: Slots = {
      attribute: () => {
        throw new Error("circle files have no attributes");
      },
      letFunction: (name) => `$let${letIndex.get(name)!}`,
      parameter: (name) => kind.parameters.findIndex((p) => p.name === name),
      meter: () => {
        throw new Error("circle files have no meters");
      },
    };
    const emit = new ExpressionEmitter(slots, pool);
    decoders.push(`    case ${k}: return [${kind.parameters.map((p, i) => decoderFor(p.type, `raw[${i}]`)).join(", ")}];`);
    effects.push(`    case ${k}: return JSON.stringify([${kind.effects.map((e) => effectValue(e, emit, slots)).join(", ")}]);`);
    const tests = kind.rules.map((rule, j) => (rule.when ? `      if (${emit.value(rule.when)}) return "${j}";` : `      return "${j}";`));
    choose.push(`    case ${k}: {\n${tests.join("\n")}\n      return "-1";\n    }`);
    kind.rules.forEach((rule, j) => {
      if (!rule.by) return;
      const atoms: { code: string; comparison: string }[] = [];
      const structure = emit.approval(rule.by, atoms);
      body.push(
        `function $approval${k}_${j}() {\n  const atoms = [${atoms.map((a) => `$Lstr(${a.code}, ${JSON.stringify(a.comparison)})`).join(", ")}];\n  const holds = ($b) => ${structure};\n  return $table(atoms, holds);\n}`,
      );
      conditions.push(`    case "${k}/${j}": return $approval${k}_${j}();`);
    });
  });
  program.lets.forEach((l, i) => body.push(`function $let${i}($r) { return ${new ExpressionEmitter(noSlots(letIndex), pool).value(l.value)}; }`));

  return [
    '"use strict";',
    prelude,
    pool.declarations(),
    "let $p = [];\nlet $members = 0n;",
    `function $table(atoms, holds) {\n  const truth = [];\n  for (let mask = 0; mask < (1 << atoms.length); mask++) {\n    const b = [];\n    for (let i = 0; i < atoms.length; i++) b.push((mask & (1 << i)) !== 0);\n    truth.push(holds(b) === true);\n  }\n  return JSON.stringify({ atoms: atoms, truth: truth });\n}`,
    `function $decode(kind, raw) {\n  switch (kind) {\n${decoders.join("\n")}\n  }\n  throw new Error("unknown proposal kind");\n}`,
    ...body,
    `export function chooseRule(json) {\n  const a = JSON.parse(json);\n  $p = $decode(a.kind, a.params);\n  switch (a.kind) {\n${choose.join("\n")}\n  }\n  throw new Error("unknown proposal kind");\n}`,
    `export function effects(json) {\n  const a = JSON.parse(json);\n  $p = $decode(a.kind, a.params);\n  switch (a.kind) {\n${effects.join("\n")}\n  }\n  throw new Error("unknown proposal kind");\n}`,
    `export function approvalCondition(json) {\n  const a = JSON.parse(json);\n  $p = $decode(a.kind, a.params);\n  $members = BigInt(a.members);\n  switch (a.kind + "/" + a.rule) {\n${conditions.join("\n")}\n  }\n  throw new Error("no approval rule");\n}`,
  ].join("\n\n");
}

/**
 * One effect as the host reads it: `["pay", AMOUNT, TO]` (the amount as exact text),
 * `["add-member", INDEX]`, `["remove-member", INDEX]`, `["adopt", INDEX, NAME]`, where INDEX is
 * the parameter that holds the member or hash (the host keeps the member's key).
 */
function effectValue(effect: Effect, emit: ExpressionEmitter, slots: Slots): string {
  switch (effect.kind) {
    case "pay":
      return `["pay", $str(${emit.value(effect.amount)}), ${emit.value(effect.to)}]`;
    case "add-member":
    case "remove-member":
      return `[${JSON.stringify(effect.kind)}, ${slots.parameter(effect.member)}]`;
    case "adopt":
      return `["adopt", ${slots.parameter(effect.policy)}, ${emit.value(effect.name)}]`;
    default: {
      const never: never = effect;
      return never;
    }
  }
}

function noSlots(letIndex: Map<string, number>): Slots {
  const refuse = (): never => {
    throw new Error("file-level lets of a circle read constants and other lets only");
  };
  return { attribute: refuse, letFunction: (name) => `$let${letIndex.get(name)!}`, parameter: refuse, meter: refuse };
}
