// What the guest's global environment contains, and the prelude that takes away what QuickJS
// cannot leave out (eval, the Function constructor, Math.random) before policy code runs.

import type { Intrinsics } from "quickjs-emscripten-core";

/**
 * Left out: Date (a clock), Proxy and TypedArrays/ArrayBuffer (not needed, less to trust).
 * QuickJS adds no console, std/os modules, WeakRef or FinalizationRegistry (GC-observable) to
 * a context built from intrinsics. BigInt is part of the core in this QuickJS version.
 * Kept though unwanted, because QuickJS needs them to evaluate a module at all:
 * - Eval: JS_Eval goes through the context's eval hook, so without it no code runs;
 * - Promise: module evaluation returns a promise; without it evaluation fails ("not a function").
 */
export const guestIntrinsics: Intrinsics = {
  BaseObjects: true,
  Eval: true,
  StringNormalize: true,
  RegExp: true,
  RegExpCompiler: true,
  JSON: true,
  MapSet: true,
  Promise: true,
};

/**
 * A global script run before the module. It removes eval and every Function constructor
 * (reachable as `(function(){}).constructor` too, and its generator/async siblings) and makes
 * Math.random throw. Its value is a function the host uses to describe a thrown value; it is
 * never put on the global object, and it captures JSON.stringify and String before guest code
 * could replace them.
 */
export const preludeSource = String.raw`"use strict";
(() => {
  const stringify = JSON.stringify;
  const toText = String;
  const refuse = (what) => function () {
    throw new TypeError(what + " is not available in the AllTrust sandbox");
  };
  const locked = (value) => ({ value, writable: false, enumerable: false, configurable: false });
  const noFunctionConstructor = refuse("the Function constructor");
  for (const sample of [function () {}, function* () {}, async function () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(sample), "constructor", locked(noFunctionConstructor));
  }
  Object.defineProperty(globalThis, "Function", locked(noFunctionConstructor));
  Object.defineProperty(globalThis, "eval", locked(refuse("eval")));
  Object.defineProperty(Math, "random", locked(refuse("Math.random (policies must be deterministic)")));
  return function describeThrown(thrown) {
    try {
      if (thrown !== null && typeof thrown === "object") {
        const stack = thrown.stack;
        return stringify({
          name: toText(thrown.name ?? ""),
          message: toText(thrown.message ?? ""),
          stack: typeof stack === "string" ? stack : "",
        });
      }
      return stringify({ name: "", message: toText(thrown), stack: "" });
    } catch {
      return stringify({ name: "", message: "(a value that cannot be printed)", stack: "" });
    }
  };
})()`;
