// The compiler: source text -> syntax -> checked program -> generated module, with every
// diagnostic. Its one door is compile(); the stages' own doors are re-exported for tools.

export { compile, policyHash, sourceHash, type BaseFile, type BaseResolver, type Compilation, type CompileOptions } from "./compile.js";
export { checkFile, type FileCheck } from "./check-file.js";
