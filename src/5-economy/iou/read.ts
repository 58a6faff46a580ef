// Reading IOU files: one IOU (as `iou create` and `iou sign` print it), a JSON array of IOUs, or
// JSON Lines. A line that is not JSON is one bad item, not a reason to drop the whole file.

export interface IouItem {
  /** 1-based position in the file. */
  position: number;
  /** 1-based line where it starts. */
  line: number;
  /** The parsed JSON, or undefined when `error` says why it is not JSON (or `text` is still to parse). */
  value?: unknown;
  /** From splitIousLazily only: the item's JSON text, which whoever checks it parses (parseIouItem). */
  text?: string;
  error?: string;
}

/** What checking needs of an IouItem. */
export type CheckedItem = Pick<IouItem, "value" | "text" | "error">;

/**
 * Plain JSON.parse is right here, unlike for usage: the id is defined on RFC 8785, whose numbers
 * are IEEE doubles, and an IOU's only numbers are small whole counts.
 */
export function splitIous(text: string): IouItem[] {
  return splitIousLazily(text).map((item) => (item.text === undefined ? item : { position: item.position, line: item.line, ...parseIouItem(item) }));
}

/**
 * splitIous, except that JSON Lines items after the first keep their text unparsed: threads
 * checking a large file parse their own share (verify-pool.ts), where parsing every line here
 * first would be work no other thread can share.
 */
export function splitIousLazily(text: string): IouItem[] {
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
    items.push({ position: items.length + 1, line: i + 1, text: lineText });
  });
  // A broken pretty-printed IOU is not a hundred broken lines: say so once.
  const first = items[0] && parseIouItem(items[0]);
  if (first && "error" in first) return [{ position: 1, line: 1, error: `neither one JSON value nor JSON Lines (${wholeError})` }];
  if (first) items[0] = { position: 1, line: items[0]!.line, ...first };
  return items;
}

/** An item's JSON: its value, parsed from its text when splitIousLazily left that, or why it is not JSON. */
export function parseIouItem(item: CheckedItem): { value: unknown } | { error: string } {
  if (item.error !== undefined) return { error: item.error };
  if (item.text === undefined) return { value: item.value };
  try {
    return { value: JSON.parse(item.text) };
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
