// The types of the language's values (number, money, quantity with its unit, bool, text, time,
// duration): shared by the checker, which infers them, and the input reader, which decodes by them.

export * from "./types.js";
