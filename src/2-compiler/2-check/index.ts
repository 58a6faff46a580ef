// The check stage: AST -> checked program + diagnostics. Resolves names, types, units, lets and
// rule structure, and reports every error it finds (not only the first).

import { sortDiagnostics, type Diagnostic } from "../../1-base/diagnostics/index.js";
import type { Declaration, SourceFile, Span } from "../1-syntax/index.js";
import { checkCircle } from "./circle.js";
import { CheckContext, type FileKind } from "./context.js";
import { resolveDeclaredType } from "./declared-type.js";
import { resolveLet } from "./lets.js";
import { lintProgram } from "./lints.js";
import { checkPricing } from "./pricing.js";
import { checkTests } from "./tests.js";
import type { Attribute, Program } from "./program.js";
import { unitFromExpr } from "./units.js";
import { exchangedCurrencies } from "./exchange.js";

export type * from "./program.js";
export type { Unit, ValueType } from "../../1-base/types/index.js";
export { describeType } from "../../1-base/types/index.js";
export { unitFromNames, conversionFactor, sameKind } from "./units.js";
export { constantValue } from "./constant.js";
export { childrenOf, someNode } from "./walk.js";
export { feedingMeters } from "./derived.js";
export { rateCurrency } from "./exchange.js";
export { checkTests, type CheckedExpectation, type CheckedTest, type Expectation, type TestsCheck } from "./tests.js";
export { calendarFunctions, counters } from "./program.js";
export { builtinUnitNames } from "./units.js";

export interface CheckResult {
  /** Present when there are no errors (warnings allowed). */
  program?: Program;
  diagnostics: Diagnostic[];
}

const pricingOnly = new Set<Declaration["kind"]>(["period", "round", "meter", "attributes", "rate", "adjustment", "limit", "exchange", "fee", "extends"]);
const circleOnly = new Set<Declaration["kind"]>(["members", "proposal"]);

export function check(file: SourceFile, source: string, origins?: ReadonlyMap<Declaration, string>): CheckResult {
  const headers = file.declarations.filter((d) => d.kind === "pricing-header" || d.kind === "circle-header");
  const preliminary: Diagnostic[] = [];
  const header = headers[0];
  const fileStart: Span = { start: file.span.start, end: file.span.start };
  if (!header) {
    preliminary.push({ code: "AT407", severity: "error", message: "the file has no header", span: fileStart, hint: 'start it with `pricing "NAME" version 1` or `circle "NAME" version 1`' });
  }
  for (const extra of headers.slice(1)) preliminary.push({ code: "AT407", severity: "error", message: "a file has one header", span: extra.span, hint: "keep the first `pricing` or `circle` line; one file is one policy or one circle" });
  const currencies = file.declarations.filter((d) => d.kind === "currency");
  if (currencies.length === 0) preliminary.push({ code: "AT407", severity: "error", message: "the file declares no currency", span: header?.span ?? fileStart, hint: "add `currency TFT` (or the code of your currency)" });
  for (const extra of currencies.slice(1)) preliminary.push({ code: "AT407", severity: "error", message: "a file has one currency", span: extra.span, hint: "every amount of a file is in its one currency; remove this line" });

  const kind: FileKind = header?.kind === "circle-header" ? "circle" : "pricing";
  const currency = currencies[0]?.kind === "currency" ? currencies[0].code.text : "";
  const ctx = new CheckContext(source, kind, currency);
  ctx.diagnostics.push(...preliminary);

  for (const d of file.declarations) {
    const wrong = kind === "circle" ? pricingOnly : circleOnly;
    if (wrong.has(d.kind)) ctx.error("AT408", `\`${keywordOf(d)}\` belongs in a ${kind === "circle" ? "pricing policy" : "circle file"}, not a ${kind} file`, d.span);
  }
  declareNames(file.declarations, ctx);
  // Lets are checked where they are used; check the rest too, so an unused let's errors show.
  const name = header && "name" in header ? header.name.value : "";
  const version = header && "version" in header ? header.version.text : "";
  const program: Program = kind === "pricing" ? checkPricing(file.declarations, { name, version }, ctx, origins) : checkCircle(file.declarations, { name, version }, ctx);
  for (const state of ctx.lets.values()) resolveLet(state, ctx);
  program.lets = ctx.orderedLets;
  if (!ctx.diagnostics.some((d) => d.severity === "error")) ctx.diagnostics.push(...lintProgram(program, file, ctx));
  ctx.diagnostics.push(...checkTests(file.declarations, program, { checkNames: !ctx.diagnostics.some((d) => d.severity === "error") }).diagnostics);
  const diagnostics = sortDiagnostics(ctx.diagnostics);
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { program, diagnostics };
}

function keywordOf(d: Declaration): string {
  switch (d.kind) {
    case "attributes":
      return d.scope;
    case "adjustment":
      return d.adjustment;
    case "limit":
      return d.limit;
    case "pricing-header":
      return "pricing";
    case "circle-header":
      return "circle";
    default:
      return d.kind;
  }
}

/** Registers meters, attributes and lets first, so declarations may come in any order. */
function declareNames(declarations: Declaration[], ctx: CheckContext): void {
  for (const code of exchangedCurrencies(declarations)) if (code !== ctx.currency) ctx.exchanged.add(code);
  for (const d of declarations) {
    switch (d.kind) {
      case "meter": {
        if (ctx.meters.has(d.name.text)) {
          ctx.error("AT204", `meter \`${d.name.text}\` is declared twice`, d.name.span);
          break;
        }
        const unit = unitFromExpr(d.unit);
        const code = d.unit.factors.length === 1 ? d.unit.factors[0]!.name : undefined;
        const currency = code !== undefined && (code === ctx.currency || ctx.exchanged.has(code)) ? code : undefined;
        const aggregate = d.aggregate?.text ?? "sum";
        if (aggregate !== "sum" && aggregate !== "max") ctx.error("AT409", `unknown aggregate \`${aggregate}\``, d.aggregate!.span, "a meter aggregates its records by `sum` (the default) or `max` (the peak)");
        ctx.meters.set(d.name.text, { name: d.name.text, unit, aggregate: aggregate === "max" ? "max" : "sum", ...(currency ? { currency } : {}), span: d.span });
        break;
      }
      case "attributes":
        for (const f of d.fields) {
          const list: Attribute[] = ctx.attributes[d.scope];
          if (list.some((a) => a.name === f.name.text)) {
            ctx.error("AT204", `\`${d.scope}.${f.name.text}\` is declared twice`, f.name.span);
            continue;
          }
          const type = resolveDeclaredType(f.type, ctx);
          if (type) list.push({ name: f.name.text, type, span: f.span });
        }
        break;
      case "let":
        if (ctx.lets.has(d.name.text)) ctx.error("AT204", `let \`${d.name.text}\` is declared twice`, d.name.span);
        else ctx.lets.set(d.name.text, { decl: d, status: "pending" });
        break;
      default:
        break;
    }
  }
}
