import type { Softphone } from '../sip/softphone';

// The tab's one softphone, so click-to-call buttons anywhere in the app can reach it.
let current: Softphone | null = null;

export function setActiveSoftphone(phone: Softphone | null): void {
  current = phone;
}

export function getActiveSoftphone(): Softphone | null {
  return current;
}
