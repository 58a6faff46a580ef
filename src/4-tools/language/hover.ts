// Hover text at an offset: a declared name's signature with its type and unit, a keyword's
// meaning, and for a rate line its price in words. Markdown, as editors show it.

import { describeType } from "../../2-compiler/2-check/index.js";
import type { Span } from "../../2-compiler/1-syntax/index.js";
import { wordAt, type Analysis } from "./analysis.js";
import { symbolAt, type Definition } from "./symbols.js";
import { keywordMeanings, rateInWords } from "./words.js";

export interface Hover {
  markdown: string;
  span: Span | { start: { offset: number }; end: { offset: number } };
}

const kindWords: Record<Definition["kind"], string> = {
  meter: "meter",
  attribute: "attribute",
  let: "let",
  proposal: "proposal kind",
  parameter: "proposal parameter",
};

function typeLine(analysis: Analysis, definition: Definition): string | undefined {
  const program = analysis.compilation.program;
  if (definition.kind === "let" && program) {
    const checked = program.lets.find((l) => l.name === definition.name);
    if (checked) return `type: ${describeType(checked.value.type)}`;
  }
  if (definition.kind === "meter" && program?.kind === "pricing") {
    const meter = program.meters.find((m) => m.name === definition.name);
    if (meter) return `unit: ${meter.unit.text}`;
  }
  return undefined;
}

export function hoverAt(analysis: Analysis, offset: number): Hover | undefined {
  const found = symbolAt(analysis.symbols, offset);
  const rate = analysis.compilation.file.declarations.find((d) => d.kind === "rate" && d.span.start.offset <= offset && offset <= d.span.end.offset);
  const priced = rate?.kind === "rate" ? `\n\n${rateInWords(analysis.source, rate)}` : "";
  if (found) {
    const { definition } = found;
    const type = typeLine(analysis, definition);
    const parts = [`\`\`\`alltrust\n${definition.signature}\n\`\`\``, `(${kindWords[definition.kind]})${type ? ` ${type}` : ""}`];
    return { markdown: parts.join("\n\n") + priced, span: found.span };
  }
  const word = wordAt(analysis.source, offset);
  if (word) {
    const meaning = keywordMeanings[word.word];
    const span = { start: { offset: word.start }, end: { offset: word.start + word.word.length } };
    if (meaning) return { markdown: `**${word.word}**: ${meaning}${priced}`, span };
  }
  if (rate?.kind === "rate") return { markdown: priced.trimStart(), span: rate.span };
  return undefined;
}
