import { useEffect, useState } from 'react';
import { fetchTlsInfo } from '../api/tls-api';
import { TrustCertificateHelp } from './trust-certificate-help';

/** On the sign-in page: the CA download and steps, when this server made its own CA. */
export function SignInTrust() {
  const [caUrl, setCaUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchTlsInfo()
      .then((info) => live && setCaUrl(info.caUrl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return caUrl ? <TrustCertificateHelp caUrl={caUrl} /> : null;
}
