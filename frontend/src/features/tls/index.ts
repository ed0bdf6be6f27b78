export { fetchHealth, fetchTlsInfo } from './api/tls-api';
export { SignInTrust } from './components/sign-in-trust';
export { TrustCertificateHelp } from './components/trust-certificate-help';
export { httpsPageUrl, wssTrustUrl } from './utils/secure-origin';
