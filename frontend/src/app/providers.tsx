import { useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/components/ui';
import { createQueryClient } from '@/lib/query-client';
import { AuthProvider } from '@/features/auth';
import { I18nProvider } from '@/i18n';

// The language follows the signed-in user, so the words (and the writing direction) sit inside auth.
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <I18nProvider>
          <ToastProvider>{children}</ToastProvider>
        </I18nProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
