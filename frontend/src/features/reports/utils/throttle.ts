/**
 * Runs `fn` at most once per `ms`: at once on the first call (leading), and once more when the
 * window ends if it was asked again meanwhile (trailing), so the last change is never lost.
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const open = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (!pending) return;
      pending = false;
      fn();
      open();
    }, ms);
  };
  const run = () => {
    if (timer !== undefined) {
      pending = true;
      return;
    }
    fn();
    open();
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = false;
  };
  return run;
}
