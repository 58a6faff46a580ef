// The boundaries of the layout (README, "Layout"), checked by dependency-cruiser from
// test/architecture/boundaries.test.ts (so `npm test` fails on a violation) and by `npm run boundaries`.
//
// A "folder" is src/6-cli, or a folder one level under a layer (src/3-engine/runtime), or a
// layer's own files (src/2-compiler/*.ts). Code outside a folder enters it only through a door:
//   index.ts                          every folder's door (browser-safe unless the folder is Node-only)
//   node.ts                           a folder's Node-only door (1-base/crypto, 5-economy/iou, 4-tools/reference)
//   5-economy/bridge/server.ts        the HTTP side of the bridge, loaded lazily by `bridge serve`
//   5-economy/circle/server.ts        the HTTP side of a circle ledger, loaded lazily by `circle serve`
//   2-compiler/1-syntax/keywords.ts   the reserved words without the parser (the playground's page bundle)
// Layers: 1-base < 2-compiler < 3-engine < 4-tools < 5-economy < 6-cli; a layer imports only lower
// ones. Tests import the public entry points (src/index.ts, src/browser.ts), the doors of the stage
// they test (test/runtime -> src/3-engine/runtime/index.ts), and the CLI's door (src/6-cli/index.ts).

const DOORS = [
  "^src/(index|browser)[.]ts$",
  "^src/[1-5]-[^/]+/index[.]ts$",
  "^src/6-cli/index[.]ts$",
  "^src/[1-5]-[^/]+/[^/]+/(index|node)[.]ts$",
  "^src/5-economy/bridge/server[.]ts$",
  "^src/5-economy/circle/server[.]ts$",
  "^src/2-compiler/1-syntax/keywords[.]ts$",
];

// Files that may use Node built-ins although they live in the browser-safe core.
const NODE_ADAPTERS = [
  "^src/1-base/crypto/node(-hash)?[.]ts$",
  "^src/5-economy/iou/(node|verify-pool|verify-worker)[.]ts$",
  "^src/4-tools/reference/(node|reference)[.]ts$",
];
const BROWSER_SAFE = "^src/(1-base|2-compiler|3-engine|4-tools|5-economy/iou)/|^src/browser[.]ts$";
const NODE_ONLY_PACKAGES = "(^|/)node_modules/(better-sqlite3|pg|@hono/node-server)/";

const higher = (layer) => `^src/[${layer + 1}-6]-`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-deep-import",
      comment: "From inside a folder, another folder is entered only through its door (index.ts; see DOORS).",
      severity: "error",
      from: { path: "^(src/6-cli|src/[1-5]-[^/]+/[^/]+)/" },
      to: { path: "^src/", pathNot: ["^$1/", ...DOORS] },
    },
    {
      name: "no-deep-import-from-layer-files",
      comment: "A layer's own files (src/2-compiler/compile.ts) enter folders only through their doors.",
      severity: "error",
      from: { path: "^(src/[1-5]-[^/]+)/[^/]+[.]ts$" },
      to: { path: "^src/", pathNot: ["^$1/[^/]+[.]ts$", ...DOORS] },
    },
    {
      name: "no-deep-import-from-outside",
      comment: "The entry points, bench, scripts and the playground use doors only.",
      severity: "error",
      from: { path: "^(src/(index|browser)[.]ts|bench/|scripts/|playground/)" },
      to: { path: "^src/", pathNot: DOORS },
    },
    {
      name: "playground-uses-the-browser-library",
      comment: "The playground runs in a browser: src/browser.ts (or the parser-free keyword list), nothing else.",
      severity: "error",
      from: { path: "^playground/" },
      to: { path: "^src/", pathNot: ["^src/browser[.]ts$", "^src/2-compiler/1-syntax/keywords[.]ts$"] },
    },
    {
      name: "bench-uses-the-library",
      severity: "error",
      from: { path: "^bench/" },
      to: { path: "^src/", pathNot: ["^src/index[.]ts$"] },
    },
    {
      name: "tests-use-public-doors",
      comment: "A test imports the public entry points, the CLI's door, and the doors of the stage it tests (test/NAME -> src/*/[N-]NAME/).",
      severity: "error",
      from: { path: "^test/([^/]+)/", pathNot: "^test/hostile/" },
      to: {
        path: "^src/",
        pathNot: ["^src/(index|browser)[.]ts$", "^src/6-cli/index[.]ts$", "^src/[1-5]-[^/]+/([0-9]-)?$1/(index|node|server)[.]ts$"],
      },
    },
    {
      name: "hostile-tests-use-doors",
      comment: "The hostile-input tests cut across stages: any folder's door, but never a file behind it.",
      severity: "error",
      from: { path: "^test/hostile/" },
      to: { path: "^src/", pathNot: DOORS },
    },
    {
      name: "top-level-tests-use-public-doors",
      severity: "error",
      from: { path: "^test/[^/]+[.]ts$" },
      to: { path: "^src/", pathNot: ["^src/(index|browser)[.]ts$", "^src/6-cli/index[.]ts$"] },
    },
    { name: "base-is-the-bottom", severity: "error", from: { path: "^src/1-" }, to: { path: higher(1) } },
    { name: "compiler-below-engine", severity: "error", from: { path: "^src/2-" }, to: { path: higher(2) } },
    { name: "engine-below-tools", severity: "error", from: { path: "^src/3-" }, to: { path: higher(3) } },
    { name: "tools-below-economy", severity: "error", from: { path: "^src/4-" }, to: { path: higher(4) } },
    { name: "economy-below-cli", severity: "error", from: { path: "^src/5-" }, to: { path: higher(5) } },
    {
      name: "layers-below-entry-points",
      comment: "src/index.ts and src/browser.ts sit on top; nothing under src/N-* imports them.",
      severity: "error",
      from: { path: "^src/[0-9]-" },
      to: { path: "^src/(index|browser)[.]ts$" },
    },
    {
      name: "no-folder-cycles",
      comment: "Folders depend on each other in one direction only.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "browser-safe-core",
      comment: "The core runs in browsers: no Node built-ins, SQLite or Node HTTP server, except in the listed Node adapters.",
      severity: "error",
      from: { path: BROWSER_SAFE, pathNot: NODE_ADAPTERS },
      to: { dependencyTypesNot: ["type-only"], path: `^node:|${NODE_ONLY_PACKAGES}` },
    },
    {
      name: "browser-safe-core-builtins",
      severity: "error",
      from: { path: BROWSER_SAFE, pathNot: NODE_ADAPTERS },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "browser-library-never-reaches-node",
      comment: "Nothing src/browser.ts imports, however indirectly, is a Node adapter.",
      severity: "error",
      from: { path: "^src/browser[.]ts$" },
      to: { reachable: true, path: [...NODE_ADAPTERS, "^src/5-economy/bridge/", "^src/6-cli/"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/|^test/architecture/fixtures/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
