// A small TextMate tokenizer, enough for tests: at each point the earliest match of the top-level
// patterns wins (ties go to the pattern listed first), `begin`/`end` rules span to their end on
// the line, and captures name their groups. JavaScript regexes stand in for Oniguruma.

export interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  captures?: Record<string, { name?: string }>;
  patterns?: Rule[];
}

export interface Grammar {
  scopeName: string;
  fileTypes: string[];
  patterns: Rule[];
  repository: Record<string, Rule>;
}

export interface Scoped {
  text: string;
  scope: string;
}

/** The rules an include list stands for, flattened in order. */
export function flatten(rules: readonly Rule[], grammar: Grammar): Rule[] {
  return rules.flatMap((r) => {
    if (r.include) {
      const target = grammar.repository[r.include.replace(/^#/, "")];
      if (!target) throw new Error(`unknown include ${r.include}`);
      return target.patterns && !target.match && !target.begin ? flatten(target.patterns, grammar) : [target];
    }
    return [r];
  });
}

/** Every scoped piece of one line: whole matches with a name, and named capture groups. */
export function tokenizeLine(line: string, grammar: Grammar): Scoped[] {
  const rules = flatten(grammar.patterns, grammar);
  const out: Scoped[] = [];
  let at = 0;
  while (at < line.length) {
    let best: { index: number; match: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.match ?? rule.begin!, "dg");
      re.lastIndex = at;
      const m = re.exec(line);
      if (m && m[0].length > 0 && (!best || m.index < best.index)) best = { index: m.index, match: m, rule };
    }
    if (!best) break;
    let end = best.index + best.match[0].length;
    if (best.rule.begin) {
      const close = new RegExp(best.rule.end!, "g");
      close.lastIndex = end;
      const m = close.exec(line);
      end = m ? m.index + m[0].length : line.length;
    }
    if (best.rule.name) out.push({ text: line.slice(best.index, end), scope: best.rule.name });
    for (const [group, capture] of Object.entries(best.rule.captures ?? {})) {
      const range = best.match.indices?.[Number(group)];
      if (range && capture.name) out.push({ text: line.slice(range[0], range[1]), scope: capture.name });
    }
    at = end;
  }
  return out;
}
