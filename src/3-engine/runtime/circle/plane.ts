// The certainty scan's inner step: which verdicts an approval rule takes over the lattice points
// of a triangle (v, w >= 0, v + w <= m), exactly, in time that does not grow with m.

/**
 * One atom with the outer variable fixed: holds iff q*v + s*w + c (comparison) 0, where `truth`
 * maps the sign of that value to the atom's bit (or 0).
 */
export interface PlaneAtom {
  q: bigint;
  s: bigint;
  c: bigint;
  /** The atom's bit when the value is negative, zero, positive. */
  negative: number;
  zero: number;
  positive: number;
}

/** w = (a*v + b) / d with d > 0: an atom's root in w, or a side of the triangle. */
interface Line {
  a: bigint;
  b: bigint;
  d: bigint;
  /** The atom whose root it is, or -1 (w = 0) / -2 (w = m - v) for the triangle's sides. */
  atom: number;
}

const signOf = (x: bigint): number => (x < 0n ? -1 : x > 0n ? 1 : 0);

function floorDiv(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x % d !== 0n && x < 0n !== d < 0n ? q - 1n : q;
}
const ceilDiv = (x: bigint, d: bigint): bigint => -floorDiv(-x, d);
const mod = (x: bigint, d: bigint): bigint => ((x % d) + d) % d;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** x with a*x ≡ 1 (mod m), for gcd(a, m) = 1 and m > 0. */
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, x0, x1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, x0, x1] = [r1, r0 - q * r1, x1, x0 - q * x1];
  }
  return mod(x0, m);
}

/** Σ_{i=0}^{n-1} floor((a*i + b) / m) for n >= 0, m > 0, any a and b: the Euclid-like recursion, O(log). */
function floorSum(n: bigint, m: bigint, a: bigint, b: bigint): bigint {
  let total = 0n;
  if (a < 0n || a >= m) {
    const a2 = mod(a, m);
    total += ((n * (n - 1n)) / 2n) * ((a - a2) / m);
    a = a2;
  }
  if (b < 0n || b >= m) {
    const b2 = mod(b, m);
    total += n * ((b - b2) / m);
    b = b2;
  }
  for (;;) {
    if (a >= m) {
      total += ((n * (n - 1n)) / 2n) * (a / m);
      a %= m;
    }
    if (b >= m) {
      total += n * (b / m);
      b %= m;
    }
    const yMax = a * n + b;
    if (yMax < m) return total;
    [n, b, m, a] = [yMax / m, yMax % m, a, m];
  }
}

/** Σ over integer v in [lo, hi] of floor((a*v + b) / d). */
const sumFloor = (lo: bigint, hi: bigint, a: bigint, b: bigint, d: bigint): bigint => floorSum(hi - lo + 1n, d, a, a * lo + b);

/** Whether some integer v in [lo, hi] puts the line on an integer w: d divides a*v + b. */
function lineHasPoint(line: Line, lo: bigint, hi: bigint): boolean {
  const { a, b, d } = line;
  if (d === 1n) return true;
  const g = gcd(a, d);
  if (mod(-b, g) !== 0n) return false;
  const step = d / g;
  const first = step === 1n ? 0n : mod((-b / g) * inverse(a / g, step), step);
  return lo + mod(first - lo, step) <= hi;
}

/** Whether some integer v in [lo, hi] has an integer w strictly between the lines (below < upper there). */
function stripHasPoint(below: Line, upper: Line, lo: bigint, hi: bigint): boolean {
  // Per v the count is ceil(upper) - floor(below) - 1 >= 0; linear width, so try the ends first.
  const count = (v: bigint): bigint => ceilDiv(upper.a * v + upper.b, upper.d) - floorDiv(below.a * v + below.b, below.d) - 1n;
  if (count(lo) > 0n || count(hi) > 0n) return true;
  const ceilings = -sumFloor(lo, hi, -upper.a, -upper.b, upper.d);
  return ceilings - sumFloor(lo, hi, below.a, below.b, below.d) - (hi - lo + 1n) > 0n;
}

function lineOf(atom: PlaneAtom, index: number): Line {
  // q*v + s*w + c = 0  <=>  w = (-q*v - c) / s
  const [a, b, d] = atom.s > 0n ? [-atom.q, -atom.c, atom.s] : [atom.q, atom.c, -atom.s];
  const g = gcd(gcd(a, b), d);
  return { a: a / g, b: b / g, d: d / g, atom: index };
}

/** The verdict bits (1 holds, 2 fails) seen at integer v, w in [0, m - v], from the w where some atom changes. */
function seenOnColumn(atoms: PlaneAtom[], verdict: Uint8Array, v: bigint, top: bigint, seen: number): number {
  const maskAt = (w: bigint): number => {
    let mask = 0;
    for (const atom of atoms) {
      const sign = signOf(atom.q * v + atom.s * w + atom.c);
      mask |= sign < 0 ? atom.negative : sign > 0 ? atom.positive : atom.zero;
    }
    return mask;
  };
  seen |= verdict[maskAt(0n)]!;
  for (const atom of atoms) {
    if (seen === 3) return seen;
    if (atom.s === 0n) continue;
    const num = -(atom.q * v + atom.c);
    // The root's ceiling (on it, or the first w past it) and its floor + 1 (the first w past it).
    for (const w of [ceilDiv(num, atom.s), floorDiv(num, atom.s) + 1n]) {
      if (w > 0n && w <= top) seen |= verdict[maskAt(w)]!;
    }
  }
  return seen;
}

/**
 * The verdicts (bit 1: the rule holds, bit 2: it fails) the rule takes over every integer point
 * of the triangle, OR-ed into `seen`; stops early once both are seen. The triangle's columns v
 * split at every v where two lines (atoms' roots, the triangle's sides) cross or a w-free atom
 * changes: such columns are scanned one by one, and between them the lines keep their order, so
 * each strip between two neighbouring lines, and each line, has one mask: it counts if it holds
 * an integer point (a floor sum over the run of columns, or a linear congruence for a line).
 */
export function seenOnTriangle(atoms: PlaneAtom[], verdict: Uint8Array, m: bigint, seen: number): number {
  const lines: Line[] = [
    { a: 0n, b: 0n, d: 1n, atom: -1 },
    { a: -1n, b: m, d: 1n, atom: -2 },
  ];
  atoms.forEach((atom, i) => {
    if (atom.s !== 0n) lines.push(lineOf(atom, i));
  });
  const specials = new Set<bigint>([0n, m]);
  const addAround = (num: bigint, den: bigint): void => {
    if (den < 0n) [num, den] = [-num, -den];
    for (const v of [floorDiv(num, den), ceilDiv(num, den)]) if (v >= 0n && v <= m) specials.add(v);
  };
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [x, y] = [lines[i]!, lines[j]!];
      const den = x.a * y.d - y.a * x.d;
      if (den !== 0n) addAround(y.b * x.d - x.b * y.d, den);
    }
  }
  for (const atom of atoms) if (atom.s === 0n && atom.q !== 0n) addAround(-atom.c, atom.q);
  const columns = [...specials].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (let k = 0; k < columns.length && seen !== 3; k++) {
    const v = columns[k]!;
    seen = seenOnColumn(atoms, verdict, v, m - v, seen);
    const next = columns[k + 1];
    if (next !== undefined && next - v >= 2n) seen = seenBetween(atoms, verdict, lines, v + 1n, next - 1n, seen);
  }
  return seen;
}

/** The columns lo..hi, where no two lines cross and no w-free atom changes. */
function seenBetween(atoms: PlaneAtom[], verdict: Uint8Array, lines: Line[], lo: bigint, hi: bigint, seen: number): number {
  // The lines' order at v = lo is their order throughout; equal there means the same line.
  const value = (l: Line): { num: bigint; den: bigint } => ({ num: l.a * lo + l.b, den: l.d });
  const order = lines.map((line) => ({ line, at: value(line) }));
  order.sort((x, y) => signOf(x.at.num * y.at.den - y.at.num * x.at.den));
  const atomGroup = new Int32Array(atoms.length);
  const groups: Line[] = [];
  let lower = -1;
  let upper = -1;
  order.forEach((entry, i) => {
    const previous = order[i - 1];
    if (previous === undefined || previous.at.num * entry.at.den !== entry.at.num * previous.at.den) groups.push(entry.line);
    const g = groups.length - 1;
    if (entry.line.atom === -1) lower = g;
    else if (entry.line.atom === -2) upper = g;
    else atomGroup[entry.line.atom] = g;
  });
  // Atoms that ignore w have one sign over these columns.
  let fixedMask = 0;
  for (const atom of atoms) {
    if (atom.s !== 0n) continue;
    const sign = signOf(atom.q * lo + atom.c);
    fixedMask |= sign < 0 ? atom.negative : sign > 0 ? atom.positive : atom.zero;
  }
  // position 2g: on group g's line; 2g + 1: strictly between groups g and g + 1.
  for (let position = 2 * lower; position <= 2 * upper && seen !== 3; position++) {
    let mask = fixedMask;
    atoms.forEach((atom, i) => {
      if (atom.s === 0n) return;
      const on = 2 * atomGroup[i]!;
      // Below the root is w smaller than it: the value's sign there is -sign(s).
      const side = position < on ? -1 : position > on ? 1 : 0;
      const sign = atom.s > 0n ? side : -side;
      mask |= sign < 0 ? atom.negative : sign > 0 ? atom.positive : atom.zero;
    });
    const found = verdict[mask]!;
    if ((seen | found) === seen) continue;
    const g = position >> 1;
    const exists = position % 2 === 0 ? lineHasPoint(groups[g]!, lo, hi) : stripHasPoint(groups[g]!, groups[g + 1]!, lo, hi);
    if (exists) seen |= found;
  }
  return seen;
}
