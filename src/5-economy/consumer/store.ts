// The consumer service's state (one SQLite file): every IOU it answered, with the answer, so a
// farmer that asks again gets the same answer; and the payments the consumer recorded.

import { openServiceDb, write, type Db } from "../services/index.js";

const SCHEMA = `
CREATE TABLE answers (
  id TEXT PRIMARY KEY,          -- the IOU's id
  farmer TEXT NOT NULL,
  seq INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('countersigned', 'disputed')),
  answer TEXT NOT NULL,         -- the answer as sent, JSON (the countersigned IOU, or the dispute)
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (farmer, seq)          -- one seq of a pair is answered once: never two IOUs under one seq
);
CREATE TABLE payments (
  ref TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  amount TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

export interface AnswerRow {
  id: string;
  farmer: string;
  seq: number;
  outcome: "countersigned" | "disputed";
  answer: string;
  amount: string;
  currency: string;
  at: string;
}

export interface PaymentRow {
  ref: string;
  request: string;
  amount: string;
  at: string;
}

export class ConsumerStore {
  private constructor(readonly db: Db) {}

  static open(path: string): ConsumerStore {
    return new ConsumerStore(openServiceDb(path, { name: "consumer store", version: 301, schema: SCHEMA }));
  }

  close(): void {
    this.db.close();
  }

  answer(id: string): AnswerRow | undefined {
    return this.db.prepare("SELECT * FROM answers WHERE id = ?").get(id) as AnswerRow | undefined;
  }

  answerForSeq(farmer: string, seq: number): AnswerRow | undefined {
    return this.db.prepare("SELECT * FROM answers WHERE farmer = ? AND seq = ?").get(farmer, seq) as AnswerRow | undefined;
  }

  /** Stores the answer unless one for this IOU or seq exists; returns the stored one either way. */
  record(row: AnswerRow): AnswerRow {
    return write(this.db, () => {
      const known = this.answer(row.id) ?? this.answerForSeq(row.farmer, row.seq);
      if (known) return known;
      this.db
        .prepare(
          "INSERT INTO answers (id, farmer, seq, outcome, answer, amount, currency, at) VALUES (@id, @farmer, @seq, @outcome, @answer, @amount, @currency, @at)",
        )
        .run(row);
      return row;
    });
  }

  answers(): AnswerRow[] {
    return this.db.prepare("SELECT * FROM answers ORDER BY farmer, seq").all() as AnswerRow[];
  }

  /** Records a payment; the same ref again must be the same payment. Returns the stored one. */
  recordPayment(row: PaymentRow): PaymentRow {
    return write(this.db, () => {
      const known = this.db.prepare("SELECT * FROM payments WHERE ref = ?").get(row.ref) as PaymentRow | undefined;
      if (known) return known;
      this.db.prepare("INSERT INTO payments (ref, request, amount, at) VALUES (@ref, @request, @amount, @at)").run(row);
      return row;
    });
  }

  payments(): PaymentRow[] {
    return this.db.prepare("SELECT * FROM payments ORDER BY at, ref").all() as PaymentRow[];
  }
}
