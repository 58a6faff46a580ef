// UTC calendar fields of an instant, computed on the host with Date: deliberately a different
// implementation from the sandbox prelude's integer arithmetic, so the two check each other.

import type { CalendarFunction } from "../../2-compiler/2-check/index.js";

export function calendarField(fn: CalendarFunction, epochMilliseconds: number): number {
  const d = new Date(epochMilliseconds);
  switch (fn) {
    case "hour":
      return d.getUTCHours();
    case "minute":
      return d.getUTCMinutes();
    case "weekday":
      // ISO: Monday is 1, Sunday 7 (Date counts Sunday as 0).
      return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case "day":
      return d.getUTCDate();
    case "month":
      return d.getUTCMonth() + 1;
    case "year":
      return d.getUTCFullYear();
    default: {
      const never: never = fn;
      return never;
    }
  }
}
