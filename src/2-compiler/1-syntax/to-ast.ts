// Builds the AST of a file from the parser's CST: the declarations and test blocks, on top of
// ExpressionBuilder's helpers and expression rules. Incomplete declarations are skipped, not thrown.

import { tokenMatcher, type CstNode, type IToken } from "chevrotain";
import type * as A from "./ast.js";
import { diagnostic, type DataOf, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { ExpressionBuilder, isReal, isToken, tok, type Ctx } from "./expression-ast.js";
import { ComparisonOp, declarationKeywords, decodeString, describeToken, Identifier, UnterminatedString } from "./lexer.js";
import type { LineMap } from "../../1-base/source/index.js";

/** One method per grammar rule (validateVisitor checks none is missing); each takes the rule's children. */
class AstBuilder extends ExpressionBuilder {
  constructor(
    lines: LineMap,
    private readonly tokens: readonly IToken[],
  ) {
    super(lines);
    this.validateVisitor();
  }

  // --- file and declarations -----------------------------------------------------------------

  file(ctx: Ctx): A.Declaration[] {
    return this.all(ctx, "declaration", this.declaration);
  }

  declaration(ctx: Ctx): A.Declaration | undefined {
    return (
      this.one(ctx, "headerDecl", this.headerDecl) ??
      this.one(ctx, "currencyDecl", this.currencyDecl) ??
      this.one(ctx, "periodDecl", this.periodDecl) ??
      this.one(ctx, "roundDecl", this.roundDecl) ??
      this.one(ctx, "meterDecl", this.meterDecl) ??
      this.one(ctx, "attributesDecl", this.attributesDecl) ??
      this.one(ctx, "letDecl", this.letDecl) ??
      this.one(ctx, "rateDecl", this.rateDecl) ??
      this.one(ctx, "adjustmentDecl", this.adjustmentDecl) ??
      this.one(ctx, "limitDecl", this.limitDecl) ??
      this.one(ctx, "exchangeDecl", this.exchangeDecl) ??
      this.one(ctx, "feeDecl", this.feeDecl) ??
      this.one(ctx, "extendsDecl", this.extendsDecl) ??
      this.one(ctx, "membersDecl", this.membersDecl) ??
      this.one(ctx, "proposalDecl", this.proposalDecl) ??
      this.one(ctx, "treasuryDecl", this.treasuryDecl) ??
      this.one(ctx, "testDecl", this.testDecl) ??
      this.one(ctx, "stray", this.stray)
    );
  }

  /**
   * Tokens where a declaration should start: one error for the line's run. Words after a complete
   * declaration on its own line read differently from a line that starts with no keyword.
   */
  stray(ctx: Ctx): undefined {
    const first = tok(ctx, "Stray");
    if (!first) return undefined;
    const previous = this.tokens[this.tokenIndex(first) - 1];
    const found = describeToken(first);
    const guess = first.tokenType === Identifier ? closestKeyword(first.image) : undefined;
    const data: DataOf<"AT103"> = tokenMatcher(first, ComparisonOp)
      ? { case: "chained-comparison", found }
      : first.image === "}"
        ? { case: "stray-brace", found }
        : previous !== undefined && previous.startLine === first.startLine
          ? { case: "after-complete", found, previous: describeToken(previous) }
          : { case: "declaration-expected", found, keywords: [...declarationKeywords], ...(guess !== undefined ? { guess } : {}) };
    this.diagnostics.push(diagnostic("AT103", this.tokenSpan(first), data));
    return undefined;
  }

  private tokenIndex(token: IToken): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].startOffset < token.startOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  headerDecl(ctx: Ctx): A.PricingHeader | A.CircleHeader | undefined {
    const name = this.stringLiteral(tok(ctx, "name"));
    const version = this.numberLiteral(tok(ctx, "version"));
    const span = this.span(ctx);
    if (!name || !version || !span) return undefined;
    return { kind: ctx["Pricing"] ? "pricing-header" : "circle-header", name, version, span };
  }

  currencyDecl(ctx: Ctx): A.CurrencyDecl | undefined {
    const code = this.name(tok(ctx, "Identifier"));
    const span = this.span(ctx);
    return code && span && { kind: "currency", code, span };
  }

  periodDecl(ctx: Ctx): A.PeriodDecl | undefined {
    const unit = this.name(tok(ctx, "Identifier"));
    const span = this.span(ctx);
    return unit && span && { kind: "period", unit, span };
  }

  roundDecl(ctx: Ctx): A.RoundDecl | undefined {
    const step = this.numberLiteral(tok(ctx, "NumberLit"));
    const mode = this.name(tok(ctx, "mode"));
    const span = this.span(ctx);
    return step && mode && span && { kind: "round", step, mode, span };
  }

  meterDecl(ctx: Ctx): A.MeterDecl | undefined {
    const name = this.name(tok(ctx, "name"));
    const unit = this.one(ctx, "unit", this.unit);
    const derived = this.one(ctx, "derived", this.expression);
    const aggregate = this.name(tok(ctx, "aggregate"));
    const span = this.span(ctx);
    if (!name || !unit || !span || (ctx["Equals"] && !derived) || (ctx["Aggregate"] && !aggregate)) return undefined;
    return { kind: "meter", name, unit, ...(derived ? { derived } : {}), ...(aggregate ? { aggregate } : {}), span };
  }

  exchangeDecl(ctx: Ctx): A.ExchangeDecl | undefined {
    const one = this.numberLiteral(tok(ctx, "one"));
    const code = this.name(tok(ctx, "code"));
    const rate = this.one(ctx, "rate", this.expression);
    const span = this.span(ctx);
    return one && code && rate && span && { kind: "exchange", one, code, rate, span };
  }

  feeDecl(ctx: Ctx): A.FeeDecl | undefined {
    const name = this.name(tok(ctx, "name"));
    const amount = this.one(ctx, "amount", this.expression);
    const per = this.name(tok(ctx, "per"));
    const when = this.condition(ctx, "When", "when");
    const label = this.stringLiteral(tok(ctx, "label"));
    const span = this.span(ctx);
    if (!name || !amount || !span || !when.ok || (ctx["Per"] && !per) || (ctx["As"] && !label)) return undefined;
    return { kind: "fee", name, amount, ...(per ? { per } : {}), ...(when.expr ? { when: when.expr } : {}), ...(label ? { label } : {}), span };
  }

  extendsDecl(ctx: Ctx): A.ExtendsDecl | undefined {
    const path = this.stringLiteral(tok(ctx, "path"));
    const span = this.span(ctx);
    return path && span && { kind: "extends", path, span };
  }

  attributesDecl(ctx: Ctx): A.AttributesDecl | undefined {
    const scope: A.AttributeScope = ctx["Record"] ? "record" : ctx["Consumer"] ? "consumer" : ctx["Market"] ? "market" : "node";
    const span = this.span(ctx);
    return span && { kind: "attributes", scope, fields: this.all(ctx, "typedName", this.typedName), span };
  }

  typedName(ctx: Ctx): A.FieldDecl | undefined {
    const name = this.name(tok(ctx, "name"));
    const unit = this.one(ctx, "unit", this.unit);
    const span = this.span(ctx);
    return name && unit && span && { name, type: { unit, span: unit.span }, span };
  }

  unit(ctx: Ctx): A.UnitExpr | undefined {
    const factors = (ctx["factor"] ?? [])
      .filter(isToken)
      .filter(isReal)
      .map((t) => ({ name: t.image, span: this.tokenSpan(t) }));
    const span = this.span(ctx);
    return factors.length > 0 && span ? { factors, span } : undefined;
  }

  letDecl(ctx: Ctx): A.LetDecl | undefined {
    const name = this.name(tok(ctx, "name"));
    const value = this.one(ctx, "expression", this.expression);
    const span = this.span(ctx);
    return name && value && span && { kind: "let", name, value, span };
  }

  money(ctx: Ctx): A.MoneyLiteral | undefined {
    const n = tok(ctx, "NumberLit");
    const currency = this.name(tok(ctx, "currency"));
    const span = this.span(ctx);
    return n && currency && span && { text: (ctx["Minus"] ? "-" : "") + this.digits(n), currency, span };
  }

  rateDecl(ctx: Ctx): A.RateDecl | undefined {
    const meter = this.name(tok(ctx, "meter"));
    const percent = tok(ctx, "percent");
    const price: A.PriceForm | undefined =
      this.one(ctx, "fixedPrice", this.fixedPrice) ??
      this.one(ctx, "tieredPrice", this.tieredPrice) ??
      (percent && { kind: "percent-price", percent: this.percentLiteral(percent), span: this.tokenSpan(percent) });
    const when = this.condition(ctx, "When", "when");
    const split = this.name(tok(ctx, "split"));
    const label = this.stringLiteral(tok(ctx, "label"));
    const span = this.span(ctx);
    if (!meter || !price || !span || !when.ok || (ctx["As"] && !label) || (ctx["Split"] && !split)) return undefined;
    return { kind: "rate", meter, price, ...(when.expr ? { when: when.expr } : {}), ...(split ? { split } : {}), ...(label ? { label } : {}), span };
  }

  fixedPrice(ctx: Ctx): A.UnitPrice | A.BlockPrice | undefined {
    const price = this.one(ctx, "money", this.money);
    const unit = this.one(ctx, "unit", this.unit);
    const span = this.span(ctx);
    if (!price || !unit || !span) return undefined;
    if (ctx["Block"]) {
      const blockSize = this.numberLiteral(tok(ctx, "blockSize"));
      return blockSize && { kind: "block-price", price, blockSize, unit, span };
    }
    const per = this.numberLiteral(tok(ctx, "per"));
    return { kind: "unit-price", price, ...(per ? { per } : {}), unit, span };
  }

  tieredPrice(ctx: Ctx): A.TieredPrice | undefined {
    const mode = tok(ctx, "mode")?.image;
    const per = this.numberLiteral(tok(ctx, "per"));
    const unit = this.one(ctx, "unit", this.unit);
    const span = this.span(ctx);
    if ((mode !== "graduated" && mode !== "volume") || !unit || !span) return undefined;
    return { kind: "tiered-price", mode, ...(per ? { per } : {}), unit, tiers: this.all(ctx, "tier", this.tier), span };
  }

  tier(ctx: Ctx): A.Tier | undefined {
    const upTo = this.numberLiteral(tok(ctx, "upTo"));
    const percent = tok(ctx, "percent");
    const first = percent ? this.percentLiteral(percent) : this.one(ctx, "price", this.money);
    const plus = this.one(ctx, "flat", this.money);
    const span = this.span(ctx);
    if (!first || !span || (ctx["Up"] && !upTo) || (ctx["Plus"] && !plus)) return undefined;
    // `F flat` alone: the first amount is the flat one.
    if (ctx["alone"]) return "currency" in first ? { ...(upTo ? { upTo } : {}), flat: first, span } : undefined;
    return { ...(upTo ? { upTo } : {}), price: first, ...(plus ? { flat: plus } : {}), span };
  }

  private percentLiteral(t: IToken): A.PercentLiteral {
    return { kind: "percent", text: this.digits(t).slice(0, -1), span: this.tokenSpan(t) };
  }

  adjustmentDecl(ctx: Ctx): A.AdjustmentDecl | undefined {
    const adjustment = tok(ctx, "kind")?.image;
    const name = this.name(tok(ctx, "name"));
    const target = this.name(tok(ctx, "target"));
    const money = this.one(ctx, "moneyAmount", this.money);
    const amount: A.Expr | undefined = money ? moneyExpr(money) : this.one(ctx, "amount", this.expression);
    const when = this.condition(ctx, "When", "when");
    const span = this.span(ctx);
    if ((adjustment !== "discount" && adjustment !== "surcharge") || !name || !target || !amount || !when.ok || !span) return undefined;
    return { kind: "adjustment", adjustment, name, target, amount, ...(when.expr ? { when: when.expr } : {}), span };
  }

  limitDecl(ctx: Ctx): A.LimitDecl | undefined {
    const limit = tok(ctx, "kind")?.image;
    const amount = this.one(ctx, "money", this.money);
    const span = this.span(ctx);
    if ((limit !== "minimum" && limit !== "maximum") || !amount || !span) return undefined;
    return { kind: "limit", limit, amount, span };
  }

  membersDecl(ctx: Ctx): A.MembersDecl | undefined {
    const min = this.numberLiteral(tok(ctx, "min"));
    const max = this.numberLiteral(tok(ctx, "max"));
    const span = this.span(ctx);
    return min && max && span && { kind: "members", min, max, span };
  }

  // --- circles -------------------------------------------------------------------------------

  proposalDecl(ctx: Ctx): A.ProposalDecl | undefined {
    const name = this.name(tok(ctx, "name"));
    const span = this.span(ctx);
    if (!name || !span) return undefined;
    const parameters = this.all(ctx, "typedName", this.typedName);
    return { kind: "proposal", name, parameters, items: this.all(ctx, "proposalItem", this.proposalItem), span };
  }

  proposalItem(ctx: Ctx): A.ProposalItem | undefined {
    return (
      this.one(ctx, "durationSetting", this.durationSetting) ??
      this.one(ctx, "approveLine", this.approveLine) ??
      this.one(ctx, "changeSetting", this.changeSetting) ??
      this.one(ctx, "effectLine", this.effectLine)
    );
  }

  treasuryDecl(ctx: Ctx): A.TreasuryDecl | undefined {
    const code = this.name(tok(ctx, "Identifier"));
    const span = this.span(ctx);
    return code && span && { kind: "treasury", code, span };
  }

  changeSetting(ctx: Ctx): A.VotesMayChange | undefined {
    const words = (ctx["word"] ?? []).filter(isToken);
    const span = this.span(ctx);
    if (!span || words.length !== 3 || !words.every(isReal)) return undefined;
    if (words.map((w) => w.image).join(" ") !== "votes may change") {
      this.diagnostics.push(diagnostic("AT103", span, { case: "proposal-setting", found: words.map((w) => w.image).join(" ") }));
      return undefined;
    }
    return { kind: "votes-may-change", span };
  }

  effectLine(ctx: Ctx): A.EffectLine | undefined {
    const verb = this.name(tok(ctx, "verb"));
    const member = tok(ctx, "member");
    const subject = this.one(ctx, "subject", this.expression);
    const link = tok(ctx, "link");
    const object = this.one(ctx, "object", this.expression);
    const span = this.span(ctx);
    if (!verb || !subject || !span || (link && !object)) return undefined;
    const word = link?.image;
    return {
      kind: "effect",
      verb,
      ...(member ? { memberSpan: this.tokenSpan(member) } : {}),
      subject,
      ...(link && (word === "to" || word === "as") ? { link: { word, span: this.tokenSpan(link) } } : {}),
      ...(object ? { object } : {}),
      span,
    };
  }

  durationSetting(ctx: Ctx): A.DurationSetting | undefined {
    const kind = tok(ctx, "kind")?.image;
    const duration = this.measure(tok(ctx, "NumberLit"), tok(ctx, "unit"));
    const span = this.span(ctx);
    if ((kind !== "voting" && kind !== "timelock") || !duration || !span) return undefined;
    return { kind, duration, span };
  }

  approveLine(ctx: Ctx): A.ApproveLine | undefined {
    const by = this.one(ctx, "by", this.expression);
    const when = this.condition(ctx, "When", "when");
    const span = this.span(ctx);
    if (!span || !when.ok || (ctx["By"] && !by) || (!ctx["By"] && !ctx["Automatically"])) return undefined;
    return { kind: "approve", ...(by ? { by } : {}), ...(when.expr ? { when: when.expr } : {}), span };
  }

  // --- tests ---------------------------------------------------------------------------------

  testDecl(ctx: Ctx): A.TestDecl | undefined {
    const name = this.stringLiteral(tok(ctx, "name"));
    const span = this.span(ctx);
    return name && span && { kind: "test", name, items: this.all(ctx, "testItem", this.testItem), span };
  }

  testItem(ctx: Ctx): A.TestItem | undefined {
    return this.one(ctx, "testInput", this.testInput) ?? this.one(ctx, "expectLine", this.expectLine);
  }

  testInput(ctx: Ctx): A.TestInput | undefined {
    const input = this.name(tok(ctx, "input"));
    const value = this.one(ctx, "json", this.json);
    const span = this.span(ctx);
    return input && value && span && { kind: "test-input", input, value, span };
  }

  expectLine(ctx: Ctx): A.ExpectLine | undefined {
    const subject = this.name(tok(ctx, "subject"));
    const span = this.span(ctx);
    return subject && span && { kind: "expect", subject, args: this.all(ctx, "expectArg", this.expectArg), span };
  }

  expectArg(ctx: Ctx): A.ExpectArgument | undefined {
    const span = this.span(ctx);
    const string = tok(ctx, "StringLit");
    const name = tok(ctx, "name");
    const n = tok(ctx, "NumberLit");
    const unit = this.name(tok(ctx, "unit"));
    if (!span) return undefined;
    if (string) return { kind: "string", value: decodeString(string.image, string.tokenType !== UnterminatedString).value, span };
    if (name) return { kind: "name", name: name.image, span };
    return n && { kind: "amount", text: (ctx["Minus"] ? "-" : "") + this.digits(n), ...(unit ? { unit } : {}), span };
  }
}

/** A money literal as the expression it reads as: `-5 TFT` is the negation of `5 TFT`. */
function moneyExpr(m: A.MoneyLiteral): A.Expr {
  if (!m.text.startsWith("-")) return { kind: "measure", text: m.text, unit: m.currency, span: m.span };
  const start = { ...m.span.start, offset: m.span.start.offset + 1, column: m.span.start.column + 1 };
  return {
    kind: "unary",
    operator: "-",
    operand: { kind: "measure", text: m.text.slice(1), unit: m.currency, span: { start, end: m.span.end } },
    span: m.span,
  };
}

/** A declaration keyword within two edits of a misspelled word, for "did you mean". */
function closestKeyword(word: string): string | undefined {
  let best: { keyword: string; distance: number } | undefined;
  for (const keyword of declarationKeywords) {
    const distance = editDistance(word.toLowerCase(), keyword);
    if (distance <= 2 && distance < word.length - 1 && (!best || distance < best.distance)) best = { keyword, distance };
  }
  return best?.keyword;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The declarations of a parsed file, and the diagnostics only the AST builder can see. */
export function toAst(cst: CstNode, tokens: readonly IToken[], lines: LineMap): { declarations: A.Declaration[]; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(lines, tokens);
  return { declarations: builder.file(cst.children), diagnostics: builder.diagnostics };
}
