import { formAction, formSnippet } from './form-snippet';

const labels = { name: 'Név', phone: 'Telefon', email: 'E-mail', company: 'Cég', message: '<Üzenet> & "más"' };

describe('formSnippet', () => {
  const html = formSnippet({
    action: formAction('https://crm.example.com', 'tok_123'),
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: false },
      { key: 'message', required: false },
    ],
    labels,
    submit: 'Küldés',
  });

  it('should post the chosen fields to the form address, required ones marked', () => {
    expect(html).toContain('<form action="https://crm.example.com/api/forms/tok_123" method="POST"');
    expect(html).toContain('<input name="name" type="text" autocomplete="name" maxlength="200" required>');
    expect(html).toContain('<input name="phone" type="tel" autocomplete="tel" maxlength="40">');
    expect(html).not.toContain('name="email"');
    expect(html).toContain('<textarea name="message"');
  });

  it('should escape the labels and carry the honeypot and the hidden page and UTM inputs', () => {
    expect(html).toContain('&#60;Üzenet&#62; &#38; &#34;más&#34;');
    expect(html).not.toContain('<Üzenet>');
    expect(html).toContain('name="website_url" tabindex="-1"');
    for (const k of ['page_url', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']) expect(html).toContain(`<input type="hidden" name="${k}">`);
  });
});
