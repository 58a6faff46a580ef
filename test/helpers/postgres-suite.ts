// A private PostgreSQL cluster for one `describe.skipIf(skipPostgresSuites)` suite: started
// before its tests, stopped after them. Apart from postgres.ts, which the bench imports without vitest.

import { afterAll, beforeAll } from "vitest";
import { type PostgresCluster, startPostgres } from "./postgres.js";

/** Call inside the suite; the returned function gives the cluster from its tests and hooks on. */
export function suiteCluster(): () => PostgresCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    const started = await startPostgres();
    if (!started) throw new Error("unreachable: the suite is skipped without PostgreSQL");
    cluster = started;
  });
  afterAll(async () => cluster?.stop());
  return () => {
    if (!cluster) throw new Error("the suite's PostgreSQL cluster has not started");
    return cluster;
  };
}
