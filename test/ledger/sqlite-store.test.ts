// The SQLite ledger store keeps the same contract as the PostgreSQL one (test/ledger/store-contract.ts).

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { openStore } from "../../src/5-economy/ledger/index.js";
import { storeContract } from "./store-contract.js";

describe("the SQLite ledger store", () => {
  let file = "";
  storeContract({
    fresh: async () => {
      file = join(mkdtempSync(join(tmpdir(), "alltrust-store-")), "ledger.db");
    },
    open: (spec, options) => openStore(spec, file, options),
  });
});
