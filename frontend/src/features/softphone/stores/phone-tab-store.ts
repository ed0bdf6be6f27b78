import { useSyncExternalStore } from 'react';
import type { SoftphoneState } from '../sip/softphone';
import type { PhoneMirror } from '../tabs/tab-messages';
import { softphoneStore, type SoftphoneSnapshot } from './softphone-store';

/** Which tab of the user holds the phone, and what the holder's phone does (as mirrored here). */
export interface PhoneTabSnapshot {
  /** The dock has started leader election in this tab. */
  started: boolean;
  /** This tab registered the phone. */
  holder: boolean;
  /** The holder's state, while this tab does not hold the phone (null: none known). */
  mirror: PhoneMirror | null;
}

function createPhoneTabStore() {
  let snapshot: PhoneTabSnapshot = { started: false, holder: false, mirror: null };
  const listeners = new Set<() => void>();
  return {
    get: () => snapshot,
    update(patch: Partial<PhoneTabSnapshot>) {
      snapshot = { ...snapshot, ...patch };
      listeners.forEach((l) => l());
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The tab's phone-holding state (one per tab, like the softphone store). */
export const phoneTabStore = createPhoneTabStore();

export function usePhoneTab(): PhoneTabSnapshot {
  return useSyncExternalStore(phoneTabStore.subscribe, phoneTabStore.get);
}

/** The phone as this tab should show it: its own when it holds the phone, else the holder's. */
export interface PhoneView extends PhoneTabSnapshot {
  /** null while no phone is known (no tab holds it, or the dock is still loading). */
  state: SoftphoneState | null;
  call: SoftphoneSnapshot['call'];
}

export function phoneView(tab: PhoneTabSnapshot, own: SoftphoneSnapshot): PhoneView {
  if (tab.holder) return { ...tab, state: own.state, call: own.call };
  return { ...tab, state: tab.mirror?.state ?? null, call: tab.mirror?.call ?? null };
}

export function usePhoneView(): PhoneView {
  const tab = usePhoneTab();
  const own = useSyncExternalStore(softphoneStore.subscribe, softphoneStore.get);
  return phoneView(tab, own);
}
