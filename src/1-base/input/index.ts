// Reading user data exactly: JSON with lossless numbers, record streams (JSON array or JSON
// Lines), RFC 3339 times, typed values, and the InputError that names where data went wrong.

export * from "./errors.js";
export * from "./flat-json.js";
export * from "./json.js";
export * from "./records.js";
export * from "./time.js";
export * from "./values.js";
