// The reserved words of the language, on their own (no parser behind them), so an editor's
// tokenizer can share the list without bundling the compiler.

/** Every reserved word. A longer word that starts with one (`records`, `total`) is a name. */
export const keywords = [
  "pricing", "circle", "version", "currency", "period", "round", "to", "meter", "record",
  "consumer", "node", "let", "rate", "per", "block", "of", "graduated", "volume", "up", "above",
  "when", "as", "discount", "surcharge", "on", "minimum", "maximum", "members", "proposal",
  "voting", "timelock", "approve", "automatically", "by", "and", "or", "not", "true", "false",
  "test", "expect", "null", "fee", "flat", "split", "aggregate", "market", "exchange", "extends",
  "treasury", "then",
] as const;
export type KeywordText = (typeof keywords)[number];
