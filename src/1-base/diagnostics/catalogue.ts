// Every diagnostic code the compiler can produce, written once: its title and an explanation
// with an example. `alltrust explain-code` prints these; the code type is derived from this list,
// so a mistyped code does not compile, and messages.ts has one message builder per entry.

export interface CatalogueEntry {
  code: string;
  title: string;
  explanation: string;
  /** A small .trust snippet that produces the diagnostic. */
  example: string;
}

const entries = [
  // AT1xx: syntax
  {
    code: "AT101",
    title: "unexpected character",
    explanation: "The file contains a character that is not part of the language (for example `$` or `@`).",
    example: "meter cpu: vcpu$hour",
  },
  {
    code: "AT102",
    title: "unterminated string",
    explanation: 'A string starts with `"` but the line ends before its closing quote.',
    example: 'pricing "gent version 1',
  },
  {
    code: "AT103",
    title: "syntax error",
    explanation: "The parser expected something else at this place: a missing `:`, a misplaced keyword, an unclosed `{`.",
    example: "meter cpu vcpu*hour   # expected ':'",
  },
  {
    code: "AT104",
    title: "invalid literal",
    explanation:
      "A number, percent or string escape is malformed, or a string holds a raw control character (U+0000 to U+001F: write it as an escape, as in JSON).",
    example: "rate cpu 0.01.2 TFT per vcpu*hour",
  },
  {
    code: "AT105",
    title: "number too large",
    explanation:
      "A number in a policy has at most 30 digits before the decimal point and 30 after (leading and trailing zeros aside). Data read by `price` and `decide` and the amounts of IOUs have the same bounds, so no computation ever meets a number of unbounded size. docs/limits.md lists every bound.",
    example: "rate cpu 1000000000000000000000000000000 TFT per vcpu*hour",
  },

  // AT2xx: names
  {
    code: "AT201",
    title: "unknown name",
    explanation: "A name is used that is not a let, a parameter, a counter or another name in scope here.",
    example: "let a = b + 1   # no `b`",
  },
  {
    code: "AT202",
    title: "unknown attribute",
    explanation: "`record.X`, `consumer.X` or `node.X` names an attribute that the matching declaration does not list.",
    example: "node { certified: bool }\nsurcharge c on total 5% when node.certifed",
  },
  {
    code: "AT203",
    title: "unknown meter",
    explanation: "A rate line, an adjustment target or `used(...)` names a meter that is not declared.",
    example: "rate cpuu 0.01 TFT per vcpu*hour",
  },
  {
    code: "AT204",
    title: "duplicate declaration",
    explanation: "Two declarations give the same name to different things (two meters, two lets, two attributes, two proposals, two parameters).",
    example: "meter cpu: vcpu*hour\nmeter cpu: vcpu*hour",
  },
  {
    code: "AT205",
    title: "unknown scope",
    explanation: "An attribute is read from something other than `record`, `consumer` or `node`.",
    example: "let x = farmer.name",
  },
  {
    code: "AT206",
    title: "unknown function",
    explanation:
      "A call names a function the language does not have. The built-ins are `hour`, `weekday`, `day`, `month`, `year`, `minute`, `used`, `min`, `max`.",
    example: "let h = hours(record.start)",
  },
  {
    code: "AT207",
    title: "unknown unit",
    explanation: "A unit name is neither a built-in unit, the file's currency, nor usable as a count unit here.",
    example: "voting 7 weeks",
  },
  {
    code: "AT208",
    title: "let cycle",
    explanation: "Lets refer to each other in a cycle, so none of them has a value.",
    example: "let a = b + 1\nlet b = a + 1",
  },
  {
    code: "AT210",
    title: "derived meter cycle",
    explanation:
      "Derived meters read each other in a cycle, so no record's quantity of them can be computed. A derived meter may read other derived meters, never itself, directly or through others.",
    example: "meter a: GB = b + raw\nmeter b: GB = a / 2",
  },
  {
    code: "AT209",
    title: "unknown proposal kind or parameter",
    explanation: "A name inside a proposal block refers to a parameter the proposal does not declare.",
    example: "proposal spend(amount: TFT) { approve automatically when amont < 10 TFT }",
  },
  {
    code: "AT220",
    title: "unknown effect",
    explanation:
      "A `then` line names an effect the language does not have. The effects are `pay AMOUNT to TEXT`, `add member M`, `remove member M` and `adopt HASH as TEXT`.",
    example: "proposal spend(amount: TFT, to: text) { voting 7 days\n  approve by yes > no\n  then pya amount to to }",
  },

  // AT3xx: types and units
  {
    code: "AT301",
    title: "type mismatch",
    explanation: "An operator or a place expects one type and found another, e.g. money compared with a bare number, or a condition that is not a bool.",
    example: "approve automatically when amount < 10   # amount is TFT",
  },
  {
    code: "AT302",
    title: "unit mismatch",
    explanation:
      "Two units of different kinds meet: a rate per `GB*hour` on a meter in `vcpu*hour`. Units of the same kind convert exactly (GB*month to GB*hour).",
    example: "meter cpu: vcpu*hour\nrate cpu 0.01 TFT per GB*hour",
  },
  {
    code: "AT303",
    title: "foreign currency",
    explanation: "A money amount is written in a currency other than the file's `currency`. A file has exactly one currency.",
    example: "currency TFT\nrate cpu 0.01 EUR per vcpu*hour",
  },
  {
    code: "AT304",
    title: "division by a non-constant or zero",
    explanation: "The right side of `/` must be a nonzero constant (`2/3 * members`), so no rule can divide by zero.",
    example: "approve by yes / votes > 1/2",
  },
  { code: "AT305", title: "wrong arguments", explanation: "A built-in function got the wrong number or kind of arguments.", example: "let h = hour()" },
  {
    code: "AT306",
    title: "invalid declared type",
    explanation:
      "A declared type is not `number`, `text`, `bool`, `time`, `duration`, the file's currency, or a unit (proposal parameters may also be `member` or `hash`).",
    example: "record { start: date }",
  },
  {
    code: "AT308",
    title: "percent of a meter that is not money",
    explanation:
      "A percentage prices a money meter (one declared in a currency, e.g. `meter volume: USD`): the amount is that share of the quantity. A meter that counts units is priced per unit instead.",
    example: "meter calls: call\nrate calls 2%",
  },
  {
    code: "AT307",
    title: "counters are not linear",
    explanation:
      "An approval expression multiplies two counters; approval rules must be linear in the counters so the outcome can be decided exactly as votes arrive.",
    example: "approve by yes * no > 3",
  },

  // AT4xx: rules and structure
  {
    code: "AT401",
    title: "meter without a rate",
    explanation: "Every declared meter needs at least one `rate` line, or its usage could not be priced.",
    example: "meter memory: GB*hour   # no `rate memory ...`",
  },
  {
    code: "AT402",
    title: "tiers out of order",
    explanation: "Tier bounds are inclusive upper bounds and must strictly increase; the last tier is `above:` and only the last.",
    example: "up to 500: 0.08 TFT\nup to 100: 0.10 TFT",
  },
  {
    code: "AT403",
    title: "record read outside a rate",
    explanation: "Only `rate` conditions (and lets they use) may read `record.*`: adjustments apply to the whole period, not to one record.",
    example: 'discount local on total 10% when record.region == "BE"',
  },
  {
    code: "AT404",
    title: "used() outside an adjustment",
    explanation: "`used(METER)` is the period's total of a meter, known only once all records are in; only adjustment conditions may read it.",
    example: "rate cpu 0.01 TFT per vcpu*hour when used(cpu) > 10",
  },
  {
    code: "AT405",
    title: "subtotal outside a total adjustment",
    explanation: "`subtotal` may be read only by conditions of adjustments `on total`.",
    example: "discount d on cpu 5% when subtotal > 10 TFT",
  },
  {
    code: "AT406",
    title: "counters outside approve by",
    explanation:
      "`yes`, `no`, `abstain`, `votes` and `members` exist only in the expression after `approve by`; `when` conditions and `then` effects read parameters, never counters.",
    example: "approve automatically when yes > 3",
  },
  {
    code: "AT407",
    title: "missing or repeated header",
    explanation: "A file starts with exactly one `pricing NAME version N` or `circle NAME version N`, and has exactly one `currency`.",
    example: "meter cpu: vcpu*hour   # no pricing header",
  },
  {
    code: "AT408",
    title: "declaration in the wrong kind of file",
    explanation: "Rates, meters and adjustments belong in pricing files; members and proposals in circle files.",
    example: 'circle "c" version 1\nmeter cpu: vcpu*hour',
  },
  {
    code: "AT409",
    title: "invalid setting",
    explanation: "A header setting has a value the language does not know: `round` mode, `round` step, `period`, `members` range, a duration, a version.",
    example: "round to 0.01 half_down",
  },
  {
    code: "AT410",
    title: "adjustment rule mixes kinds or targets",
    explanation: "Lines with the same adjustment name form one rule; they must all be discounts or all surcharges, on the same target.",
    example: "discount x on total 5%\nsurcharge x on total 5%",
  },
  {
    code: "AT411",
    title: "proposal without voting period",
    explanation: "A proposal kind needs `voting DURATION` and at least one `approve` line.",
    example: "proposal spend(amount: TFT) { approve by yes > no }",
  },
  {
    code: "AT412",
    title: "duplicate label",
    explanation: "Two rate lines would have the same name on the invoice.",
    example: 'rate cpu 1 TFT per vcpu*hour when a as "x"\nrate cpu 2 TFT per vcpu*hour as "x"',
  },
  {
    code: "AT413",
    title: "invalid test",
    explanation: "A `test` block has an input or expectation that is malformed or does not fit the kind of file.",
    example: 'test "t" { expect totl 1 TFT }',
  },
  {
    code: "AT415",
    title: "base policy cannot be used",
    explanation:
      "An `extends` line names a base pricing policy that cannot be read (no such file, a directory, a circle file), forms a cycle with the file, or is one of several `extends` lines. A policy extends one base; a base may extend another.",
    example: 'extends "no-such-base.trust"',
  },
  {
    code: "AT414",
    title: "limit conflict",
    explanation:
      "`minimum` or `maximum` is given twice (an error), or `minimum` is above `maximum` (a warning: minimum applies first, maximum caps after it, so every invoice ends at the maximum).",
    example: "minimum 10 TFT\nmaximum 5 TFT",
  },
  {
    code: "AT420",
    title: "treasury in another currency",
    explanation: "`treasury CODE` must name the circle's own `currency`: a circle holds one balance, in the currency its amounts are written in.",
    example: "currency TFT\ntreasury EUR",
  },
  {
    code: "AT421",
    title: "effect written the wrong way",
    explanation: "Each effect has one form: `pay AMOUNT to TEXT`, `add member M`, `remove member M`, `adopt HASH as TEXT`.",
    example: "then add who   # write `then add member who`",
  },
  {
    code: "AT422",
    title: "pay without a treasury",
    explanation: "`pay` spends from the circle's treasury, so the circle must declare `treasury CODE` (its currency).",
    example: "currency TFT\nproposal spend(amount: TFT, to: text) { voting 7 days\n  approve by yes > no\n  then pay amount to to }   # no `treasury TFT`",
  },

  {
    code: "AT416",
    title: "beyond a size limit",
    explanation:
      "The file is larger than the compiler handles in one piece: too many rate lines for one meter (10,000), an expression nested or chained too deeply (lets referring to lets, long sums), or an approve rule with too many comparisons. Each limit is far above real policies; docs/limits.md lists them. Split the rule into lets or lines, or use tiers.",
    example: "let a = 1 + 1 + 1 + 1 + 1   # ... 2,000 terms",
  },
  {
    code: "AT417",
    title: "too many numbers combined",
    explanation:
      "A let, a derived meter or an expression combines more than 256 numbers by `+ - * /`, counting the lets and derived meters it reads each time it reads them. An exact value holds the digits of every number combined into it, so a let that multiplies a let by itself, chained, reaches millions of digits. Each constant, attribute, quantity, `used()` and `subtotal` counts 1; `+ - * /` add their sides' counts; `min`/`max` take the largest; comparisons give 1. Real policies stay far below the bound; docs/limits.md lists it.",
    example:
      "let a = record.size * record.size\nlet b = a * a\nlet c = b * b\nlet d = c * c\nlet e = d * d\nlet f = e * e\nlet g = f * f\nlet h = g * g   # 256 factors\nlet i = h * record.size",
  },

  // AT5xx: lints (warnings; never fail the build)
  {
    code: "AT501",
    title: "line can never apply",
    explanation: "A line of a rule follows a line of the same rule without `when`, which takes everything first.",
    example: "rate cpu 1 TFT per vcpu*hour\nrate cpu 2 TFT per vcpu*hour when offpeak",
  },
  {
    code: "AT502",
    title: "line shadowed by an earlier line",
    explanation:
      "Whenever this line's condition holds, an earlier line's condition of the same rule holds too, so this line never applies. Order stricter conditions first.",
    example: "discount s on total 40% when consumer.staked >= 100000 TFT\ndiscount s on total 60% when consumer.staked >= 500000 TFT",
  },
  { code: "AT503", title: "declared but never used", explanation: "A let or an attribute is declared but nothing reads it.", example: "let unused = 1" },
] as const satisfies readonly CatalogueEntry[];

/** A code of the catalogue: `"AT301"`; any other string is a type error. */
export type DiagnosticCode = (typeof entries)[number]["code"];

export const diagnosticCodes: readonly DiagnosticCode[] = entries.map((e) => e.code);

export const catalogue: ReadonlyMap<DiagnosticCode, CatalogueEntry> = new Map(entries.map((e) => [e.code, e]));

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return catalogue.has(code as DiagnosticCode);
}

export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return isDiagnosticCode(code) ? catalogue.get(code) : undefined;
}
