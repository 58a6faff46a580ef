// Derived meters (`meter cu: cu*hour = min(...)`): each formula is a number computed per record
// from that record's quantities and attributes; derived meters may read each other, never in a cycle.

import type { Declaration, MeterDecl } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkExpr } from "./expressions.js";
import { noReads } from "./place.js";
import type { Meter } from "./program.js";
import { someNode } from "./walk.js";

/** Checks every formula and returns the derived meters' indices in dependency order. */
export function checkDerivedMeters(declarations: readonly Declaration[], meters: Meter[], ctx: CheckContext): number[] {
  const decls = new Map<string, MeterDecl>();
  const reads = new Map<string, Set<string>>();
  for (const d of declarations) {
    if (d.kind !== "meter" || !d.derived) continue;
    const meter = meters.find((m) => m.name === d.name.text);
    if (!meter || decls.has(meter.name)) continue;
    decls.set(meter.name, d);
    ctx.meterReads = new Set();
    const value = checkExpr(d.derived, { ctx, place: { kind: "derived" }, reads: noReads() });
    reads.set(meter.name, ctx.meterReads);
    ctx.meterReads = undefined;
    if (!value) continue;
    if (value.type.kind !== "number") {
      ctx.error("AT301", `a derived meter's formula is a number (the quantity in ${meter.unit.text}), found ${value.type.kind === "money" ? value.type.currency : value.type.kind === "quantity" ? value.type.unit.text : value.type.kind}`, d.derived.span, "inside the formula a meter's name is its quantity as a plain number in that meter's unit");
      continue;
    }
    meter.derived = value;
  }
  // Depth-first over the derived meters: a meter read back while being visited closes a cycle.
  const order: number[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): boolean => {
    const s = state.get(name);
    if (s === "done") return true;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      for (const n of new Set(cycle)) {
        const d = decls.get(n)!;
        ctx.error("AT210", `derived meters form a cycle: ${cycle.map((c) => `\`${c}\``).join(" -> ")}`, d.name.span, "a derived meter may read other derived meters, but never itself, directly or through others");
        state.set(n, "done");
      }
      return false;
    }
    state.set(name, "visiting");
    let ok = true;
    for (const r of reads.get(name) ?? []) if (decls.has(r)) ok = visit(r, [...path, name]) && ok;
    if (state.get(name) === "visiting") {
      state.set(name, "done");
      const index = meters.findIndex((m) => m.name === name);
      if (ok && meters[index]!.derived) order.push(index);
    }
    return ok;
  };
  for (const name of decls.keys()) visit(name, []);
  return order;
}

/** Meters whose quantities feed a derived meter: they need no rate line of their own. */
export function feedingMeters(meters: readonly Meter[]): Set<string> {
  const fed = new Set<string>();
  for (const m of meters) if (m.derived) someNode(m.derived, (e) => (e.kind === "meter" && fed.add(e.meter), false));
  return fed;
}
