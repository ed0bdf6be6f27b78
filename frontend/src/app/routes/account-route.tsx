import { FormattedMessage } from 'react-intl';
import { ChangePasswordForm, useSessionUser } from '@/features/auth';
import { LanguagePicker } from '@/i18n';
import { AnswerPreference } from '@/features/softphone';

export function AccountRoute() {
  const me = useSessionUser();
  return (
    <div className="page">
      <h1 className="page-title">
        <FormattedMessage id="app.account.title" defaultMessage="Your account" />
      </h1>
      <p className="muted">
        <FormattedMessage
          id="app.account.signedInAs"
          defaultMessage="Signed in as {name} ({email})."
          values={{
            name: <bdi data-user-content>{me.name}</bdi>,
            email: (
              <bdi dir="ltr" data-user-content>
                {me.email}
              </bdi>
            ),
          }}
        />
      </p>
      <section className="admin-section">
        <LanguagePicker />
      </section>
      <section aria-labelledby="phone-heading" className="admin-section">
        <h2 id="phone-heading" className="section-title">
          <FormattedMessage id="app.account.phone" defaultMessage="Phone" />
        </h2>
        <AnswerPreference />
      </section>
      <section aria-labelledby="password-heading" className="admin-section">
        <h2 id="password-heading" className="section-title">
          <FormattedMessage id="app.account.changePassword" defaultMessage="Change password" />
        </h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
