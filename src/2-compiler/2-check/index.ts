// The check stage: AST -> checked program + diagnostics. Resolves names, types, units, lets and
// rule structure, and reports every error it finds (not only the first).

import { diagnostic, sortDiagnostics, type Diagnostic } from "../../1-base/diagnostics/index.js";
import type { Declaration, SourceFile, Span } from "../1-syntax/index.js";
import { checkCircle } from "./circle.js";
import { CheckContext, type FileKind } from "./context.js";
import { resolveDeclaredType } from "./declared-type.js";
import { resolveLet } from "./lets.js";
import { lintProgram } from "./lints.js";
import { checkDegrees } from "./degree.js";
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
export { checkTests, ignoreReasons, type CheckedExpectation, type CheckedTest, type Expectation, type IgnoreReasonName, type TestsCheck } from "./tests.js";
export { calendarFunctions, counters } from "./program.js";
export { builtinUnitNames } from "./units.js";

export interface CheckResult {
  /** Present when there are no errors (warnings allowed). */
  program?: Program;
  diagnostics: Diagnostic[];
}

const pricingOnly = new Set<Declaration["kind"]>(["period", "round", "meter", "attributes", "rate", "adjustment", "limit", "exchange", "fee", "extends"]);
const circleOnly = new Set<Declaration["kind"]>(["members", "proposal", "treasury"]);

export function check(file: SourceFile, source: string, origins?: ReadonlyMap<Declaration, string>): CheckResult {
  const headers = file.declarations.filter((d) => d.kind === "pricing-header" || d.kind === "circle-header");
  const preliminary: Diagnostic[] = [];
  const header = headers[0];
  const fileStart: Span = { start: file.span.start, end: file.span.start };
  if (!header) {
    preliminary.push(diagnostic("AT407", fileStart, { case: "no-header" }));
  }
  for (const extra of headers.slice(1)) preliminary.push(diagnostic("AT407", extra.span, { case: "second-header", first: header!.span }));
  const currencies = file.declarations.filter((d) => d.kind === "currency");
  if (currencies.length === 0) preliminary.push(diagnostic("AT407", header?.span ?? fileStart, { case: "no-currency" }));
  for (const extra of currencies.slice(1)) preliminary.push(diagnostic("AT407", extra.span, { case: "second-currency", first: currencies[0]!.span }));

  const kind: FileKind = header?.kind === "circle-header" ? "circle" : "pricing";
  const currency = currencies[0]?.kind === "currency" ? currencies[0].code.text : "";
  const ctx = new CheckContext(source, kind, currency);
  ctx.diagnostics.push(...preliminary);

  for (const d of file.declarations) {
    const wrong = kind === "circle" ? pricingOnly : circleOnly;
    if (wrong.has(d.kind)) ctx.report("AT408", d.span, { keyword: keywordOf(d), fileKind: kind });
  }
  declareNames(file.declarations, ctx);
  // Lets are checked where they are used; check the rest too, so an unused let's errors show.
  const name = header && "name" in header ? header.name.value : "";
  const version = header && "version" in header ? header.version.text : "";
  const program: Program =
    kind === "pricing" ? checkPricing(file.declarations, { name, version }, ctx, origins) : checkCircle(file.declarations, { name, version }, ctx);
  for (const state of ctx.lets.values()) resolveLet(state, ctx);
  program.lets = ctx.orderedLets;
  checkDegrees(program, ctx);
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
        const first = ctx.meters.get(d.name.text);
        if (first) {
          ctx.report("AT204", d.name.span, { what: "meter", name: d.name.text, first: first.span });
          break;
        }
        const unit = unitFromExpr(d.unit);
        const code = d.unit.factors.length === 1 ? d.unit.factors[0]!.name : undefined;
        const currency = code !== undefined && (code === ctx.currency || ctx.exchanged.has(code)) ? code : undefined;
        const aggregate = d.aggregate?.text ?? "sum";
        if (aggregate !== "sum" && aggregate !== "max") ctx.report("AT409", d.aggregate!.span, { case: "aggregate", aggregate });
        ctx.meters.set(d.name.text, {
          name: d.name.text,
          unit,
          aggregate: aggregate === "max" ? "max" : "sum",
          ...(currency ? { currency } : {}),
          span: d.span,
        });
        break;
      }
      case "attributes":
        for (const f of d.fields) {
          const list: Attribute[] = ctx.attributes[d.scope];
          const first = list.find((a) => a.name === f.name.text);
          if (first) {
            ctx.report("AT204", f.name.span, { what: "attribute", name: `${d.scope}.${f.name.text}`, first: first.span });
            continue;
          }
          const type = resolveDeclaredType(f.type, ctx);
          if (type) list.push({ name: f.name.text, type, span: f.span });
        }
        break;
      case "let": {
        const first = ctx.lets.get(d.name.text);
        if (first) ctx.report("AT204", d.name.span, { what: "let", name: d.name.text, first: first.decl.name.span });
        else ctx.lets.set(d.name.text, { decl: d, status: "pending" });
        break;
      }
      default:
        break;
    }
  }
}
