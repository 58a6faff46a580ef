"use strict";


/* prelude: stdlib/prelude.ts */


const $k0 = 10000n;

let $p = [];
let $members = 0n;

function $table(atoms, holds) {
  const truth = [];
  for (let mask = 0; mask < (1 << atoms.length); mask++) {
    const b = [];
    for (let i = 0; i < atoms.length; i++) b.push((mask & (1 << i)) !== 0);
    truth.push(holds(b) === true);
  }
  return JSON.stringify({ atoms: atoms, truth: truth });
}

function $decode(kind, raw) {
  switch (kind) {
    case 0: return [$q(raw[0]), raw[1]];
    case 1: return [raw[0]];
    case 2: return [$q(raw[0]), $q(raw[1])];
  }
  throw new Error("unknown proposal kind");
}

function $approval0_1() {
  const atoms = [$Lstr($Lsub($L(1n, 0n, 0n, 0n), $Lmul($Ldiv($Lc((3n)), $Lc((4n))), $Lc($members))), ">=")];
  const holds = ($b) => $b[0];
  return $table(atoms, holds);
}

function $approval0_2() {
  const atoms = [$Lstr($Lsub($L(1n, 1n, 1n, 0n), $Lmul($Ldiv($Lc((2n)), $Lc((3n))), $Lc($members))), ">="), $Lstr($Lsub($L(1n, 0n, 0n, 0n), $L(0n, 1n, 0n, 0n)), ">")];
  const holds = ($b) => ($b[0] && $b[1]);
  return $table(atoms, holds);
}

function $approval1_0() {
  const atoms = [$Lstr($Lsub($L(1n, 0n, 0n, 0n), $Lmul($Ldiv($Lc((2n)), $Lc((3n))), $Lc($members))), ">=")];
  const holds = ($b) => $b[0];
  return $table(atoms, holds);
}

function $approval2_1() {
  const atoms = [$Lstr($Lsub($L(1n, 0n, 0n, 0n), $Lc((5n))), ">=")];
  const holds = ($b) => $b[0];
  return $table(atoms, holds);
}

export function chooseRule(json) {
  const a = JSON.parse(json);
  $p = $decode(a.kind, a.params);
  switch (a.kind) {
    case 0: {
      if (($cmp($p[0], (100n)) <= 0)) return "0";
      if (($cmp($p[0], $k0) > 0)) return "1";
      return "2";
      return "-1";
    }
    case 1: {
      return "0";
      return "-1";
    }
    case 2: {
      if (($cmp($p[0], (1000n)) <= 0)) return "0";
      return "1";
      return "-1";
    }
  }
  throw new Error("unknown proposal kind");
}

export function effects(json) {
  const a = JSON.parse(json);
  $p = $decode(a.kind, a.params);
  switch (a.kind) {
    case 0: return JSON.stringify([]);
    case 1: return JSON.stringify([]);
    case 2: return JSON.stringify([]);
  }
  throw new Error("unknown proposal kind");
}

export function approvalCondition(json) {
  const a = JSON.parse(json);
  $p = $decode(a.kind, a.params);
  $members = BigInt(a.members);
  switch (a.kind + "/" + a.rule) {
    case "0/1": return $approval0_1();
    case "0/2": return $approval0_2();
    case "1/0": return $approval1_0();
    case "2/1": return $approval2_1();
  }
  throw new Error("no approval rule");
}