import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { SaveWebFormRequest, WebForm, WebFormField, WebFormFieldKey } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, Dialog, QueryList, SelectField, TextAreaField, TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { usePipelines } from '@/features/pipelines';
import { useDeleteWebForm, useSaveWebForm, useWebForms } from '../hooks/use-web-forms';
import { formAction, formSnippet } from '../utils/form-snippet';

const KEYS: WebFormFieldKey[] = ['name', 'phone', 'email', 'company', 'message'];

const M = defineMessages({
  title: { id: 'webForms.admin.title', defaultMessage: 'Web forms' },
  intro: {
    id: 'webForms.admin.intro',
    defaultMessage:
      'A web form on your site sends its enquiries into Unsorted, as a call does: a new lead, or a note on the open deal of a contact with the same phone or email. Paste the form’s HTML into your page, and list the sites that may post it.',
  },
  add: { id: 'webForms.admin.add', defaultMessage: 'New web form' },
  loading: { id: 'webForms.admin.loading', defaultMessage: 'Loading the web forms' },
  empty: { id: 'webForms.admin.empty', defaultMessage: 'No web form yet.' },
  name: { id: 'webForms.admin.name', defaultMessage: 'Name' },
  pipeline: { id: 'webForms.admin.pipeline', defaultMessage: 'Pipeline' },
  fields: { id: 'webForms.admin.fields', defaultMessage: 'Fields' },
  collect: { id: 'webForms.admin.collect', defaultMessage: 'Collect' },
  required: { id: 'webForms.admin.required', defaultMessage: 'Required' },
  redirect: { id: 'webForms.admin.redirect', defaultMessage: 'Thank-you page (optional)' },
  redirectHint: { id: 'webForms.admin.redirectHint', defaultMessage: 'Where the visitor goes after sending. Empty: a short thank-you from Callboard.' },
  origins: { id: 'webForms.admin.origins', defaultMessage: 'Sites that may post it' },
  originsHint: { id: 'webForms.admin.originsHint', defaultMessage: 'One per line, such as https://www.example.com. Posts from any other site are refused.' },
  active: { id: 'webForms.admin.active', defaultMessage: 'Taking submissions' },
  off: { id: 'webForms.admin.off', defaultMessage: 'Off' },
  save: { id: 'webForms.admin.save', defaultMessage: 'Save' },
  cancel: { id: 'webForms.admin.cancel', defaultMessage: 'Cancel' },
  edit: { id: 'webForms.admin.edit', defaultMessage: 'Edit' },
  remove: { id: 'webForms.admin.remove', defaultMessage: 'Delete' },
  code: { id: 'webForms.admin.code', defaultMessage: 'Get the code' },
  snippetTitle: { id: 'webForms.admin.snippetTitle', defaultMessage: 'The form for your web page' },
  snippetHelp: { id: 'webForms.admin.snippetHelp', defaultMessage: 'Paste this HTML where the form should be. It works without script; its script adds the page address and UTM tags.' },
  jsonHelp: { id: 'webForms.admin.jsonHelp', defaultMessage: 'Or post JSON from your own code to this address (fields: name, phone, email, company, message, page_url, utm_source …):' },
  copy: { id: 'webForms.admin.copy', defaultMessage: 'Copy' },
  copied: { id: 'webForms.admin.copied', defaultMessage: 'Copied' },
  deleteTitle: { id: 'webForms.admin.deleteTitle', defaultMessage: 'Delete this web form?' },
  deleted: { id: 'webForms.admin.deleted', defaultMessage: 'Web form deleted' },
  saved: { id: 'webForms.admin.saved', defaultMessage: 'Web form saved' },
  send: { id: 'webForms.snippet.send', defaultMessage: 'Send' },
});

const FIELD_LABELS = defineMessages({
  name: { id: 'webForms.field.name', defaultMessage: 'Name' },
  phone: { id: 'webForms.field.phone', defaultMessage: 'Phone' },
  email: { id: 'webForms.field.email', defaultMessage: 'Email' },
  company: { id: 'webForms.field.company', defaultMessage: 'Company' },
  message: { id: 'webForms.field.message', defaultMessage: 'Message' },
});

interface Draft {
  id: string | null;
  name: string;
  pipelineId: string;
  fields: Record<WebFormFieldKey, { on: boolean; required: boolean }>;
  redirectUrl: string;
  origins: string;
  active: boolean;
}

const draftOf = (f: WebForm | null, pipelineId: string): Draft => ({
  id: f?.id ?? null,
  name: f?.name ?? '',
  pipelineId: f?.pipelineId ?? pipelineId,
  fields: Object.fromEntries(
    KEYS.map((k) => {
      const field = f?.fields.find((x) => x.key === k);
      return [k, f ? { on: !!field, required: field?.required ?? false } : { on: k !== 'company', required: k === 'name' || k === 'phone' }];
    }),
  ) as Draft['fields'],
  redirectUrl: f?.redirectUrl ?? '',
  origins: f?.allowedOrigins.join('\n') ?? '',
  active: f?.active ?? true,
});

const bodyOf = (d: Draft): SaveWebFormRequest => ({
  name: d.name,
  pipelineId: d.pipelineId,
  fields: KEYS.filter((k) => d.fields[k].on).map((k): WebFormField => ({ key: k, required: d.fields[k].required })),
  redirectUrl: d.redirectUrl.trim() || null,
  allowedOrigins: d.origins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean),
  active: d.active,
});

/** Admin → Web forms: the Head's forms, their counts, their code for a web page. */
export function WebFormsAdmin() {
  const intl = useIntl();
  const forms = useWebForms();
  const pipelines = usePipelines();
  const remove = useDeleteWebForm();
  const toast = useToast();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [code, setCode] = useState<WebForm | null>(null);
  const [deleting, setDeleting] = useState<WebForm | null>(null);
  const firstPipeline = pipelines.data?.[0]?.id ?? '';

  async function confirmDelete() {
    if (!deleting) return;
    try {
      await remove.mutateAsync(deleting.id);
      toast.success(intl.formatMessage(M.deleted));
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setDeleting(null);
    }
  }

  return (
    <section aria-labelledby="web-forms-heading" className="admin-section" data-testid="web-forms-admin">
      <h2 id="web-forms-heading" className="section-title">
        {intl.formatMessage(M.title)}
      </h2>
      <p className="muted">{intl.formatMessage(M.intro)}</p>
      <div className="toolbar">
        <Button variant="primary" disabled={!firstPipeline} onClick={() => setEditing(draftOf(null, firstPipeline))} data-testid="web-form-add">
          {intl.formatMessage(M.add)}
        </Button>
      </div>
      <QueryList query={forms} loading={intl.formatMessage(M.loading)} empty={intl.formatMessage(M.empty)}>
        {(items) => (
          <ul className="web-form-list" data-testid="web-form-list">
            {items.map((f) => (
              <li key={f.id} className="panel web-form-item" data-testid={`web-form-${f.id}`}>
                <div>
                  <strong>
                    <bdi data-user-content>{f.name}</bdi>
                  </strong>{' '}
                  {!f.active && <Badge tone="neutral">{intl.formatMessage(M.off)}</Badge>}
                  <div className="muted">
                    {intl.formatMessage(
                      {
                        id: 'webForms.admin.stats',
                        defaultMessage: '{created, plural, one {# new lead} other {# new leads}} · {attached, plural, one {# on an open deal} other {# on open deals}} · {spam} spam',
                      },
                      { created: f.stats.created, attached: f.stats.attached, spam: f.stats.spam },
                    )}
                    {f.stats.lastAt && ` · ${intl.formatMessage({ id: 'webForms.admin.last', defaultMessage: 'Last: {when}' }, { when: formatDateTime(f.stats.lastAt) })}`}
                  </div>
                </div>
                <div className="web-form-actions">
                  <Button size="sm" variant="primary" onClick={() => setCode(f)} data-testid="web-form-code">
                    {intl.formatMessage(M.code)}
                  </Button>
                  <Button size="sm" onClick={() => setEditing(draftOf(f, firstPipeline))} data-testid="web-form-edit">
                    {intl.formatMessage(M.edit)}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(f)} data-testid="web-form-delete">
                    {intl.formatMessage(M.remove)}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      {editing && <WebFormEditor draft={editing} onClose={() => setEditing(null)} onSaved={(f) => (setEditing(null), setCode(f))} />}
      {code && <SnippetDialog form={code} onClose={() => setCode(null)} />}
      <ConfirmDialog
        open={!!deleting}
        title={intl.formatMessage(M.deleteTitle)}
        confirmLabel={intl.formatMessage(M.remove)}
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDeleting(null)}
      >
        <FormattedMessage
          id="webForms.admin.deleteBody"
          defaultMessage="“{name}” stops taking submissions at once; the page that has it shows an error. Its leads stay."
          values={{ name: <bdi data-user-content>{deleting?.name}</bdi> }}
        />
      </ConfirmDialog>
    </section>
  );
}

function WebFormEditor({ draft, onClose, onSaved }: { draft: Draft; onClose: () => void; onSaved: (f: WebForm) => void }) {
  const intl = useIntl();
  const pipelines = usePipelines();
  const save = useSaveWebForm();
  const toast = useToast();
  const [d, setD] = useState(draft);
  const [error, setError] = useState<string | null>(null);
  const setField = (k: WebFormFieldKey, patch: Partial<Draft['fields'][WebFormFieldKey]>) => setD({ ...d, fields: { ...d.fields, [k]: { ...d.fields[k], ...patch } } });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const saved = await save.mutateAsync({ id: d.id, body: bodyOf(d) });
      toast.success(intl.formatMessage(M.saved));
      onSaved(saved);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Dialog
      open
      width="lg"
      title={d.id ? d.name : intl.formatMessage(M.add)}
      onClose={onClose}
      testId="web-form-editor"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {intl.formatMessage(M.cancel)}
          </Button>
          <Button variant="primary" type="submit" form="web-form-editor-form" busy={save.isPending} data-testid="web-form-save">
            {intl.formatMessage(M.save)}
          </Button>
        </>
      }
    >
      <form id="web-form-editor-form" onSubmit={submit} className="stack">
        <TextField label={intl.formatMessage(M.name)} value={d.name} maxLength={120} required onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="web-form-name" />
        <SelectField label={intl.formatMessage(M.pipeline)} value={d.pipelineId} onChange={(e) => setD({ ...d, pipelineId: e.target.value })}>
          {(pipelines.data ?? []).map((p) => (
            <option key={p.id} value={p.id} data-user-content>
              {p.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="web-form-fields">
          <legend>{intl.formatMessage(M.fields)}</legend>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.fields)}</th>
                <th scope="col">{intl.formatMessage(M.collect)}</th>
                <th scope="col">{intl.formatMessage(M.required)}</th>
              </tr>
            </thead>
            <tbody>
              {KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">{intl.formatMessage(FIELD_LABELS[k])}</th>
                  <td>
                    <input
                      type="checkbox"
                      checked={d.fields[k].on}
                      aria-label={`${intl.formatMessage(M.collect)}: ${intl.formatMessage(FIELD_LABELS[k])}`}
                      onChange={(e) => setField(k, { on: e.target.checked, required: e.target.checked && d.fields[k].required })}
                      data-testid={`web-form-field-${k}`}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      checked={d.fields[k].required}
                      disabled={!d.fields[k].on}
                      aria-label={`${intl.formatMessage(M.required)}: ${intl.formatMessage(FIELD_LABELS[k])}`}
                      onChange={(e) => setField(k, { required: e.target.checked })}
                      data-testid={`web-form-required-${k}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <TextField
          label={intl.formatMessage(M.redirect)}
          hint={intl.formatMessage(M.redirectHint)}
          type="url"
          dir="ltr"
          value={d.redirectUrl}
          onChange={(e) => setD({ ...d, redirectUrl: e.target.value })}
          data-testid="web-form-redirect"
        />
        <TextAreaField
          label={intl.formatMessage(M.origins)}
          dir="ltr"
          rows={3}
          value={d.origins}
          onChange={(e) => setD({ ...d, origins: e.target.value })}
          data-testid="web-form-origins"
        />
        <p className="muted">{intl.formatMessage(M.originsHint)}</p>
        <label className="checkbox">
          <input type="checkbox" checked={d.active} onChange={(e) => setD({ ...d, active: e.target.checked })} data-testid="web-form-active" /> {intl.formatMessage(M.active)}
        </label>
        {error && (
          <p className="field-error" role="alert" data-testid="web-form-error">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function SnippetDialog({ form, onClose }: { form: WebForm; onClose: () => void }) {
  const intl = useIntl();
  const toast = useToast();
  const action = formAction(window.location.origin, form.publicToken);
  const labels = Object.fromEntries(KEYS.map((k) => [k, intl.formatMessage(FIELD_LABELS[k])])) as Record<WebFormFieldKey, string>;
  const html = formSnippet({ action, fields: form.fields, labels, submit: intl.formatMessage(M.send) });
  const copy = (text: string) =>
    navigator.clipboard.writeText(text).then(
      () => toast.success(intl.formatMessage(M.copied)),
      () => undefined,
    );
  return (
    <Dialog open width="lg" title={intl.formatMessage(M.snippetTitle)} onClose={onClose} testId="web-form-snippet-dialog">
      <p>{intl.formatMessage(M.snippetHelp)}</p>
      <textarea className="input code" dir="ltr" rows={14} readOnly value={html} data-testid="web-form-snippet" onFocus={(e) => e.currentTarget.select()} />
      <p>
        <Button size="sm" onClick={() => void copy(html)}>
          {intl.formatMessage(M.copy)}
        </Button>
      </p>
      <p>{intl.formatMessage(M.jsonHelp)}</p>
      <code dir="ltr" data-testid="web-form-endpoint">
        {action}
      </code>
    </Dialog>
  );
}
