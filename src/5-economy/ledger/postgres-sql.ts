// The ledger's SQL as PostgreSQL reads it: `?` placeholders numbered $1, $2, ..., and which
// errors from the server or the connection are transient (worth a retry) rather than final.

/**
 * `?` becomes `$1`, `$2`, ... outside string literals, quoted identifiers and comments. The
 * count must match the parameters given: a mismatch is our bug, said at once.
 */
export function numberPlaceholders(sql: string, params: number): string {
  let out = "";
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const skipTo = (end: string, from: number): number => {
      const at = sql.indexOf(end, from);
      return at === -1 ? sql.length : at + end.length;
    };
    let next = i + 1;
    if (c === "'" || c === '"') {
      // A doubled quote inside is an escaped one: the scan simply goes on past it.
      next = skipTo(c, i + 1);
      while (sql[next] === c) next = skipTo(c, next + 1);
    } else if (c === "-" && sql[i + 1] === "-") next = skipTo("\n", i);
    else if (c === "/" && sql[i + 1] === "*") next = skipTo("*/", i + 2);
    else if (c === "?") {
      out += `$${++n}`;
      i++;
      continue;
    }
    out += sql.slice(i, next);
    i = next;
  }
  if (n !== params) throw new Error(`SQL has ${n} placeholders but ${params} parameters were given: ${sql.slice(0, 80)}`);
  return out;
}

/** SQLSTATEs after which the same transaction, run again, may well succeed. */
const TRANSIENT_STATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown (the backend was terminated)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (the server is starting or stopping)
  "53300", // too_many_connections
]);

const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** A failure of the connection itself, or one the server marks as transient. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") {
    if (TRANSIENT_STATES.has(code) || code.startsWith("08")) return true; // 08xxx: connection_exception
    if (CONNECTION_ERRNOS.has(code)) return true;
  }
  // node-postgres says these in words, without a code.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message);
}

/** lock_not_available: the head row stayed locked past lock_timeout (another writer is slow). */
export function isLockTimeout(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === "55P03";
}

/** A server error's SQLSTATE, for messages. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
