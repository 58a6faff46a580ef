// Lets are checked on first use (declarations may come in any order), with a visiting mark
// that finds cycles: `let a = b + 1` / `let b = a + 1` is reported once, naming the cycle.

import type { CheckContext, LetState } from "./context.js";
import { checkExpr } from "./expressions.js";
import { noReads } from "./place.js";
import type { Let } from "./program.js";

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
