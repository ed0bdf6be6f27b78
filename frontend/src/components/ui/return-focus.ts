import { useMemo, useRef } from 'react';

/**
 * Gives focus back to what had it when a dialog opened. Radix returns focus to its own Trigger;
 * our dialogs are opened by the caller's buttons (controlled `open`), so without this focus fell to
 * <body> on close (a keyboard user lost their place). The opener is read while rendering the
 * opening: by Radix's open event a form's autoFocus field already has focus.
 */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  wasOpen.current = open;
  return useMemo(
    () => ({
      onCloseAutoFocus: (event: Event) => {
        const el = opener.current;
        opener.current = null;
        if (!el?.isConnected || el === document.body) return;
        event.preventDefault();
        el.focus();
      },
    }),
    [],
  );
}
