// The practical limit of pricing a JSON Lines file in Node: read it and JSON.parse every line,
// nothing else. Prints the record count.

import { createReadStream } from "node:fs";

let rest = "";
let records = 0;
for await (const chunk of createReadStream(process.argv[2]!, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
  const text = rest + chunk;
  let at = 0;
  let nl: number;
  while ((nl = text.indexOf("\n", at)) !== -1) {
    const line = text.slice(at, nl);
    at = nl + 1;
    if (line) {
      JSON.parse(line);
      records++;
    }
  }
  rest = text.slice(at);
}
process.stdout.write(`${JSON.stringify({ records })}\n`);
