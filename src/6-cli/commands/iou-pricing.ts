// Pricing for `iou create` and `iou sign --reprice`: the policy, the context file, the usage
// priced and digested, and the context a signer reprices with (the IOU's own `body.context`,
// checked against the policy and against the signer's --context, as the consumer's service does).

import { nodeSha256 } from "../../1-base/crypto/node.js";
import { InputError, type JsonData, type TextChunks } from "../../1-base/input/index.js";
import { isPricing, policyHash, type PricingCompilation } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { declaredValueProblem, priceForIou, repriceContext, type Iou, type IouContext, type PricedUsage } from "../../5-economy/iou/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { usageProgress } from "../progress.js";
import { compileOrExit, limitsFrom } from "../shared.js";

/** A pricing context and where it came from, for messages. */
export interface ContextFile {
  value: JsonData;
  source: string;
}

export function pricingPolicy(path: string): PricingCompilation {
  const { compilation } = compileOrExit(path);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${path} is a circle file, not a pricing policy`);
  return compilation;
}

export function contextFile(path: string | undefined): ContextFile | undefined {
  return path === undefined ? undefined : { value: readJsonFile(path, "context"), source: path };
}

/** Prices the usage file and digests it (stdin is read once, into memory, for the two passes). */
export async function priceUsage(
  compilation: PricingCompilation,
  usagePath: string,
  context: ContextFile | undefined,
  progress: boolean | undefined,
): Promise<PricedUsage> {
  const stdin = usagePath === "-" ? await collect(streamText("-", "usage")) : undefined;
  const usage = (): TextChunks => stdin ?? usageProgress(streamText(usagePath, "usage file"), usagePath, progress);
  return priceForIou(
    compilation,
    { usage, usageSource: usagePath, ...(context !== undefined ? { context: context.value, contextSource: context.source } : {}) },
    { engine: await loadEngine(), limits: limitsFrom({}), sha256: nodeSha256 },
  );
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const c of chunks) all.push(c);
  return all;
}

/**
 * The context the signer of `iou` (read from `file`) reprices with, and what the rebuilt body
 * carries. An IOU without a context: the signer's own, as before IOUs carried one. An IOU with
 * one: a value the policy does not declare or of the wrong type is an input error naming the
 * IOU and the field; a value the signer's --context states otherwise is a refusal to sign
 * naming each field and both values; then the IOU's context, which the farmer signed.
 */
export async function repricingContext(
  file: string,
  iou: Iou,
  compilation: PricingCompilation,
  own: ContextFile | undefined,
): Promise<{ pricing: ContextFile | undefined; carried: IouContext | undefined }> {
  const program = compilation.program;
  if (iou.body.context !== undefined && own !== undefined) {
    const problem = declaredValueProblem(program, own.value);
    if (problem) throw new InputError({ source: own.source, ...(problem.field ? { field: problem.field } : {}), message: problem.message });
  }
  const plan = repriceContext(program, iou.body.context, own?.value, own?.source);
  switch (plan.kind) {
    case "invalid": {
      // Repricing with another policy than the IOU's, that is the likelier mistake: say so.
      const policy = iou.body.policy;
      const other =
        (await policyHash(compilation)) === policy.hash
          ? ""
          : ` (the IOU is priced under ${policy.name} version ${policy.version}, not the policy given to --reprice)`;
      throw new InputError({ source: file, field: `body.${plan.field}`, message: plan.message + other });
    }
    case "differs": {
      const lines = plan.differences.map((d) => `  ${d.figure}: the IOU says ${d.inIou}, yours (${own!.source}) is ${d.repriced}`);
      throw new CliExit(ExitCode.input, `error: refusing to sign ${file}: it is priced with a context that differs from yours\n${lines.join("\n")}`);
    }
    case "use": {
      const source = iou.body.context !== undefined ? `${file} (body.context)` : own?.source;
      return { pricing: plan.pricing !== undefined ? { value: plan.pricing, source: source! } : undefined, carried: plan.carried };
    }
    default: {
      const never: never = plan;
      return never;
    }
  }
}
