#!/usr/bin/env node
// A test-only child process appending to one PostgreSQL ledger through the built store:
//   node pg-appender.mjs URL NAME COUNT            appends COUNT events (and note rows), one write each
//   node pg-appender.mjs URL NAME hang MARKER      appends one event and a note, writes MARKER, then
//                                                  waits inside the open transaction (to be killed there)

import { writeFileSync } from "node:fs";
import { openPostgresStore } from "../../dist/src/5-economy/ledger/postgres.js";

const [url, name, what, marker] = process.argv.slice(2);
const spec = {
  name: "test ledger",
  version: 1,
  schema: { sqlite: "", postgres: "CREATE TABLE notes (id TEXT PRIMARY KEY, n BIGINT NOT NULL, amount TEXT NOT NULL);" },
  createHint: "a test creates it",
};
const store = await openPostgresStore(spec, url, { create: true, busyTimeoutMs: 60_000 });
if (what === "hang") {
  await store.write(async (w) => {
    await w.append("note", new Date().toISOString(), { id: `${name}-hang` });
    await w.run("INSERT INTO notes (id, n, amount) VALUES (?, ?, ?)", [`${name}-hang`, 0, "0"]);
    writeFileSync(marker, `${process.pid}\n`);
    await new Promise(() => setInterval(() => undefined, 1000));
  });
} else {
  for (let i = 0; i < Number(what); i++) {
    await store.write(async (w) => {
      const seq = await w.append("note", new Date().toISOString(), { id: `${name}-${i}` });
      await w.run("INSERT INTO notes (id, n, amount) VALUES (?, ?, ?)", [`${name}-${i}`, seq, "1.25"]);
    });
  }
  await store.close();
}
