"use strict";


function $gcd(a, b) {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) { const t = a % b; a = b; b = t; }
  return a;
}
function $mk(n, d) {
  if (d < 0n) { n = -n; d = -d; }
  const g = $gcd(n, d);
  if (g !== 1n) { n /= g; d /= g; }
  return d === 1n ? n : { n: n, d: d };
}
function $n(x) { return typeof x === "bigint" ? x : x.n; }
function $d(x) { return typeof x === "bigint" ? 1n : x.d; }
function $add(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return a + b;
  return $mk($n(a) * $d(b) + $n(b) * $d(a), $d(a) * $d(b));
}
function $neg(a) { return typeof a === "bigint" ? -a : { n: -a.n, d: a.d }; }
function $sub(a, b) { return $add(a, $neg(b)); }
function $mul(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return a * b;
  return $mk($n(a) * $n(b), $d(a) * $d(b));
}
function $div(a, b) { return $mk($n(a) * $d(b), $d(a) * $n(b)); }
function $cmp(a, b) {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const l = $n(a) * $d(b);
  const r = $n(b) * $d(a);
  return l < r ? -1 : l > r ? 1 : 0;
}
function $min() { let m = arguments[0]; for (let i = 1; i < arguments.length; i++) if ($cmp(arguments[i], m) < 0) m = arguments[i]; return m; }
function $max() { let m = arguments[0]; for (let i = 1; i < arguments.length; i++) if ($cmp(arguments[i], m) > 0) m = arguments[i]; return m; }
/** Host-encoded rational: "-12.5" or "7/3". */
function $q(s) {
  const slash = s.indexOf("/");
  if (slash >= 0) return $mk(BigInt(s.slice(0, slash)), BigInt(s.slice(slash + 1)));
  const dot = s.indexOf(".");
  if (dot < 0) return BigInt(s);
  const frac = s.length - dot - 1;
  return $mk(BigInt(s.slice(0, dot) + s.slice(dot + 1)), 10n ** BigInt(frac));
}
/** A rational as the host reads it back. */
function $str(x) { return typeof x === "bigint" ? x.toString() : x.n + "/" + x.d; }
function $mod(a, m) { return ((a % m) + m) % m; }
/** [year, month, day] of an epoch-milliseconds time, UTC (H. Hinnant's civil_from_days). */
function $civil(t) {
  const z = Math.floor(t / 86400000) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}
// Calendar fields as plain numbers (small integers, never money or quantities): the compiler
// compares them with integer constants directly, the fast path of per-record conditions.
function $hourN(t) { return Math.floor($mod(t, 86400000) / 3600000); }
function $minuteN(t) { return Math.floor($mod(t, 3600000) / 60000); }
function $weekdayN(t) { return $mod(Math.floor(t / 86400000) + 3, 7) + 1; }
function $dayN(t) { return $civil(t)[2]; }
function $monthN(t) { return $civil(t)[1]; }
function $yearN(t) { return $civil(t)[0]; }
function $hour(t) { return BigInt($hourN(t)); }
function $minute(t) { return BigInt($minuteN(t)); }
function $weekday(t) { return BigInt($weekdayN(t)); }
function $day(t) { return BigInt($dayN(t)); }
function $month(t) { return BigInt($monthN(t)); }
function $year(t) { return BigInt($yearN(t)); }
/** Linear forms over the vote counters for approval rules: { y, n, a, c }, each a rational. */
function $L(y, n, a, c) { return { y: y, n: n, a: a, c: c }; }
function $Lc(c) { return $L(0n, 0n, 0n, c); }
function $Ladd(p, q) { return $L($add(p.y, q.y), $add(p.n, q.n), $add(p.a, q.a), $add(p.c, q.c)); }
function $Lneg(p) { return $L($neg(p.y), $neg(p.n), $neg(p.a), $neg(p.c)); }
function $Lsub(p, q) { return $Ladd(p, $Lneg(q)); }
function $Lscale(p, k) { return $L($mul(p.y, k), $mul(p.n, k), $mul(p.a, k), $mul(p.c, k)); }
function $Lconst(p) { return $cmp(p.y, 0n) === 0 && $cmp(p.n, 0n) === 0 && $cmp(p.a, 0n) === 0; }
/** One side of a product is free of counters (the checker guarantees it). */
function $Lmul(p, q) { return $Lconst(p) ? $Lscale(q, p.c) : $Lscale(p, q.c); }
function $Ldiv(p, q) { return $Lscale(p, $div(1n, q.c)); }
function $Lstr(p, op) { return { yes: $str(p.y), no: $str(p.n), abstain: $str(p.a), constant: $str(p.c), comparison: op }; }




let $consumer = [];
let $node = [];
let $used = [];
let $subtotal = null;

function $adjust0() {
  const $r = null;
  if (($cmp($used[0], (1000n)) > 0)) return 0;
  return -1;
}

function $adjust1() {
  const $r = null;
  if (($consumer[0] === "partner")) return 0;
  return -1;
}

export function setContext(json) {
  const c = JSON.parse(json);
  $consumer = [c.consumer[0]];
  $node = [];
  return "";
}

export function classify(batch) {
  const rows = JSON.parse(batch);
  let out = "";
  for (let i = 0; i < rows.length; i++) {
    const $r = rows[i];
    const mask = $r[0];


  }
  return out;
}

export function chooseAdjustments(json) {
  const a = JSON.parse(json);
  $used = a.used.map($q);
  $subtotal = a.subtotal === null ? null : $q(a.subtotal);
  return JSON.stringify(a.phase === "meter" ? [$adjust0()] : [$adjust1()]);
}