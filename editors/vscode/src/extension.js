// The VS Code side of AllTrust: starts `alltrust lsp --stdio` and connects it to .trust files
// (the client appends --stdio itself for the stdio transport).
// Everything else (diagnostics, hover, completion, rename, formatting, fixes) is the server's.

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** @param {import("vscode").ExtensionContext} context */
async function activate(context) {
  const configured = vscode.workspace.getConfiguration("alltrust").get("server.command", "alltrust");
  // A path to bin/alltrust.js runs with the editor's Node; a command name is looked up on PATH.
  const server = configured.endsWith(".js")
    ? { command: process.execPath, args: [configured, "lsp"], transport: TransportKind.stdio, options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } } }
    : { command: configured, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("alltrust", "AllTrust", server, {
    documentSelector: [{ language: "alltrust" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.trust") },
  });
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
