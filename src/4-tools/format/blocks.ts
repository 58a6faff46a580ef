// Declarations with braces: attribute blocks (one line, or one field a line when comments
// explain the fields) and proposals (a header, items indented, a closing brace).

import type { ApproveLine, AttributesDecl, EffectLine, ProposalDecl, ProposalItem } from "../../2-compiler/1-syntax/index.js";
import { exprText } from "./expressions.js";
import { measureText, typeText } from "./literals.js";
import { row, spanRow, type LayoutContext, type Row } from "./rows.js";

/**
 * `record { start: time, region: text }` on one line. Comments between the braces would have
 * to leave their fields, so then each field gets its own line and keeps its comment.
 */
export function attributeRows(d: AttributesDecl, ctx: LayoutContext): Row[] {
  const fields = d.fields.map((f) => `${f.name.text}: ${typeText(f.type)}`);
  const open = ctx.source.find("{", d.span.start.offset);
  const close = d.span.end.offset - 1;
  if (!ctx.hasCommentsWithin(open, close)) {
    const body = fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
    return [spanRow(0, [d.scope, body], d.span, "attributes")];
  }
  return [
    row(0, [`${d.scope} {`], d.span.start.offset, open + 1, { opens: true }),
    ...d.fields.map((f, i) => spanRow(1, [fields[i] + (i < fields.length - 1 ? "," : "")], f.span)),
    row(0, ["}"], close, close + 1, { closes: true }),
  ];
}

/** `proposal spend(amount: TFT, to: text) {`, its items two spaces in, `}`. */
export function proposalRows(d: ProposalDecl, ctx: LayoutContext): Row[] {
  const parameters = d.parameters.map((p) => `${p.name.text}: ${typeText(p.type)}`).join(", ");
  const head = `proposal ${d.name.text}(${parameters}) {`;
  const open = ctx.source.find("{", ctx.source.find(")", d.name.span.end.offset) + 1);
  const close = d.span.end.offset - 1;
  if (d.items.length === 0 && !ctx.hasCommentsWithin(open, close)) return [spanRow(0, [`${head}}`], d.span)];
  return [
    row(0, [head], d.span.start.offset, open + 1, { opens: true }),
    ...d.items.map((item) => proposalItemRow(item, ctx)),
    row(0, ["}"], close, close + 1, { closes: true }),
  ];
}

function proposalItemRow(item: ProposalItem, ctx: LayoutContext): Row {
  switch (item.kind) {
    case "voting":
    case "timelock":
      return spanRow(1, [`${item.kind} ${measureText(item.duration, ctx.source)}`], item.span);
    case "approve":
      return spanRow(1, approveCells(item, ctx), item.span, "approve");
    case "votes-may-change":
      return spanRow(1, ["votes may change"], item.span);
    case "effect":
      return spanRow(1, [effectText(item, ctx)], item.span);
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** `then pay amount to to`, `then add member who`, `then adopt policy as name`. */
function effectText(item: EffectLine, { source }: LayoutContext): string {
  const object = item.link && item.object ? ` ${item.link.word} ${exprText(item.object, source)}` : "";
  return `then ${item.verb.text}${item.memberSpan ? " member" : ""} ${exprText(item.subject, source)}${object}`;
}

/** The rule, then its `when` (align.ts lines the `when`s of neighbouring lines up). */
function approveCells(item: ApproveLine, { source }: LayoutContext): string[] {
  const head = item.by ? `approve by ${exprText(item.by, source)}` : "approve automatically";
  return item.when ? [head, `when ${exprText(item.when, source)}`] : [head];
}
