// Record positions kept as runs (`1-3, 7`): a line that takes a million consecutive records
// costs one run, and explanations print them as they are stored.

export interface PositionRun {
  first: number;
  last: number;
}

export class PositionRuns {
  readonly runs: PositionRun[] = [];
  count = 0;

  /** Positions arrive in increasing order. */
  add(position: number): void {
    this.count++;
    const last = this.runs[this.runs.length - 1];
    if (last && last.last + 1 === position) last.last = position;
    else this.runs.push({ first: position, last: position });
  }

  get first(): number | undefined {
    return this.runs[0]?.first;
  }
}

/** `records 1-3, 7` style text; runs of two are written as two positions (`4, 5`). */
export function describeRuns(runs: readonly PositionRun[]): string {
  return runs.map((r) => (r.first === r.last ? String(r.first) : r.last === r.first + 1 ? `${r.first}, ${r.last}` : `${r.first}-${r.last}`)).join(", ");
}
