import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Toast } from 'radix-ui';

type ToastKind = 'error' | 'success' | 'info';
interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastApi {
  show: (message: string, kind?: ToastKind) => void;
  error: (message: string) => void;
  success: (message: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

const DURATION_MS = 6000;
const MAX_SHOWN = 4;

/**
 * Short messages after an action (Radix Toast, ADR 0023): announced to screen readers (errors at
 * once), paused while hovered or focused, F8 jumps to them, swipe or × dismisses.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const intl = useIntl();
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((xs) => xs.filter((t) => t.id !== id)), []);

  const show = useCallback((message: string, kind: ToastKind = 'info') => {
    const id = nextId.current++;
    setItems((xs) => [...xs.slice(-(MAX_SHOWN - 1)), { id, kind, message }]);
  }, []);

  const value = useMemo<ToastApi>(() => ({ show, error: (m) => show(m, 'error'), success: (m) => show(m, 'success') }), [show]);

  return (
    <ToastContext.Provider value={value}>
      <Toast.Provider duration={DURATION_MS} label={intl.formatMessage({ id: 'ui.toast.label', defaultMessage: 'Messages' })}>
        {children}
        {items.map((t) => (
          <Toast.Root
            key={t.id}
            className={`toast toast-${t.kind}`}
            type={t.kind === 'error' ? 'foreground' : 'background'}
            data-testid="toast"
            data-kind={t.kind}
            onOpenChange={(open) => !open && dismiss(t.id)}
          >
            <Toast.Description className="toast-message">{t.message}</Toast.Description>
            <Toast.Close className="icon-btn" aria-label={intl.formatMessage({ id: 'ui.toast.dismiss', defaultMessage: 'Dismiss' })}>
              ×
            </Toast.Close>
          </Toast.Root>
        ))}
        {/* Radix puts the key (F8) where {hotkey} stands */}
        <Toast.Viewport className="toasts" label={intl.formatMessage({ id: 'ui.toast.region', defaultMessage: 'Notifications ({hotkey})' }, { hotkey: '{hotkey}' })} />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast must be used inside <ToastProvider>');
  return ctx;
}
