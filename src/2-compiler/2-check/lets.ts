// Lets are checked on first use (declarations may come in any order), with a visiting mark
// that finds cycles: `let a = b + 1` / `let b = a + 1` is reported once, naming the cycle.

import type { CheckContext, LetState } from "./context.js";
import { checkExpr } from "./expressions.js";
import { noReads } from "./place.js";
import type { Let, TypedExpr } from "./program.js";
import { childrenOf } from "./walk.js";
import { MAX_NESTING } from "../1-syntax/index.js";

/** How deep `e` nests when the lets it reads are counted with their own depth. */
export function combinedDepth(e: TypedExpr, ctx: CheckContext): number {
  const own = e.kind === "let" ? (ctx.lets.get(e.name)?.depth ?? 0) : 0;
  let deepest = 0;
  for (const child of childrenOf(e)) deepest = Math.max(deepest, combinedDepth(child, ctx));
  return 1 + own + deepest;
}

/** docs/limits.md: how deep lets may refer to lets. */
export const MAX_LET_DEPTH = 64;

export function resolveLet(state: LetState, ctx: CheckContext): Let | undefined {
  const path = ctx.letPath;
  switch (state.status) {
    case "done":
      return state.checked;
    case "failed":
      return undefined;
    case "visiting": {
      const name = state.decl.name.text;
      const cycle = path.slice(path.indexOf(name));
      const members = cycle.map((n) => ({ name: n, span: ctx.lets.get(n)!.decl.name.span }));
      ctx.report("AT208", state.decl.name.span, { cycle: members });
      // Mark every let of the cycle failed so the cycle is reported once.
      for (const n of cycle) {
        const s = ctx.lets.get(n);
        if (s) s.status = "failed";
      }
      return undefined;
    }
    case "pending": {
      // Each let read inside a let nests one more evaluation: bounded, so no later stage (the
      // checker itself, explain, the sandbox) recurses without end on a long chain or a cycle.
      if (path.length >= MAX_LET_DEPTH) {
        ctx.report("AT416", state.decl.name.span, { case: "let-chain", first: path[0]!, last: state.decl.name.text, max: MAX_LET_DEPTH });
        for (const n of path) {
          const s = ctx.lets.get(n);
          if (s) s.status = "failed";
        }
        state.status = "failed";
        return undefined;
      }
      state.status = "visiting";
      path.push(state.decl.name.text);
      const reads = noReads();
      const value = checkExpr(state.decl.value, { ctx, place: { kind: "let" }, reads });
      path.pop();
      // A cycle found below marks this let failed while it is being visited.
      if ((state.status as LetState["status"]) === "failed" || !value) {
        state.status = "failed";
        return undefined;
      }
      const depth = combinedDepth(value, ctx);
      if (depth > MAX_NESTING) {
        ctx.report("AT416", state.decl.name.span, { case: "let-nesting", name: state.decl.name.text, depth, max: MAX_NESTING });
        state.status = "failed";
        return undefined;
      }
      state.depth = depth;
      const checked: Let = { name: state.decl.name.text, value, reads, span: state.decl.span };
      state.status = "done";
      state.checked = checked;
      ctx.orderedLets.push(checked);
      return checked;
    }
    default: {
      const never: never = state.status;
      return never;
    }
  }
}
