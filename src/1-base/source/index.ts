// Source text positions: spans and the line map that turns offsets into lines and columns.
// The base of every stage's locations; it imports nothing of the project.

export type { Position, Span } from "./span.js";
export { LineMap } from "./line-map.js";
