import type { WebFormField, WebFormFieldKey } from '@callboard/contracts';

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const INPUT: Record<WebFormFieldKey, string> = {
  name: 'type="text" autocomplete="name" maxlength="200"',
  phone: 'type="tel" autocomplete="tel" maxlength="40"',
  email: 'type="email" autocomplete="email" maxlength="254"',
  company: 'type="text" autocomplete="organization" maxlength="200"',
  message: '',
};

/**
 * The HTML a Head pastes into a web page: a plain form that posts to Callboard (works without
 * script), a honeypot field people never see, and hidden inputs that a few lines of script fill with
 * the page's address and its UTM tags. Every text that goes in is escaped.
 */
export function formSnippet(o: { action: string; fields: WebFormField[]; labels: Record<WebFormFieldKey, string>; submit: string }): string {
  const rows = o.fields.map((f) => {
    const req = f.required ? ' required' : '';
    const control = f.key === 'message' ? `<textarea name="message" rows="4" maxlength="5000"${req}></textarea>` : `<input name="${f.key}" ${INPUT[f.key]}${req}>`;
    return `  <p><label>${esc(o.labels[f.key])}<br>${control}</label></p>`;
  });
  const hidden = ['page_url', ...UTM_KEYS].map((k) => `  <input type="hidden" name="${k}">`);
  return [
    `<form action="${esc(o.action)}" method="POST" accept-charset="UTF-8" data-callboard-form>`,
    ...rows,
    '  <div style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden" aria-hidden="true">',
    '    <label>Website <input type="text" name="website_url" tabindex="-1" autocomplete="off"></label>',
    '  </div>',
    ...hidden,
    `  <p><button type="submit">${esc(o.submit)}</button></p>`,
    '</form>',
    '<script>',
    '(function (f) {',
    '  var q = new URLSearchParams(location.search);',
    '  f.elements.page_url.value = location.href.slice(0, 2000);',
    `  ${JSON.stringify([...UTM_KEYS])}.forEach(function (k) { if (q.get(k)) f.elements[k].value = q.get(k).slice(0, 200); });`,
    '})(document.currentScript.previousElementSibling);',
    '</script>',
  ].join('\n');
}

/** The address the form posts to, on the server the Head is using. */
export const formAction = (origin: string, token: string) => `${origin}/api/forms/${encodeURIComponent(token)}`;
