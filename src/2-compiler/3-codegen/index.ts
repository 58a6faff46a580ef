// The codegen stage: checked program -> JavaScript module text (plus the manifest that says how
// the runtime talks to it). No `eval`, no `Function`; user text only inside JSON string literals.

import type { Program } from "../2-check/index.js";
import { prelude } from "../../../stdlib/prelude.js";
import { generateCircle } from "./circle.js";
import type { GeneratedModule } from "./manifest.js";
import { generatePricing } from "./pricing.js";

export type * from "./manifest.js";
export { lineCode } from "./pricing.js";

export function generate(program: Program): GeneratedModule {
  if (program.kind === "pricing") return generatePricing(program, prelude);
  return { code: generateCircle(program, prelude), manifest: { kind: "circle" } };
}
