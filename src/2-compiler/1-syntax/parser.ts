// The grammar of .trust files as a chevrotain CstParser: the declarations and test blocks, on top
// of the expression and JSON rules. It is permissive where it can be (the checker gives the friendly
// semantic errors) and recovers from mistakes so one file reports many.

import { tokenMatcher, type IToken } from "chevrotain";
import { ExpressionParser, onLine } from "./expression-parser.js";
import {
  AnyKeyword,
  Colon,
  Comma,
  Dot,
  Equals,
  Identifier,
  kw,
  LCurly,
  LParen,
  Minus,
  NumberLit,
  Percent,
  Plus,
  RCurly,
  RParen,
  NameKeyword,
  DeclarationWord,
  Star,
  Stray,
  StringLit,
} from "./lexer.js";
import { errorMessages } from "./messages.js";
import { LazyLookaheadStrategy } from "./lazy-lookahead.js";

const maxLookahead = 3;

export class TrustParser extends ExpressionParser {
  /**
   * `validate`: chevrotain's grammar checks (ambiguities, left recursion), a third of building the
   * parser, which every CLI start and page load would pay; validateGrammar() runs them in a test.
   * The lookahead functions are built on first use (lazy-lookahead.ts), another third.
   */
  constructor({ validate = false } = {}) {
    super({
      recoveryEnabled: true,
      maxLookahead,
      lookaheadStrategy: new LazyLookaheadStrategy({ maxLookahead }),
      errorMessageProvider: errorMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.headerDecl) },
      { ALT: () => this.SUBRULE(this.currencyDecl) },
      { ALT: () => this.SUBRULE(this.periodDecl) },
      { ALT: () => this.SUBRULE(this.roundDecl) },
      { ALT: () => this.SUBRULE(this.meterDecl) },
      { ALT: () => this.SUBRULE(this.attributesDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.rateDecl) },
      { ALT: () => this.SUBRULE(this.adjustmentDecl) },
      { ALT: () => this.SUBRULE(this.limitDecl) },
      { ALT: () => this.SUBRULE(this.exchangeDecl) },
      { ALT: () => this.SUBRULE(this.feeDecl) },
      { ALT: () => this.SUBRULE(this.extendsDecl) },
      { ALT: () => this.SUBRULE(this.membersDecl) },
      { ALT: () => this.SUBRULE(this.treasuryDecl) },
      { ALT: () => this.SUBRULE(this.proposalDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.stray) },
    ]);
  });

  /** Tokens that cannot start a declaration: one run per line, so one mistake is one error. */
  stray = this.RULE("stray", () => {
    const first = this.CONSUME(Stray);
    this.MANY({ GATE: () => onLine(this.LA(1), first), DEF: () => this.CONSUME2(Stray) });
  });

  headerDecl = this.RULE("headerDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(kw.pricing) }, { ALT: () => this.CONSUME(kw.circle) }]);
    this.CONSUME(StringLit, { LABEL: "name" });
    this.CONSUME(kw.version);
    this.CONSUME(NumberLit, { LABEL: "version" });
  });

  currencyDecl = this.RULE("currencyDecl", () => {
    this.CONSUME(kw.currency);
    this.CONSUME(Identifier);
  });

  periodDecl = this.RULE("periodDecl", () => {
    this.CONSUME(kw.period);
    this.CONSUME(Identifier);
  });

  roundDecl = this.RULE("roundDecl", () => {
    this.CONSUME(kw.round);
    this.CONSUME(kw.to);
    this.CONSUME(NumberLit);
    // The mode `up` is also the keyword of `up to`: both spellings name the mode here.
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: "mode" }) }, { ALT: () => this.CONSUME(kw.up, { LABEL: "mode" }) }]);
  });

  /** `meter NAME: UNIT [= EXPR] [aggregate sum|max]`; a name may be spelled like a soft keyword. */
  meterDecl = this.RULE("meterDecl", () => {
    this.CONSUME(kw.meter);
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) }, { ALT: () => this.CONSUME(NameKeyword, { LABEL: "name" }) }]);
    this.CONSUME(Colon);
    this.SUBRULE(this.unit);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expression, { LABEL: "derived" });
    });
    this.OPTION2(() => {
      this.CONSUME(kw.aggregate);
      this.CONSUME2(Identifier, { LABEL: "aggregate" });
    });
  });

  /** `exchange 1 TFT = EXPR`. */
  exchangeDecl = this.RULE("exchangeDecl", () => {
    this.CONSUME(kw.exchange);
    this.CONSUME(NumberLit, { LABEL: "one" });
    this.CONSUME(Identifier, { LABEL: "code" });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "rate" });
  });

  /** `fee NAME AMOUNT [per UNIT] [when COND] [as "label"]`. */
  feeDecl = this.RULE("feeDecl", () => {
    this.CONSUME(kw.fee);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.expression, { LABEL: "amount" });
    this.OPTION(() => {
      this.CONSUME(kw.per);
      this.CONSUME2(Identifier, { LABEL: "per" });
    });
    this.OPTION2(() => {
      this.CONSUME(kw.when);
      this.SUBRULE2(this.expression, { LABEL: "when" });
    });
    this.OPTION3(() => {
      this.CONSUME(kw.as);
      this.CONSUME(StringLit, { LABEL: "label" });
    });
  });

  extendsDecl = this.RULE("extendsDecl", () => {
    this.CONSUME(kw.extends);
    this.CONSUME(StringLit, { LABEL: "path" });
  });

  attributesDecl = this.RULE("attributesDecl", () => {
    this.OR([
      { ALT: () => this.CONSUME(kw.record) },
      { ALT: () => this.CONSUME(kw.consumer) },
      { ALT: () => this.CONSUME(kw.node) },
      { ALT: () => this.CONSUME(kw.market) },
    ]);
    this.CONSUME(LCurly);
    this.MANY({
      // A word that starts a declaration is a field only when its `:` follows: a list left open
      // (`record { to: text` then `rate cpu ...`) ends there, as it did before such names were read.
      GATE: () => !tokenMatcher(this.LA(1), DeclarationWord) || tokenMatcher(this.LA(2), Colon),
      DEF: () => {
        this.SUBRULE(this.typedName);
        this.OPTION(() => this.CONSUME(Comma));
      },
    });
    this.CONSUME(RCurly);
  });

  /**
   * `name: type`, for fields and parameters. Keywords that cannot start a declaration may be
   * names (`to: text`); the others may not, so a missing `}` stops at the next declaration.
   */
  typedName = this.RULE("typedName", () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(NameKeyword, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(DeclarationWord, { LABEL: "name" }) },
    ]);
    this.CONSUME(Colon);
    this.SUBRULE(this.unit);
  });

  unit = this.RULE("unit", () => {
    this.CONSUME(Identifier, { LABEL: "factor" });
    this.MANY(() => {
      this.CONSUME(Star);
      this.CONSUME2(Identifier, { LABEL: "factor" });
    });
  });

  letDecl = this.RULE("letDecl", () => {
    this.CONSUME(kw.let);
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) }, { ALT: () => this.CONSUME(NameKeyword, { LABEL: "name" }) }]);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  money = this.RULE("money", () => {
    this.OPTION(() => this.CONSUME(Minus));
    this.CONSUME(NumberLit);
    this.CONSUME(Identifier, { LABEL: "currency" });
  });

  rateDecl = this.RULE("rateDecl", () => {
    this.CONSUME(kw.rate);
    this.OR4([{ ALT: () => this.CONSUME(Identifier, { LABEL: "meter" }) }, { ALT: () => this.CONSUME(NameKeyword, { LABEL: "meter" }) }]);
    this.OR([
      { ALT: () => this.SUBRULE(this.fixedPrice) },
      { ALT: () => this.SUBRULE(this.tieredPrice) },
      { ALT: () => this.CONSUME(Percent, { LABEL: "percent" }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(kw.when);
      this.SUBRULE(this.expression, { LABEL: "when" });
    });
    this.OPTION3(() => {
      this.CONSUME(kw.split);
      this.CONSUME(kw.by);
      this.CONSUME(kw.record, { LABEL: "splitScope" });
      this.CONSUME(Dot);
      this.OR2([{ ALT: () => this.CONSUME2(Identifier, { LABEL: "split" }) }, { ALT: () => this.CONSUME(AnyKeyword, { LABEL: "split" }) }]);
    });
    this.OPTION2(() => {
      this.CONSUME(kw.as);
      this.CONSUME(StringLit, { LABEL: "label" });
    });
  });

  /** `P per UNIT`, `P per N UNIT`, `P per block of N UNIT`. */
  fixedPrice = this.RULE("fixedPrice", () => {
    this.SUBRULE(this.money);
    this.CONSUME(kw.per);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.block);
          this.CONSUME(kw.of);
          this.CONSUME(NumberLit, { LABEL: "blockSize" });
          this.SUBRULE(this.unit);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME2(NumberLit, { LABEL: "per" }));
          this.SUBRULE2(this.unit);
        },
      },
    ]);
  });

  tieredPrice = this.RULE("tieredPrice", () => {
    this.OR([{ ALT: () => this.CONSUME(kw.graduated, { LABEL: "mode" }) }, { ALT: () => this.CONSUME(kw.volume, { LABEL: "mode" }) }]);
    this.CONSUME(kw.per);
    this.OPTION(() => this.CONSUME(NumberLit, { LABEL: "per" }));
    this.SUBRULE(this.unit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.tier));
    this.CONSUME(RCurly);
  });

  tier = this.RULE("tier", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.up);
          this.CONSUME(kw.to);
          this.CONSUME(NumberLit, { LABEL: "upTo" });
        },
      },
      { ALT: () => this.CONSUME(kw.above) },
    ]);
    this.CONSUME(Colon);
    this.OR2([{ ALT: () => this.CONSUME(Percent, { LABEL: "percent" }) }, { ALT: () => this.SUBRULE(this.money, { LABEL: "price" }) }]);
    this.OPTION(() => {
      this.OR3([
        { ALT: () => this.CONSUME(kw.flat, { LABEL: "alone" }) },
        {
          ALT: () => {
            this.CONSUME(Plus);
            this.SUBRULE2(this.money, { LABEL: "flat" });
            this.CONSUME2(kw.flat);
          },
        },
      ]);
    });
  });

  adjustmentDecl = this.RULE("adjustmentDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(kw.discount, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(kw.surcharge, { LABEL: "kind" }) }]);
    this.OR2([
      { ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) },
      { ALT: () => this.CONSUME2(NameKeyword, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(DeclarationWord, { LABEL: "name" }) },
    ]);
    this.CONSUME(kw.on);
    this.OR3([{ ALT: () => this.CONSUME2(Identifier, { LABEL: "target" }) }, { ALT: () => this.CONSUME(NameKeyword, { LABEL: "target" }) }]);
    this.OR4([
      // Part one's money amount may put its currency on the next line; an expression may not.
      { GATE: () => this.currencyOnNextLine(), ALT: () => this.SUBRULE(this.money, { LABEL: "moneyAmount" }) },
      { ALT: () => this.SUBRULE(this.expression, { LABEL: "amount" }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(kw.when);
      this.SUBRULE2(this.expression, { LABEL: "when" });
    });
  });

  /** `5` or `-5` with its currency on the next line: part one's money amount, not an expression. */
  private currencyOnNextLine(): boolean {
    const k = tokenMatcher(this.LA(1), Minus) ? 2 : 1;
    return tokenMatcher(this.LA(k), NumberLit) && tokenMatcher(this.LA(k + 1), Identifier) && !onLine(this.LA(k + 1), this.LA(k));
  }

  limitDecl = this.RULE("limitDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(kw.minimum, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(kw.maximum, { LABEL: "kind" }) }]);
    this.SUBRULE(this.money);
  });

  membersDecl = this.RULE("membersDecl", () => {
    this.CONSUME(kw.members);
    this.CONSUME(NumberLit, { LABEL: "min" });
    this.CONSUME(kw.to);
    this.CONSUME2(NumberLit, { LABEL: "max" });
  });

  proposalDecl = this.RULE("proposalDecl", () => {
    this.CONSUME(kw.proposal);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.typedName);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.typedName);
      });
    });
    this.CONSUME(RParen);
    this.CONSUME(LCurly);
    this.MANY2(() => this.SUBRULE(this.proposalItem));
    this.CONSUME(RCurly);
  });

  proposalItem = this.RULE("proposalItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.durationSetting) },
      { ALT: () => this.SUBRULE(this.approveLine) },
      { ALT: () => this.SUBRULE(this.changeSetting) },
      { ALT: () => this.SUBRULE(this.effectLine) },
    ]);
  });

  treasuryDecl = this.RULE("treasuryDecl", () => {
    this.CONSUME(kw.treasury);
    this.CONSUME(Identifier);
  });

  /** `votes may change`: three plain words, checked by the AST builder (none is reserved). */
  changeSetting = this.RULE("changeSetting", () => {
    this.CONSUME(Identifier, { LABEL: "word" });
    this.CONSUME2(Identifier, { LABEL: "word" });
    this.CONSUME3(Identifier, { LABEL: "word" });
  });

  /**
   * `then VERB [member] EXPR [(to | as) EXPR]`. The verb is a plain name so a misspelled one gets
   * "did you mean"; `member` is taken as a word only after `add` / `remove`.
   */
  effectLine = this.RULE("effectLine", () => {
    this.CONSUME(kw.then);
    const verb = this.CONSUME(Identifier, { LABEL: "verb" });
    this.OPTION({
      GATE: () => (verb.image === "add" || verb.image === "remove") && this.LA(1).image === "member" && this.LA(2).tokenType !== RCurly,
      DEF: () => this.CONSUME2(Identifier, { LABEL: "member" }),
    });
    this.SUBRULE(this.expression, { LABEL: "subject" });
    this.OPTION2(() => {
      this.OR([{ ALT: () => this.CONSUME(kw.to, { LABEL: "link" }) }, { ALT: () => this.CONSUME(kw.as, { LABEL: "link" }) }]);
      this.SUBRULE2(this.expression, { LABEL: "object" });
    });
  });

  durationSetting = this.RULE("durationSetting", () => {
    this.OR([{ ALT: () => this.CONSUME(kw.voting, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(kw.timelock, { LABEL: "kind" }) }]);
    this.CONSUME(NumberLit);
    this.CONSUME(Identifier, { LABEL: "unit" });
  });

  approveLine = this.RULE("approveLine", () => {
    this.CONSUME(kw.approve);
    this.OR([
      { ALT: () => this.CONSUME(kw.automatically) },
      {
        ALT: () => {
          this.CONSUME(kw.by);
          this.SUBRULE(this.expression, { LABEL: "by" });
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(kw.when);
      this.SUBRULE2(this.expression, { LABEL: "when" });
    });
  });

  testDecl = this.RULE("testDecl", () => {
    this.CONSUME(kw.test);
    this.CONSUME(StringLit, { LABEL: "name" });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.testItem));
    this.CONSUME(RCurly);
  });

  testItem = this.RULE("testItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.testInput) }, { ALT: () => this.SUBRULE(this.expectLine) }]);
  });

  testInput = this.RULE("testInput", () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier, { LABEL: "input" }) }, { ALT: () => this.CONSUME(kw.proposal, { LABEL: "input" }) }]);
    this.SUBRULE(this.json);
  });

  /** Expect lines have no terminator: an argument counts only on the line of its `expect`. */
  expectLine = this.RULE("expectLine", () => {
    const expect = this.CONSUME(kw.expect);
    this.CONSUME(Identifier, { LABEL: "subject" });
    this.MANY({ GATE: () => onLine(this.LA(1), expect), DEF: () => this.SUBRULE(this.expectArg, { ARGS: [expect] }) });
  });

  expectArg = this.RULE("expectArg", (expect?: IToken) => {
    this.OR([
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) },
      // `expect tally members 12`: the counter's name is also the keyword of `members A to B`.
      { ALT: () => this.CONSUME(kw.members, { LABEL: "name" }) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Minus));
          this.CONSUME(NumberLit);
          this.OPTION2({ GATE: () => onLine(this.LA(1), expect), DEF: () => this.CONSUME2(Identifier, { LABEL: "unit" }) });
        },
      },
    ]);
  });
}

/** One parser for the process: building it analyses the grammar, which is the slow part. */
export const parser = new TrustParser();
