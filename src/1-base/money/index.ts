// Exact money and quantities: rationals on BigInt, decimal text in and out, rounding by step.
// Nothing here ever holds an amount in a JavaScript number.

export * from "./rational.js";
export * from "./decimal.js";
export * from "./rounding.js";
export * from "./bounds.js";
