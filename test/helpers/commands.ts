// The argument lists of the commands the CLI tests run again and again (decide, vote, iou sign
// with repricing), built from named parts so that each test says only what differs.

/** `alltrust decide CIRCLE --proposal P --votes V --at AT [--format F]`. */
export function decideArgs(o: { circle: string; proposal: string; votes: string; at: string; format?: "json" | "table" }): string[] {
  return ["decide", o.circle, "--proposal", o.proposal, "--votes", o.votes, "--at", o.at, ...(o.format ? ["--format", o.format] : [])];
}

/** `alltrust vote --circle C --proposal P --key K --member M --choice CH --at AT`. */
export function voteArgs(o: { circle: string; proposal: string; key: string; member: string; choice: string; at: string }): string[] {
  return ["vote", "--circle", o.circle, "--proposal", o.proposal, "--key", o.key, "--member", o.member, "--choice", o.choice, "--at", o.at];
}

/** `alltrust iou sign IOU --key K --reprice POLICY --usage U --context C [-o OUT]`: the consumer signs after pricing it again. */
export function repriceSignArgs(o: { iou: string; key: string; policy: string; usage: string; context: string; out?: string }): string[] {
  return ["iou", "sign", o.iou, "--key", o.key, "--reprice", o.policy, "--usage", o.usage, "--context", o.context, ...(o.out ? ["-o", o.out] : [])];
}
