// docs/diagnostics.md, generated from the catalogue so the page and `alltrust explain-code`
// never disagree; a test fails when the committed page is not the generated one.

import { catalogue, type CatalogueEntry } from "./catalogue.js";

/** The code families, by the code's first digit. */
const families: Record<string, string> = {
  "1": "Syntax (AT1xx)",
  "2": "Names (AT2xx)",
  "3": "Types and units (AT3xx)",
  "4": "Rules and structure (AT4xx)",
  "5": "Lints (AT5xx): warnings, never errors",
};

export function diagnosticsMarkdown(): string {
  const entries = [...catalogue.values()].sort((a, b) => a.code.localeCompare(b.code));
  const out: string[] = [
    "# Diagnostic codes",
    "",
    "<!-- Generated from src/diagnostics/catalogue.ts by diagnosticsMarkdown() in src/diagnostics/docs.ts; do not edit by hand. -->",
    "",
    "Every error and warning of `alltrust check` carries a stable code. `alltrust explain-code CODE`",
    "prints the entry of one code (`alltrust explain-code at301` works too). Codes from AT100 to",
    "AT499 are errors: the file does not compile. AT5xx codes are lints: warnings that never fail the",
    "build.",
    "",
  ];
  for (const e of entries) out.push(`- [${e.code}](#${e.code.toLowerCase()}-${anchor(e.title)}): ${e.title}`);
  let family: string | undefined;
  for (const e of entries) {
    const digit = e.code.charAt(2);
    if (digit !== family) {
      family = digit;
      out.push("", `## ${families[digit] ?? `AT${digit}xx`}`);
    }
    out.push("", ...entry(e));
  }
  return out.join("\n") + "\n";
}

function entry(e: CatalogueEntry): string[] {
  return [`### ${e.code}: ${e.title}`, "", e.explanation, "", "```trust", e.example, "```"];
}

/** The anchor GitHub gives a heading `AT301: type mismatch`, minus the code part. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}
