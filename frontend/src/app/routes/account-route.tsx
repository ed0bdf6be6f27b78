import { ChangePasswordForm, useSessionUser } from '@/features/auth';
import { LanguagePicker } from '@/i18n';

export function AccountRoute() {
  const me = useSessionUser();
  return (
    <div className="page">
      <h1 className="page-title">Your account</h1>
      <p className="muted">
        Signed in as {me.name} ({me.email}).
      </p>
      <section className="admin-section">
        <LanguagePicker />
      </section>
      <section aria-labelledby="password-heading" className="admin-section">
        <h2 id="password-heading" className="section-title">
          Change password
        </h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
