export { SoftphoneDock } from './components/softphone-dock';
export { ClickToCall } from './components/click-to-call';
export { SoftphoneState } from './sip/softphone';
