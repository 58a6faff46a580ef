// Quick fixes from what a diagnostic carries: the fixes its message builder made (the best
// did-you-mean, a corrected literal) and, from its data, one more per further candidate.

import type { Diagnostic, QuickFix } from "../../1-base/diagnostics/index.js";

/**
 * The diagnostic's own fixes, then one per further `data.candidates` entry, replacing the same
 * span. A candidate may be written with a prefix its fix leaves out (`consumer.staked` shown,
 * `staked` replaced): the prefix is read off the first candidate and its fix.
 */
export function quickFixes(diagnostic: Diagnostic): QuickFix[] {
  const fixes = [...(diagnostic.fixes ?? [])];
  const candidates = diagnostic.data?.candidates;
  const first = fixes[0];
  if (!first || !Array.isArray(candidates) || typeof candidates[0] !== "string" || !candidates[0].endsWith(first.replacement)) return fixes;
  const prefix = candidates[0].slice(0, candidates[0].length - first.replacement.length);
  for (const candidate of candidates.slice(1)) {
    if (typeof candidate !== "string" || !candidate.startsWith(prefix)) continue;
    const replacement = candidate.slice(prefix.length);
    if (!fixes.some((f) => f.replacement === replacement)) fixes.push({ title: `replace with \`${candidate}\``, span: first.span, replacement });
  }
  return fixes;
}
