// vitest's global setup: says once, before any test, that the PostgreSQL suites will be skipped
// on a machine without PostgreSQL (each suite then counts as skipped, never failed).

import { postgresNotice, skipPostgresSuites } from "../helpers/postgres.js";

export default function setup(): void {
  if (skipPostgresSuites) process.stderr.write(`${postgresNotice}\n`);
}
