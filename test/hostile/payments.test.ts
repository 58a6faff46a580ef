// Issue 11 item 6: `bridge pay R --amount 0.00001` was accepted, and then every ordinary payment on
// R exited 70 ("has no exact decimal form with 4 places"). Payments now follow the request's
// precision, and a ledger that already holds a finer payment still works.

import { describe, expect, it } from "vitest";
import { bridge } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { approvedRequest } from "./approved-request.js";

const { recordPayment } = bridge;
const AT = "2026-12-05T00:00:00Z";

describe("payments finer than the request's currency precision", () => {
  it("are refused with a clear error (exit 2), and ordinary payments still work", async () => {
    const { ledger, db, request } = await approvedRequest();
    await ledger.close();
    const fine = runCli(["bridge", "pay", request, "--amount", "0.00001", "--ref", "tx-1", "--db", db, "--at", AT]);
    expect(fine.code).toBe(2);
    expect(fine.stderr).toContain("0.00001 has 5 decimals");
    expect(fine.stderr).toContain("at most 4");
    const ok = runCli(["bridge", "pay", request, "--amount", "1.5", "--ref", "tx-2", "--db", db, "--at", AT]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("recorded: 1.5 TFT");
    // Trailing zeros are not precision: 1.50000 is 1.5.
    const zeros = runCli(["bridge", "pay", request, "--amount", "1.00000", "--ref", "tx-3", "--db", db, "--at", AT]);
    expect(zeros.code).toBe(0);
  });

  it("a finer payment already in a ledger (recorded by an older AllTrust) never causes exit 70", async () => {
    const { ledger, db, request } = await approvedRequest();
    // What the old code stored for `pay R --amount 0.00001`: the event, the payment, paid 0.00001.
    await ledger.write(async (w) => {
      const event = await w.append("payment_recorded", AT, { request, ref: "tx-1", amount: "0.00001", consumer: "c", currency: "TFT" });
      await w.run("INSERT INTO payments (request, ref, amount, at, event) VALUES (?, ?, ?, ?, ?)", [request, "tx-1", "0.00001", AT, event]);
      await w.run("UPDATE requests SET paid = ? WHERE id = ?", ["0.00001", request]);
    });
    expect(await recordPayment(ledger, { request, amount: "1", ref: "tx-2", at: Date.parse(AT) })).toMatchObject({
      ok: true,
      request: { paid: "1.00001", remaining: "5.29999" },
    });
    expect(await recordPayment(ledger, { request, amount: "6", ref: "tx-3", at: Date.parse(AT) })).toMatchObject({
      ok: false,
      message: expect.stringContaining("5.29999 TFT left to pay"),
    });
    await ledger.close();
    const r = runCli(["bridge", "pay", request, "--amount", "2.0000", "--ref", "tx-4", "--db", db, "--at", AT]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(runCli(["bridge", "requests", "--db", db, "--at", AT]).code).toBe(0);
    const audited = runCli(["bridge", "audit", "--db", db]);
    expect(audited.code).toBe(0);
  });
});
