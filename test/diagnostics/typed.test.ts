// Diagnostics as typed data: one message builder per catalogue code, a hint on every diagnostic
// of the corpus, related places on duplicates and cycles, and the JSON an editor builds on.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { diagnostic, diagnosticCodes, diagnosticToJson, messageBuilders, renderDiagnostics, type Diagnostic } from "../../src/1-base/diagnostics/index.js";
import { compile, policyOf, testsFileDiagnostics } from "../../src/index.js";
import { trustFiles } from "../../src/6-cli/index.js";

const at = (line: number, column: number, offset: number) => ({ line, column, offset });
const span = { start: at(1, 1, 0), end: at(1, 4, 3) };

function diagnosticsOf(source: string): Diagnostic[] {
  return compile(source).diagnostics;
}

const pricing = (body: string) => `pricing "p" version 1\ncurrency TFT\n${body}`;

describe("the catalogue and the builders", () => {
  test("every catalogue code has a message builder, and every builder a catalogue code", () => {
    expect(Object.keys(messageBuilders).sort()).toEqual([...diagnosticCodes].sort());
  });

  test("a code outside the catalogue does not compile", () => {
    // @ts-expect-error AT999 is not a code of the catalogue.
    expect(() => diagnostic("AT999", span, {})).toThrow();
  });

  test("severity follows the family; AT414's minimum above maximum is a warning", () => {
    expect(diagnostic("AT201", span, { name: "x", inScope: [], parameters: false }).severity).toBe("error");
    expect(diagnostic("AT503", span, { case: "let", name: "x" }).severity).toBe("warning");
    expect(diagnostic("AT414", span, { case: "minimum-above-maximum", maximum: span }).severity).toBe("warning");
    expect(diagnostic("AT414", span, { case: "twice", limit: "minimum", first: span }).severity).toBe("error");
  });
});

describe("every diagnostic of the corpus has a hint", () => {
  const root = new URL("../", import.meta.url).pathname;
  const files = ["conformance/errors", "golden", "extra", "testing/fixtures"].flatMap((d) => trustFiles(join(root, d)));

  test("the corpus is there", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  test.each(files.map((f) => [f.slice(root.length), f]))("%s", (_, path) => {
    const source = readFileSync(path, "utf8");
    let diagnostics: Diagnostic[];
    if (path.endsWith(".tests.trust")) {
      const policy = policyOf(path);
      diagnostics = testsFileDiagnostics({ path, source }, existsSync(policy) ? { path: policy, source: readFileSync(policy, "utf8") } : undefined);
    } else diagnostics = diagnosticsOf(source);
    for (const d of diagnostics) {
      expect(d.hint, `${d.code} "${d.message}" at ${dirname(path)} has a hint`).toBeTruthy();
      expect(d.message.length).toBeGreaterThan(0);
    }
  });
});

describe("related places", () => {
  test("a duplicate points at the first declaration", () => {
    const source = pricing("meter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\nmeter cpu: vcpu*hour\n");
    const [d] = diagnosticsOf(source).filter((x) => x.code === "AT204");
    expect(d!.span.start.line).toBe(5);
    expect(d!.related).toEqual([{ message: "`cpu` is first declared here", span: expect.objectContaining({ start: expect.objectContaining({ line: 3 }) }) }]);
    expect(renderDiagnostics([d!], source, "p.trust")).toContain(
      "= note: `cpu` is first declared here (line 3)\n  |\n3 | meter cpu: vcpu*hour\n  | --------------------",
    );
  });

  test.each([
    ["a let", "let a = 1\nlet a = 2\nrate cpu 1 TFT per vcpu*hour when a > 0\nmeter cpu: vcpu*hour\n", 3],
    ["an attribute", 'record { region: text, region: text }\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour when record.region == "BE"\n', 3],
  ])("a duplicate %s too", (_, body, line) => {
    const [d] = diagnosticsOf(pricing(body)).filter((x) => x.code === "AT204");
    expect(d!.related?.[0]?.span.start.line).toBe(line);
  });

  test("a duplicate parameter and proposal kind in a circle", () => {
    const source =
      'circle "c" version 1\ncurrency TFT\nproposal spend(amount: TFT, amount: TFT) { voting 7 days\n approve by yes > no }\nproposal spend(amount: TFT) { voting 7 days\n approve by yes > no }\n';
    const duplicates = diagnosticsOf(source).filter((x) => x.code === "AT204");
    expect(duplicates.map((d) => d.related?.[0]?.span.start.line)).toEqual([3, 3]);
  });

  test("every member of a let cycle is a related place", () => {
    const source = pricing("let a = b + 1\nlet b = c + 1\nlet c = a + 1\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour when a > 0\n");
    const [d] = diagnosticsOf(source).filter((x) => x.code === "AT208");
    expect(d!.message).toBe("lets form a cycle: `a` -> `b` -> `c` -> `a`");
    expect(d!.related?.map((r) => [r.message, r.span.start.line])).toEqual([
      ["`a` uses `b`", 3],
      ["`b` uses `c`", 4],
      ["`c` uses `a`", 5],
    ]);
    expect(d!.data).toEqual({ cycle: ["a", "b", "c"] });
  });

  test("a shadowed line points at the line that shadows it", () => {
    const source = pricing(
      "consumer { staked: TFT }\ndiscount s on total 40% when consumer.staked >= 100000 TFT\ndiscount s on total 60% when consumer.staked >= 500000 TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n",
    );
    const [d] = diagnosticsOf(source).filter((x) => x.code === "AT502");
    expect(d!.related?.[0]).toMatchObject({ message: "shadowed by this line", span: { start: { line: 4 } } });
  });
});

describe("JSON for editors", () => {
  const source = pricing("meter cpu: vcpu*hour\nrate cpuu 1 TFT per vcpu*hour\nrate cpu 1 TFT per vcpu*hour\nmeter cpu: vcpu*hour\n");
  const json = diagnosticsOf(source).map((d) => diagnosticToJson(d, "p.trust"));

  test("a misspelled meter carries its candidates and a quick fix", () => {
    const d = json.find((x) => x.code === "AT203")!;
    expect(d).toMatchObject({ message: "unknown meter `cpuu`", hint: "did you mean `cpu`?", line: 4, column: 6, endColumn: 10 });
    expect(d.data).toEqual({ meter: "cpuu", meters: ["cpu"], place: "rate", name: "cpuu", candidates: ["cpu"] });
    expect(d.fixes).toEqual([{ title: "replace with `cpu`", replacement: "cpu", line: 4, column: 6, endLine: 4, endColumn: 10 }]);
    expect(d.related).toEqual([]);
  });

  test("a duplicate carries its first declaration, located like the diagnostic", () => {
    const d = json.find((x) => x.code === "AT204")!;
    expect(d.related).toEqual([{ message: "`cpu` is first declared here", file: "p.trust", line: 3, column: 1, endLine: 3, endColumn: 21 }]);
  });

  test("a related place in another file keeps its file", () => {
    const d: Diagnostic = {
      ...diagnostic("AT204", span, { what: "meter", name: "cpu", first: span }),
      related: [{ message: "declared in the base policy", span, file: "base.trust" }],
    };
    expect(diagnosticToJson(d, "p.trust").related[0]!.file).toBe("base.trust");
    expect(renderDiagnostics([d], "abc", "p.trust")).toContain("= note: declared in the base policy (base.trust:1:1)");
  });

  test("the JSON is plain data: it survives a round trip", () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
