// The RFC 9421 signature base of a request: one line per covered component, then the
// signature parameters. Derived components (@method, @authority, @path, @query, @target-uri)
// come from the request line; any other identifier names a header field.

import { serializeInnerList, type InnerList } from "./structured.js";

/** A request as both sides see it: the client before sending, the server after receiving. */
export interface HttpMessage {
  method: string;
  /** The absolute target URI, e.g. http://127.0.0.1:8801/usage?consumer=ab. */
  url: string;
  /** Header value by lower-case name; undefined when absent. */
  header(name: string): string | undefined;
}

/** A request the base cannot be built from: a covered component it does not carry or we do not know. */
export class BaseError extends Error {}

function componentValue(message: HttpMessage, url: URL, name: string): string {
  switch (name) {
    case "@method":
      return message.method.toUpperCase();
    case "@authority":
      return url.host.toLowerCase();
    case "@path":
      return url.pathname === "" ? "/" : url.pathname;
    case "@query":
      return url.search === "" ? "?" : url.search;
    case "@target-uri":
      return url.href;
    case "@scheme":
      return url.protocol.replace(/:$/, "");
    case "@request-target":
      return url.pathname + url.search;
    default: {
      if (name.startsWith("@")) throw new BaseError(`unknown derived component ${name}`);
      if (name !== name.toLowerCase()) throw new BaseError(`component ${name} is not lower case`);
      const value = message.header(name);
      if (value === undefined) throw new BaseError(`the request has no ${name} header, which the signature covers`);
      // RFC 9421 2.1: leading and trailing whitespace removed, obsolete line folding as a space.
      return value.replace(/\s*\r?\n\s*/g, " ").trim();
    }
  }
}

/**
 * The signature base (RFC 9421 2.5) for `list`, the Signature-Input member: the covered
 * components as strings, no component parameters (not used here), with the list's parameters.
 */
export function signatureBase(message: HttpMessage, list: InnerList): string {
  let url: URL;
  try {
    url = new URL(message.url);
  } catch {
    throw new BaseError(`not an absolute URL: ${message.url}`);
  }
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const { item, params } of list.items) {
    if (item.type !== "string") throw new BaseError("a covered component must be a string");
    if (params.length > 0) throw new BaseError(`component parameters (${item.value};...) are not supported`);
    if (seen.has(item.value)) throw new BaseError(`component ${item.value} covered twice`);
    if (item.value === "@signature-params") throw new BaseError("@signature-params cannot be covered");
    seen.add(item.value);
    lines.push(`"${item.value}": ${componentValue(message, url, item.value)}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(list)}`);
  return lines.join("\n");
}
