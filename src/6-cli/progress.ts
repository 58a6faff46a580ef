// A progress line on stderr for commands that read large usage files: bytes and records read,
// records per second and the time left. Only on a terminal; pipes and redirected stderr get none.

import { statSync } from "node:fs";

/** Where the line goes: process.stderr, or a fake in tests. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** The file's size in bytes when known (not for stdin): gives a percentage and the time left. */
  totalBytes?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  /** Minimum milliseconds between two redraws. */
  every?: number;
}

const units = ["B", "KB", "MB", "GB"];
function bytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * Passes text chunks through unchanged while drawing the progress line (records are counted as
 * lines, which is exact for JSON Lines). The line is erased when the stream ends or fails.
 */
export async function* withProgress(chunks: AsyncIterable<string>, sink: ProgressSink, options: ProgressOptions = {}): AsyncGenerator<string> {
  const now = options.now ?? (() => performance.now());
  const every = options.every ?? 200;
  const started = now();
  let drawn = -Infinity;
  let read = 0;
  let records = 0;
  const draw = () => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? records / seconds : 0;
    const parts = [`reading usage: ${bytes(read)}`];
    if (options.totalBytes) parts[0] += ` of ${bytes(options.totalBytes)} (${Math.floor((100 * read) / options.totalBytes)}%)`;
    parts.push(`${records} records`, `${Math.round(rate)} records/s`);
    if (options.totalBytes && read > 0) parts.push(`${duration((seconds * (options.totalBytes - read)) / read)} left`);
    sink.write(`\r${parts.join(", ")}\x1b[K`);
  };
  try {
    for await (const chunk of chunks) {
      // UTF-8 bytes without encoding the chunk again: ASCII is one byte, the rest counted exactly.
      read += Buffer.byteLength(chunk, "utf8");
      for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) records++;
      if (now() - drawn >= every) {
        drawn = now();
        draw();
      }
      yield chunk;
    }
  } finally {
    if (drawn > -Infinity) sink.write("\r\x1b[K");
  }
}

/** True when a progress line may be drawn: stderr is a terminal and --no-progress was not given. */
export function progressWanted(sink: ProgressSink, option: boolean | undefined): boolean {
  return option !== false && sink.isTTY === true;
}

/**
 * A usage file's chunks with the progress line drawn on `sink` (stderr) when it is a terminal and
 * `option` (false with --no-progress) allows it; the chunks unchanged otherwise. Every command
 * that reads usage (price, explain, diff, iou create and sign) reads it through here.
 */
export function usageProgress(
  chunks: AsyncIterable<string>,
  path: string,
  option: boolean | undefined,
  sink: ProgressSink = process.stderr,
): AsyncIterable<string> {
  if (!progressWanted(sink, option)) return chunks;
  const totalBytes = path === "-" ? undefined : sizeOf(path);
  return withProgress(chunks, sink, totalBytes === undefined ? {} : { totalBytes });
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined; // the reader reports the missing file
  }
}
