// Reading IOU files: one IOU (as `iou create` and `iou sign` print it), a JSON array of IOUs, or
// JSON Lines. A line that is not JSON is one bad item, not a reason to drop the whole file.

export interface IouItem {
  /** 1-based position in the file. */
  position: number;
  /** 1-based line where it starts. */
  line: number;
  /** The parsed JSON, or undefined when `error` says why it is not JSON. */
  value?: unknown;
  error?: string;
}

/**
 * Plain JSON.parse is right here, unlike for usage: the id is defined on RFC 8785, whose numbers
 * are IEEE doubles, and an IOU's only numbers are small whole counts.
 */
export function splitIous(text: string): IouItem[] {
  if (text.trim() === "") return [];
  let whole: unknown;
  let wholeError: string | undefined;
  try {
    whole = JSON.parse(text);
  } catch (e) {
    wholeError = (e as Error).message;
  }
  if (wholeError === undefined) {
    const startLine = lineOf(text, text.search(/\S/));
    return Array.isArray(whole) ? whole.map((value, i) => ({ position: i + 1, line: startLine, value })) : [{ position: 1, line: startLine, value: whole }];
  }
  const items: IouItem[] = [];
  const lines = text.split("\n");
  lines.forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    const position = items.length + 1;
    try {
      items.push({ position, line: i + 1, value: JSON.parse(lineText) });
    } catch (e) {
      items.push({ position, line: i + 1, error: `not valid JSON (${(e as Error).message})` });
    }
  });
  // A broken pretty-printed IOU is not a hundred broken lines: say so once.
  if (items[0]?.error !== undefined) return [{ position: 1, line: 1, error: `neither one JSON value nor JSON Lines (${wholeError})` }];
  return items;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
