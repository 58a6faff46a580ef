// The runtime: compile a file, then price usage with a pricing policy or decide a proposal with
// a circle's rules. Pricing creates one sandbox per run and disposes it; decide reuses idle ones.

import type { PricingProgram } from "../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../2-compiler/3-codegen/index.js";
import { createSandbox, type QuickJsEngine, type SandboxLimits } from "../sandbox/index.js";
import { policyHash, type Compilation } from "../../2-compiler/index.js";
import type { Invoice } from "../invoice/index.js";
import { invoiceFromTotals, priceWithSandbox, setPricingContext, totalUsage, totalUsageGroups, type PricingInputs, type UsageTotals } from "./pricing/price.js";

export { compile, policyHash, sourceHash, type BaseResolver, type Compilation, type CompileOptions } from "../../2-compiler/index.js";
export {
  compareCodePoints,
  formatAmount,
  formatQuantity,
  invoiceToJson,
  type AdjustmentKind,
  type Invoice,
  type InvoiceAdjustment,
  type InvoiceJson,
  type InvoiceLine,
} from "../invoice/index.js";
export type { PricingInputs, UsageTotals } from "./pricing/price.js";
export * from "./pricing/partial.js";
export { InputError, describeProblem, type InputProblem } from "../../1-base/input/index.js";

export interface RunOptions {
  engine: QuickJsEngine;
  limits?: Partial<SandboxLimits>;
}

/** A compilation that produced a pricing program. */
export type PricingCompilation = Compilation & { program: PricingProgram; module: { code: string; manifest: PricingManifest } };

export function isPricing(c: Compilation): c is PricingCompilation {
  return c.program?.kind === "pricing" && c.module !== undefined;
}

export async function price(policy: PricingCompilation, inputs: PricingInputs, options: RunOptions): Promise<Invoice> {
  const hash = await policyHash(policy);
  const sandbox = createSandbox(options.engine, policy.module.code, options.limits);
  try {
    return await priceWithSandbox(
      policy.program,
      policy.module.manifest,
      { name: policy.program.name, version: policy.program.version, hash },
      sandbox,
      inputs,
    );
  } finally {
    sandbox.dispose();
  }
}

/** Reads and accumulates usage without computing amounts: a part of the usage, to merge with others. */
export async function totalPricingUsage(policy: PricingCompilation, inputs: PricingInputs, options: RunOptions): Promise<UsageTotals> {
  const sandbox = createSandbox(options.engine, policy.module.code, options.limits);
  try {
    setPricingContext(policy.program, sandbox, inputs);
    return await totalUsage(policy.program, policy.module.manifest, sandbox, inputs);
  } finally {
    sandbox.dispose();
  }
}

/** The usage totals of each value of the record field `by` (`bill --by`): one pass, one sandbox. */
export async function totalPricingUsageGroups(
  policy: PricingCompilation,
  inputs: PricingInputs,
  by: string,
  options: RunOptions,
): Promise<Map<string, UsageTotals>> {
  const sandbox = createSandbox(options.engine, policy.module.code, options.limits);
  try {
    setPricingContext(policy.program, sandbox, inputs);
    return await totalUsageGroups(policy.program, policy.module.manifest, sandbox, inputs, by);
  } finally {
    sandbox.dispose();
  }
}

/** One invoice per group of totals, in the order given, all from one sandbox (the policy's module loaded once). */
export async function invoicesFromGroups(
  policy: PricingCompilation,
  groups: Iterable<[string, UsageTotals]>,
  context: Pick<PricingInputs, "context" | "contextSource">,
  options: RunOptions,
  each: (name: string, invoice: Invoice) => void | Promise<void>,
): Promise<void> {
  const hash = await policyHash(policy);
  const sandbox = createSandbox(options.engine, policy.module.code, options.limits);
  try {
    setPricingContext(policy.program, sandbox, context);
    for (const [name, totals] of groups)
      await each(name, invoiceFromTotals(policy.program, { name: policy.program.name, version: policy.program.version, hash }, sandbox, context, totals));
  } finally {
    sandbox.dispose();
  }
}

/** The invoice of totals (merged parts): identical to pricing all their usage at once. */
export async function invoiceFromUsageTotals(
  policy: PricingCompilation,
  totals: UsageTotals,
  context: Pick<PricingInputs, "context" | "contextSource">,
  options: RunOptions,
): Promise<Invoice> {
  const hash = await policyHash(policy);
  const sandbox = createSandbox(options.engine, policy.module.code, options.limits);
  try {
    setPricingContext(policy.program, sandbox, context);
    return invoiceFromTotals(policy.program, { name: policy.program.name, version: policy.program.version, hash }, sandbox, context, totals);
  } finally {
    sandbox.dispose();
  }
}

import type { CircleProgram } from "../../2-compiler/2-check/index.js";
import type { Signer } from "../../1-base/crypto/index.js";
import type { JsonData, TextChunks } from "../../1-base/input/index.js";
import { decideWithSandbox, type Decision } from "./circle/decide.js";
import { readProposal, readVotes } from "./circle/inputs.js";
import { acquireCircleSandbox, releaseCircleSandbox } from "./circle/sandboxes.js";

export { decisionToJson, type Decision, type IgnoredVote, type IgnoreReason, type Tally } from "./circle/decide.js";
export { effectFromModule, effectToJson, type EffectValue } from "./circle/effects.js";
export { readProposal, readVotes, type Proposal, type Vote } from "./circle/inputs.js";
// For the runtime's own unit tests: the batching of rows and the certainty of circle outcomes.
export { RowBatches } from "./pricing/row-batches.js";
export { certainty, firstCertainVote, holds, type ApprovalCondition, type Comparison, type Counts, type LinearAtom, type Outcome } from "./circle/certainty.js";

export type CircleCompilation = Compilation & { program: CircleProgram; module: { code: string } };

export function isCircle(c: Compilation): c is CircleCompilation {
  return c.program?.kind === "circle" && c.module !== undefined;
}

export interface DecideInputs {
  proposal: JsonData;
  votes: TextChunks;
  /** Evaluation time, epoch milliseconds: read by the caller (the sandbox has no clock). */
  at: number;
  proposalSource?: string;
  votesSource?: string;
}

export async function decide(circle: CircleCompilation, inputs: DecideInputs, options: RunOptions & { signer: Signer }): Promise<Decision> {
  const proposal = readProposal(circle.program, inputs.proposal, inputs.proposalSource ?? "proposal");
  const votes = await readVotes(inputs.votes, inputs.votesSource ?? "votes");
  const sandbox = acquireCircleSandbox(options.engine, circle.module.code, options.limits);
  let failed = true;
  try {
    const decision = await decideWithSandbox(circle.program, proposal, votes, inputs.at, sandbox, options.signer);
    failed = false;
    return decision;
  } finally {
    releaseCircleSandbox(options.engine, circle.module.code, options.limits, sandbox, failed);
  }
}
