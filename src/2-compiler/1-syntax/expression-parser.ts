// The value sublanguages shared by declarations: expressions (with their precedence levels) and
// the JSON values of test blocks. TrustParser extends this class with the declarations.

import { CstParser, type IParserConfig, type IToken, type TokenType } from "chevrotain";
import {
  AdditiveOp,
  allTokens,
  AnyKeyword,
  Colon,
  Comma,
  ComparisonOp,
  Dot,
  Identifier,
  kw,
  LCurly,
  LParen,
  LSquare,
  Minus,
  MultiplicativeOp,
  NameKeyword,
  NumberLit,
  Percent,
  RCurly,
  RParen,
  RSquare,
  StringLit,
} from "./lexer.js";

/** The rules shared by declarations; TrustParser adds the rest and runs the grammar analysis. */
export class ExpressionParser extends CstParser {
  constructor(config: IParserConfig) {
    super([...allTokens], config);
  }

  /**
   * Chevrotain chooses the token type to re-sync on from the outermost rule's follow set first.
   * The `Stray` category is in the follow of every declaration, so any error would unwind to the
   * top level (a bad JSON value would lose its whole test block). Innermost first keeps recovery
   * local. This replaces an internal method of chevrotain 11's recovery; the tests pin the effect.
   */
  flattenFollowSet(): TokenType[] {
    const internals = this as unknown as RecoveryInternals;
    return internals
      .buildFullFollowKeyStack()
      .reverse()
      .flatMap((key) => internals.getFollowSetFromFollowKey(key));
  }

  json = this.RULE("json", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.jsonObject) },
      { ALT: () => this.SUBRULE(this.jsonArray) },
      { ALT: () => this.CONSUME(StringLit) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Minus));
          this.CONSUME(NumberLit);
        },
      },
      { ALT: () => this.CONSUME(kw.true, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(kw.false, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(kw.null, { LABEL: "literal" }) },
    ]);
  });

  jsonObject = this.RULE("jsonObject", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.jsonEntry);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.jsonEntry);
      });
    });
    this.CONSUME(RCurly);
  });

  jsonEntry = this.RULE("jsonEntry", () => {
    this.CONSUME(StringLit, { LABEL: "key" });
    this.CONSUME(Colon);
    this.SUBRULE(this.json);
  });

  jsonArray = this.RULE("jsonArray", () => {
    this.CONSUME(LSquare);
    this.OPTION(() => {
      this.SUBRULE(this.json);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.json);
      });
    });
    this.CONSUME(RSquare);
  });

  // Expressions, lowest precedence first. Each level keeps its operands and operators in order
  // (`operand`, `operator`) so the AST builder can fold them left-associatively.

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(kw.or, { LABEL: "operator" });
      this.SUBRULE2(this.andExpr, { LABEL: "operand" });
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(kw.and, { LABEL: "operator" });
      this.SUBRULE2(this.notExpr, { LABEL: "operand" });
    });
  });

  notExpr = this.RULE("notExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.not, { LABEL: "operator" });
          this.SUBRULE(this.notExpr, { LABEL: "operand" });
        },
      },
      { ALT: () => this.SUBRULE(this.comparison, { LABEL: "operand" }) },
    ]);
  });

  /** At most one comparison: `a < b < c` is an error, not a puzzle. */
  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive, { LABEL: "operand" });
    this.OPTION(() => {
      this.CONSUME(ComparisonOp, { LABEL: "operator" });
      this.SUBRULE2(this.additive, { LABEL: "operand" });
    });
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(AdditiveOp, { LABEL: "operator" });
      this.SUBRULE2(this.multiplicative, { LABEL: "operand" });
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(MultiplicativeOp, { LABEL: "operator" });
      this.SUBRULE2(this.unary, { LABEL: "operand" });
    });
  });

  unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Minus, { LABEL: "operator" });
          this.SUBRULE(this.unary, { LABEL: "operand" });
        },
      },
      { ALT: () => this.SUBRULE(this.primary, { LABEL: "operand" }) },
    ]);
  });

  primary = this.RULE("primary", () => {
    this.OR([
      // A number followed by a plain name on its line is a measure (`100 TFT`); keywords never
      // are units, and a name on the next line is a stray word, not a unit.
      {
        GATE: () => onLine(this.LA(2), this.LA(1)),
        ALT: () => {
          this.CONSUME(NumberLit, { LABEL: "measure" });
          this.CONSUME(Identifier, { LABEL: "unit" });
        },
      },
      { ALT: () => this.CONSUME2(NumberLit) },
      { ALT: () => this.CONSUME(Percent) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(kw.true, { LABEL: "bool" }) },
      { ALT: () => this.CONSUME(kw.false, { LABEL: "bool" }) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(kw.record, { LABEL: "scope" }) },
            { ALT: () => this.CONSUME(kw.consumer, { LABEL: "scope" }) },
            { ALT: () => this.CONSUME(kw.node, { LABEL: "scope" }) },
            { ALT: () => this.CONSUME(kw.market, { LABEL: "scope" }) },
            { ALT: () => this.CONSUME2(Identifier, { LABEL: "scope" }) },
          ]);
          this.CONSUME(Dot);
          this.OR3([{ ALT: () => this.CONSUME3(Identifier, { LABEL: "attribute" }) }, { ALT: () => this.CONSUME(AnyKeyword, { LABEL: "attribute" }) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME4(Identifier, { LABEL: "callee" });
          this.CONSUME(LParen);
          this.OPTION(() => {
            this.SUBRULE(this.expression, { LABEL: "argument" });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.expression, { LABEL: "argument" });
            });
          });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.CONSUME5(Identifier, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(kw.members, { LABEL: "name" }) },
      // `to` names a parameter in the sketch's own circle (`spend(amount: TFT, to: text)`); no
      // expression can continue with `to`, so reading it as a name is unambiguous.
      { ALT: () => this.CONSUME(NameKeyword, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME2(LParen);
          this.SUBRULE3(this.expression, { LABEL: "inner" });
          this.CONSUME2(RParen);
        },
      },
    ]);
  });
}

interface RecoveryInternals {
  buildFullFollowKeyStack(): unknown[];
  getFollowSetFromFollowKey(key: unknown): TokenType[];
}

/** Whether a token starts on the line of an anchor token: the grammar's only use of newlines. */
export function onLine(token: IToken, anchor: IToken | undefined): boolean {
  return anchor !== undefined && token.startLine !== undefined && token.startLine === anchor.startLine;
}
