// How many IOUs a request body holds, counted in one pass without parsing it, so a body of
// millions of tiny items is refused before JSON.parse builds millions of objects.

/**
 * The number of items splitIous would find, or more (never fewer): elements of a top-level
 * array, and otherwise values starting at the top level (one IOU, or JSON Lines). Strings are
 * skipped with their escapes, so brackets and commas inside them do not count. Stops counting
 * once past `limit`: linear in the body, constant memory.
 */
export function countBodyItems(text: string, limit: number): number {
  let count = 0;
  let depth = 0;
  let topIsArray = false;
  let inString = false;
  let inScalar = false; // inside a top-level number or literal of JSON Lines
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    const space = c === 32 || c === 10 || c === 13 || c === 9;
    if (depth === 0) {
      if (space || c === 44) {
        inScalar = false;
        continue;
      }
      if (!inScalar) {
        count++;
        if (count > limit) return count;
      }
      if (c === 91 || c === 123) {
        topIsArray = c === 91;
        // An array's elements are counted by its commas, plus its first one below.
        if (topIsArray) count--;
        depth = 1;
        inScalar = false;
        if (topIsArray) {
          let j = i + 1;
          while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
          if (j < text.length && text.charCodeAt(j) !== 93) count++;
        }
      } else if (c === 34) {
        inString = true;
      } else {
        inScalar = true;
      }
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1 && topIsArray) {
      count++;
      if (count > limit) return count;
    }
  }
  return count;
}
