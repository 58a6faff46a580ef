// Table descriptions written once for both stores: DDL in the subset SQLite and PostgreSQL share,
// with the few words they spell differently as `{placeholders}`, rendered once per dialect.

import type { Dialect } from "./store.js";

/**
 * The words every ledger's DDL may use:
 * - `{seq}`, a 64-bit integer (an event's seq, a reference to one): SQLite's INTEGER is 64-bit
 *   (and the only integer type a STRICT table takes; `{seq} PRIMARY KEY` is then the rowid),
 *   PostgreSQL's INTEGER is 32-bit, so BIGINT there.
 * - `{strict}` after a table's closing parenthesis: SQLite checks column types only in STRICT
 *   tables; PostgreSQL always does.
 */
const WORDS: Record<string, Record<Dialect, string>> = {
  seq: { sqlite: "INTEGER", postgres: "BIGINT" },
  strict: { sqlite: "STRICT", postgres: "" },
};

/**
 * `text` rendered for each dialect. `extra` adds words of the caller's own (a column only one
 * dialect needs). A placeholder without a word is our bug, said at once.
 */
export function perDialect(text: string, extra: Record<string, Record<Dialect, string>> = {}): Record<Dialect, string> {
  const words = { ...WORDS, ...extra };
  const render = (dialect: Dialect) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const word = words[name];
      if (word === undefined) throw new Error(`DDL placeholder {${name}} has no word`);
      return word[dialect];
    });
  return { sqlite: render("sqlite"), postgres: render("postgres") };
}
