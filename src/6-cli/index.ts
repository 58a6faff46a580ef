// The CLI's door for its tests: the program itself (main), the walk over .trust files, the
// commands that are plain functions, and the terminal renderers. Not part of the library API.

export { commands, main, type Outcome } from "./main.js";
export { fileResolver, trustFiles } from "./io.js";
export { runFmt, type FmtOptions } from "./commands/fmt.js";
export { runExplainCode } from "./commands/explain-code.js";
export { runIouCreate, runIouSign } from "./commands/iou.js";
export { renderCircleExplanation } from "./render-explain-circle.js";
export { renderPricingExplanation } from "./render-explain-pricing.js";
export { exitCodeTable, renderExitCodes } from "./exit.js";
export { progressWanted, withProgress, type ProgressSink } from "./progress.js";
export { packageVersion } from "./version.js";
