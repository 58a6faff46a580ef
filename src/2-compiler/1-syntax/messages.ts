// Parser errors in words a policy author understands: what was expected, after what, what was
// found, and a hint that shows the declaration's shape. Chevrotain's defaults name grammar internals.

import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { describeToken, UnterminatedString } from "./lexer.js";
import type { LineMap } from "../../1-base/source/index.js";

/** What a rule expects, where listing its first tokens would be a long, unhelpful list. */
const ruleExpectations: Record<string, string> = {
  declaration: "a declaration",
  expression: "an expression",
  orExpr: "an expression",
  andExpr: "an expression",
  notExpr: "an expression",
  comparison: "an expression",
  additive: "an expression",
  multiplicative: "an expression",
  unary: "an expression",
  primary: "an expression",
  json: "a JSON value",
  testItem: "a test input (such as `usage [...]`) or an `expect` line",
  proposalItem: "'voting', 'timelock' or 'approve'",
  tier: "'up to' or 'above'",
  expectArg: "a string, a name or an amount",
};

/** Names for an expected token where its label alone ("a name") would be vague. */
const expectedPhrases: Record<string, string> = {
  "money.Identifier": "a currency code such as 'TFT'",
  "currencyDecl.Identifier": "a currency code such as 'TFT'",
  "unit.Identifier": "a unit name",
  "durationSetting.Identifier": "a unit such as 'days'",
  "roundDecl.Identifier": "a rounding mode ('half_even', 'half_up', 'up' or 'down')",
  "periodDecl.Identifier": "a period ('hour', 'day' or 'month')",
  "meterDecl.Identifier": "a meter name",
  "rateDecl.Identifier": "a meter name",
  "proposalDecl.Identifier": "a proposal name",
};

/** "after ..." phrases where the previous token alone would read oddly. */
const afterPhrases: Record<string, string> = {
  "meterDecl.Colon": "the meter name",
};

/** The shape of each declaration, shown as the hint for an error inside it (innermost wins). */
const ruleHints: Record<string, string> = {
  headerDecl: 'write `pricing "NAME" version N` or `circle "NAME" version N`',
  currencyDecl: "write `currency CODE`, e.g. `currency TFT`",
  periodDecl: "write `period hour`, `period day` or `period month`",
  roundDecl: "write `round to STEP MODE`, e.g. `round to 0.01 half_even`",
  meterDecl: "write `meter NAME: UNIT`, e.g. `meter cpu: vcpu*hour`",
  attributesDecl: "write `record { name: type, ... }` (likewise `consumer`, `node`)",
  typedName: "write `name: type`, e.g. `start: time`",
  letDecl: "write `let NAME = EXPRESSION`",
  rateDecl: "write `rate METER PRICE per UNIT`, e.g. `rate cpu 0.01 TFT per vcpu*hour`",
  tieredPrice: "write `graduated per UNIT { up to N: PRICE ... above: PRICE }` (or `volume`)",
  tier: "write `up to N: PRICE` or `above: PRICE`",
  adjustmentDecl: "write `discount NAME on TARGET 10%` (or an amount such as `5 TFT`), optionally `when CONDITION`",
  limitDecl: "write `minimum 1 TFT` or `maximum 100 TFT`",
  membersDecl: "write `members MIN to MAX`, e.g. `members 9 to 99`",
  proposalDecl: "write `proposal NAME(param: type, ...) { voting 7 days ... }`",
  proposalItem: "a proposal holds `voting 7 days`, `timelock 2 days` and `approve ...` lines",
  durationSetting: "write a number and a unit, e.g. `voting 7 days`",
  approveLine: "write `approve automatically [when C]` or `approve by E [when C]`",
  testDecl: 'write `test "NAME" { usage [...] expect total 1 TFT }`',
  json: "JSON values are objects with string keys, arrays, strings, numbers, true, false and null",
};
const expressionHint = "an expression is a number, an amount (`10 TFT`), a name, `record.x`, a call `f(x)` or `( ... )`";
for (const rule of ["expression", "orExpr", "andExpr", "notExpr", "comparison", "additive", "multiplicative", "unary", "primary"]) {
  ruleHints[rule] = expressionHint;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && token.tokenType !== EOF && Number.isFinite(token.startOffset) && token.image !== "";
}

function after(ruleName: string, expected: TokenType | undefined, previous: IToken | undefined): string {
  const phrase = expected && afterPhrases[`${ruleName}.${expected.name}`];
  if (phrase) return ` after ${phrase}`;
  return isReal(previous) ? ` after ${describeToken(previous)}` : "";
}

function found(token: IToken | undefined): string {
  return token === undefined ? "the end of the file" : describeToken(token);
}

function alternatives(paths: TokenType[][]): string {
  const firsts = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0])))];
  if (firsts.length === 0) return "more input";
  if (firsts.length > 6) return `one of ${firsts.slice(0, 6).join(", ")}, ...`;
  return firsts.length === 1 ? firsts[0] : `${firsts.slice(0, -1).join(", ")} or ${firsts[firsts.length - 1]}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const what = expectedPhrases[`${ruleName}.${expected.name}`] ?? label(expected);
    return `expected ${what}${after(ruleName, expected, previous)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const expected = ruleExpectations[ruleName] ?? alternatives(expectedPathsPerAlt.flat());
    return `expected ${expected}${after(ruleName, undefined, previous)}, found ${found(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }) {
    const expected = ruleExpectations[ruleName] ?? alternatives(expectedIterationPaths);
    return `expected ${expected}${after(ruleName, undefined, previous)}, found ${found(actual[0])}`;
  },
};

function previousTokenOf(error: IRecognitionException): IToken | undefined {
  // Chevrotain's exceptions carry the previous token, though its typings do not say so.
  const previous: unknown = (error as { previousToken?: unknown }).previousToken;
  return typeof previous === "object" && previous !== null && "tokenType" in previous ? (previous as IToken) : undefined;
}

/** A syntax diagnostic and the line its mistake belongs to, for keeping one error per line. */
export interface LocatedDiagnostic {
  diagnostic: Diagnostic;
  line: number;
}

/**
 * Turns parser exceptions into AT103 diagnostics. An error right after an unterminated string is
 * dropped: the string swallowed the rest of its line, and AT102 already says so. When the token
 * found is on a later line than the one before it, the mistake belongs to the earlier line (a
 * declaration left unfinished), even though the diagnostic points at the token found.
 */
export function parseDiagnostics(errors: readonly IRecognitionException[], lines: LineMap): LocatedDiagnostic[] {
  const located: LocatedDiagnostic[] = [];
  for (const error of errors) {
    const previous = previousTokenOf(error);
    if (previous?.tokenType === UnterminatedString) continue;
    const token = error.token;
    const span = isReal(token) ? lines.span(token.startOffset, token.startOffset + token.image.length) : lines.endSpan();
    const stack = error.context?.ruleStack ?? [];
    const hintRule = [...stack].reverse().find((rule) => rule in ruleHints);
    const shape = hintRule === undefined ? undefined : ruleHints[hintRule];
    const found = diagnostic("AT103", span, { case: "parser", sentence: error.message, ...(shape !== undefined ? { shape } : {}) });
    const line = isReal(previous) ? Math.min(lines.position(previous.startOffset).line, span.start.line) : span.start.line;
    located.push({ diagnostic: found, line });
  }
  return located;
}
