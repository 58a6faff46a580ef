// The farmer's per-consumer contexts file (`farmer serve --consumer-contexts`): read and checked
// whole at start (a bad file stops the start), and read again on SIGHUP, when a valid file
// replaces every context at once and an invalid one is refused, the previous contexts kept.

import { InputError, type JsonData } from "../../1-base/input/index.js";
import { partyByKey, type Directory } from "../../5-economy/directory/index.js";
import { checkedConsumerContexts, type ConsumerContexts, type LoadedPolicy } from "../../5-economy/services/index.js";
import { readJsonFile } from "../io.js";

export class ReloadableContexts implements ConsumerContexts {
  private current: ReadonlyMap<string, JsonData>;

  /** Reads the file now; an input error (unreadable, not JSON, a wrong key or value) propagates. */
  constructor(
    readonly path: string,
    private readonly load: () => ReadonlyMap<string, JsonData>,
  ) {
    this.current = load();
  }

  get(consumer: string): JsonData | undefined {
    return this.current.get(consumer);
  }

  /**
   * Reads the file again. Replaced only when the whole file passes the checks of the start (the
   * map is swapped in one step, so an IOU is priced with one file's values); the line to log.
   */
  reload(): string {
    try {
      const next = this.load();
      this.current = next;
      return `consumer contexts: reloaded ${this.path} (${next.size} consumer${next.size === 1 ? "" : "s"})`;
    } catch (e) {
      const why = e instanceof InputError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      return `consumer contexts: ${this.path} refused, the previous contexts (${this.current.size} consumer${this.current.size === 1 ? "" : "s"}) stay: ${why}`;
    }
  }
}

/** The reader of the file: its JSON, its keys (consumers of the directory), each context over `shared` against the policy. */
export function consumerContextsLoader(path: string, directory: Directory, policy: LoadedPolicy, shared: JsonData | undefined): () => Map<string, JsonData> {
  return () =>
    checkedConsumerContexts(readJsonFile(path, "consumer contexts"), path, (k) => partyByKey(directory, k, "consumer") !== undefined, policy, shared);
}
