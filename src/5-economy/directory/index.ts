// The directory: who is who on this grid. A JSON file maps each party's public key to its role
// and its service's URL, and names the bridge; every service loads it at start.

import { isPublicKeyHex } from "../../1-base/crypto/index.js";
import { InputError, isJsonObject, type JsonData } from "../../1-base/input/index.js";

export const DIRECTORY_FORMAT = "alltrust-directory/1";

/** A meter is a grid service that reports usage to a farmer; it serves nothing, so has no URL. */
export type Role = "farmer" | "consumer" | "meter";

export interface Party {
  key: string;
  role: Role;
  /** The party's service; absent only for meters. */
  url?: string;
  name?: string;
}

export interface Directory {
  bridge: string;
  /** The circle ledger's service (circle serve), when there is one. */
  circle?: string;
  parties: Party[];
}

/** A service's base URL: http(s), no query or fragment, no trailing slash. */
function baseUrl(value: JsonData | undefined, source: string, field: string): string {
  if (typeof value !== "string") throw new InputError({ source, field, message: "expected a URL (text)" });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError({ source, field, message: `not an absolute URL: ${JSON.stringify(value)}` });
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username)
    throw new InputError({ source, field, message: `expected an http(s) URL without query, fragment or user, found ${JSON.stringify(value)}` });
  return url.href.replace(/\/+$/, "");
}

export function readDirectory(value: JsonData, source: string): Directory {
  if (!isJsonObject(value)) throw new InputError({ source, message: "a directory is a JSON object" });
  const known = new Set(["format", "bridge", "circle", "parties"]);
  for (const k of Object.keys(value)) if (!known.has(k)) throw new InputError({ source, field: k, message: "unknown field" });
  if (value.format !== DIRECTORY_FORMAT) throw new InputError({ source, field: "format", message: `expected "${DIRECTORY_FORMAT}"` });
  const parties = value.parties;
  if (!Array.isArray(parties)) throw new InputError({ source, field: "parties", message: "expected an array of {key, role, url, name?}" });
  const seen = new Set<string>();
  const out: Party[] = parties.map((p, i) => {
    const field = (f: string) => `parties[${i + 1}].${f}`;
    if (!isJsonObject(p)) throw new InputError({ source, field: `parties[${i + 1}]`, message: "expected {key, role, url, name?}" });
    for (const k of Object.keys(p))
      if (!["key", "role", "url", "name"].includes(k)) throw new InputError({ source, field: field(k), message: "unknown field" });
    if (!isPublicKeyHex(p.key)) throw new InputError({ source, field: field("key"), message: "expected a public key, 64 hex digits" });
    const key = p.key.toLowerCase();
    if (seen.has(key)) throw new InputError({ source, field: field("key"), message: "this key is listed twice" });
    seen.add(key);
    if (p.role !== "farmer" && p.role !== "consumer" && p.role !== "meter")
      throw new InputError({ source, field: field("role"), message: 'expected "farmer", "consumer" or "meter"' });
    if (p.url === undefined && p.role !== "meter") throw new InputError({ source, field: field("url"), message: `a ${p.role} needs the URL of its service` });
    if (p.name !== undefined && typeof p.name !== "string") throw new InputError({ source, field: field("name"), message: "expected text" });
    return {
      key,
      role: p.role,
      ...(p.url !== undefined ? { url: baseUrl(p.url, source, field("url")) } : {}),
      ...(typeof p.name === "string" ? { name: p.name } : {}),
    };
  });
  return {
    bridge: baseUrl(value.bridge, source, "bridge"),
    ...(value.circle !== undefined ? { circle: baseUrl(value.circle, source, "circle") } : {}),
    parties: out,
  };
}

export function partyByKey(directory: Directory, key: string, role?: Role): Party | undefined {
  const k = key.toLowerCase();
  return directory.parties.find((p) => p.key === k && (role === undefined || p.role === role));
}
