// Hooks the CLI can be started with by a test's own entry script (test/helpers/alltrust-with-hooks.mjs):
// passed to main(), never read from the environment, so production runs cannot switch them on.

export interface CliHooks {
  /** Called inside `bridge submit`'s transaction, after half of the IOUs are written (uncommitted). */
  pauseInSubmit?: () => void;
  /** Called inside `circle tick`'s transaction, after its first event (uncommitted). */
  pauseInTick?: () => void;
}
