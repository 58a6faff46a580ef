// One way the ledger commands (bridge, circle) find their ledger (--db, else ALLTRUST_DB), open it,
// run their work and close it, with the ledger's own refusals turned into exit codes: busy (75) or
// a file or database that is not theirs (2).

import { LedgerBusyError, LedgerOpenError } from "../../5-economy/ledger/index.js";
import type { Command, OptionValues } from "@commander-js/extra-typings";
import { formatOption } from "../command.js";
import { CliExit, ExitCode } from "../exit.js";

/** The ledger's refusal as the CLI's exit, or `e` unchanged; `more` maps a command's own refusals. */
export function ledgerRefusal(e: unknown, more: (e: unknown) => CliExit | undefined = () => undefined): unknown {
  if (e instanceof LedgerBusyError) return new CliExit(ExitCode.busy, `error: ${e.message}`);
  if (e instanceof LedgerOpenError) return new CliExit(ExitCode.input, `error: ${e.message}`);
  return more(e) ?? e;
}

/** The ledger's location: `--db`, else the ALLTRUST_DB environment variable, else the command's default file. */
export function ledgerLocation(db: string | undefined, fallback: string): string {
  if (db !== undefined) return db;
  const env = process.env.ALLTRUST_DB;
  return env !== undefined && env !== "" ? env : fallback;
}

/** Opens a ledger, runs `work`, always closes it; refusals become exit codes. */
export async function withOpenLedger<L extends { close(): Promise<void> | void }, T>(
  open: () => L | Promise<L>,
  work: (ledger: L) => Promise<T> | T,
  refusal: (e: unknown) => unknown = ledgerRefusal,
): Promise<T> {
  let ledger: L;
  try {
    ledger = await open();
  } catch (e) {
    throw refusal(e);
  }
  try {
    return await work(ledger);
  } catch (e) {
    throw refusal(e);
  } finally {
    await ledger.close();
  }
}

/** The options every bridge and circle ledger command shares: --db (described by `dbHelp`), --format, --at. */
export function ledgerOptions(dbHelp: string) {
  return <A extends unknown[], O extends OptionValues>(c: Command<A, O>, at = "time recorded on the ledger, RFC 3339 (default: now)") =>
    c
      .option("--db <file|url>", dbHelp)
      .addOption(formatOption(["text", "json"]))
      .option("--at <time>", at);
}
