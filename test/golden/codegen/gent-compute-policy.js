"use strict";


/* prelude: stdlib/prelude.ts */


const $k0 = 500000n;
const $k1 = 100000n;
const $k2 = 10000n;

let $consumer = [];
let $node = [];
let $market = [];
let $xr = [];
let $used = [];
let $subtotal = null;

function $let0($r) { return (($hourN($r[1]) >= 22) || ($hourN($r[1]) < 6)); }

function $rate0($r) {
  if ($let0($r)) return "0";
  return "1";
  return "!";
}

function $adjust0() {
  const $r = null;
  if ($node[0]) return [0, null];
  return [-1, null];
}

function $adjust1() {
  const $r = null;
  if (($cmp($consumer[0], $k0) >= 0)) return [0, null];
  if (($cmp($consumer[0], $k1) >= 0)) return [1, null];
  if (($cmp($consumer[0], $k2) >= 0)) return [2, null];
  return [-1, null];
}

export function setContext(json) {
  const c = JSON.parse(json);
  $consumer = [$q(c.consumer[0]), $q(c.consumer[1])];
  $node = [c.node[0]];
  $market = [];
  $xr = c.exchange.map($q);
  return "";
}

export function derive(batch) {
  const rows = JSON.parse(batch);
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    const $r = rows[i];
    const $m = $r[0].map((x) => (x === null ? 0n : $q(x)));
    const d = [];


    out.push(d);
  }
  return JSON.stringify(out);
}

export function classify(batch) {
  const rows = JSON.parse(batch);
  let out = "";
  for (let i = 0; i < rows.length; i++) {
    const $r = rows[i];
    const mask = $r[0];

    if (mask.charCodeAt(0) === 49) out += $rate0($r);
  }
  return out;
}

export function chooseAdjustments(json) {
  const a = JSON.parse(json);
  $used = a.used.map($q);
  $subtotal = a.subtotal === null ? null : $q(a.subtotal);
  if (a.phase === "fee") return JSON.stringify([]);
  return JSON.stringify(a.phase === "meter" ? [] : [$adjust0(), $adjust1()]);
}