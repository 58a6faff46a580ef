// `alltrust lsp [--stdio]`: the language server for editors, over stdin/stdout. Its body
// (lsp/server.ts and the protocol library) loads only when this command runs.

import type { Register } from "../command.js";

export const register: Register = (cli) => {
  cli
    .command("lsp")
    .description("the language server for editors, over stdin/stdout (Language Server Protocol)")
    .option("--stdio", "talk over stdin/stdout (the default and only transport; editors pass it)")
    .action(async () => {
      const { serveLsp } = await import("../lsp/server.js");
      await serveLsp();
    });
};
