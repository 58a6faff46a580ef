// An error in the data a user gave (usage, context, proposal, votes): exit code 2. It names the
// file, the record or vote by 1-based position, the field, and what was expected.

export interface InputProblem {
  /** The file or stream the data came from, as the user named it. */
  source?: string;
  /** What the position counts: "record", "vote". */
  item?: string;
  /** 1-based position of the record or vote. */
  position?: number;
  /** Line in the file, when it differs from the position (JSON Lines with blank lines). */
  line?: number;
  /** The field, dotted for nested ones (`consumer.staked`). */
  field?: string;
  /** What was wrong, as a sentence without the location. */
  message: string;
}

export class InputError extends Error {
  constructor(readonly problem: InputProblem) {
    super(describeProblem(problem));
    this.name = "InputError";
  }
}

export function describeProblem(p: InputProblem): string {
  const where: string[] = [];
  if (p.source) where.push(p.source);
  if (p.position !== undefined) where.push(`${p.item ?? "record"} ${p.position}${p.line !== undefined && p.line !== p.position ? ` (line ${p.line})` : ""}`);
  if (p.field) where.push(`field \`${p.field}\``);
  return where.length ? `${where.join(": ")}: ${p.message}` : p.message;
}

/**
 * A stream's bytes are not UTF-8 (streams are decoded strictly, never with U+FFFD). Thrown by the
 * reader of the bytes with the file's line; the record reader names the record it fell in.
 */
export class InvalidUtf8Error extends InputError {
  constructor(
    problem: InputProblem,
    /** 0-based offset of the first invalid byte in the file. */
    readonly byteOffset: number,
  ) {
    super(problem);
    this.name = "InvalidUtf8Error";
  }
}
