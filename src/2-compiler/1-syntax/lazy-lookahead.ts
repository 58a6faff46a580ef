// Chevrotain's LL(k) lookahead, each decision's function built on its first use instead of all of
// them when the parser is built: most of a start-up's grammar analysis, for decisions a file may never reach.

import { LLkLookaheadStrategy, type ILookaheadStrategy } from "chevrotain";

type Alternation = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type Optional = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;

/**
 * The same functions as LLkLookaheadStrategy (validation included), deferred. Chevrotain calls a
 * lookahead function with the parser as `this`, so the wrapper passes it on.
 */
export class LazyLookaheadStrategy extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0]): Alternation {
    const build = () => super.buildLookaheadForAlternation(options);
    let built: Alternation | undefined;
    return function (this: unknown, alternatives) {
      built ??= build();
      return built.call(this, alternatives);
    };
  }

  override buildLookaheadForOptional(options: Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0]): Optional {
    const build = () => super.buildLookaheadForOptional(options);
    let built: Optional | undefined;
    return function (this: unknown) {
      built ??= build();
      return built.call(this);
    };
  }
}
