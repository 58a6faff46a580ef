"use strict";


/* prelude: stdlib/prelude.ts */




let $consumer = [];
let $node = [];
let $market = [];
let $xr = [];
let $used = [];
let $subtotal = null;

function $adjust0() {
  const $r = null;
  if (($cmp($used[0], (1000n)) > 0)) return [0, null];
  return [-1, null];
}

function $adjust1() {
  const $r = null;
  if (($consumer[0] === "partner")) return [0, $str((2n))];
  return [-1, null];
}

export function setContext(json) {
  const c = JSON.parse(json);
  $consumer = [c.consumer[0]];
  $node = [];
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


  }
  return out;
}

export function chooseAdjustments(json) {
  const a = JSON.parse(json);
  $used = a.used.map($q);
  $subtotal = a.subtotal === null ? null : $q(a.subtotal);
  if (a.phase === "fee") return JSON.stringify([]);
  return JSON.stringify(a.phase === "meter" ? [$adjust0()] : [$adjust1()]);
}