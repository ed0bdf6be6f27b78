import { useCallback, useState } from 'react';
import { defineMessages, type MessageDescriptor, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_FIELDS, type ImportField, type ImportJob, type ImportMapping, type ImportOutcome, type ImportPreview } from '@callboard/contracts';
import { apiErrorMessage, Badge, Button, Dialog } from '@/components/ui';
import { ApiRequestError } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { queryKeys } from '@/lib/query-client';
import { importsApi } from '../api/imports-api';
import { useImportProgress } from '../hooks/use-import-progress';
import './import-dialog.css';

type Step = 'upload' | 'map' | 'preview' | 'run';

const WORDS = defineMessages({
  title: { id: 'imports.dialog.title', defaultMessage: 'Import contacts and deals' },
  fileLabel: { id: 'imports.upload.file', defaultMessage: 'CSV or XLSX file' },
  fileHint: { id: 'imports.upload.hint', defaultMessage: 'The first row names the columns. CSV in UTF-8 or Windows-1250; the first sheet of a workbook.' },
  upload: { id: 'imports.upload.submit', defaultMessage: 'Upload' },
  invalidFile: { id: 'imports.upload.invalid', defaultMessage: 'This file cannot be imported: {reason}' },
  mapIntro: { id: 'imports.map.intro', defaultMessage: 'Choose what each column of the file holds.' },
  remembered: { id: 'imports.map.remembered', defaultMessage: 'The mapping you chose last time for these columns.' },
  column: { id: 'imports.map.column', defaultMessage: 'Column' },
  field: { id: 'imports.map.field', defaultMessage: 'Field' },
  ignore: { id: 'imports.map.ignore', defaultMessage: 'Leave out' },
  duplicates: { id: 'imports.map.duplicates', defaultMessage: 'A contact with the same phone or email already exists' },
  dupSkip: { id: 'imports.map.duplicatesSkip', defaultMessage: 'Skip the row' },
  dupUpdate: { id: 'imports.map.duplicatesUpdate', defaultMessage: 'Update the contact' },
  needName: { id: 'imports.map.needName', defaultMessage: 'Choose the column that holds the name.' },
  oneEach: { id: 'imports.map.oneEach', defaultMessage: 'Each field can be filled from one column only.' },
  toPreview: { id: 'imports.map.preview', defaultMessage: 'Preview' },
  back: { id: 'imports.preview.back', defaultMessage: 'Back' },
  previewIntro: { id: 'imports.preview.intro', defaultMessage: 'What the first {count, plural, one {# row} other {# rows}} will do:' },
  row: { id: 'imports.preview.row', defaultMessage: 'Row' },
  outcome: { id: 'imports.preview.outcome', defaultMessage: 'Result' },
  reason: { id: 'imports.preview.reason', defaultMessage: 'Why' },
  run: { id: 'imports.preview.run', defaultMessage: 'Import {count, plural, one {# row} other {# rows}}' },
  progress: { id: 'imports.run.progress', defaultMessage: '{done} of {total} rows' },
  progressLabel: { id: 'imports.run.progressLabel', defaultMessage: 'Import progress' },
  counts: { id: 'imports.run.counts', defaultMessage: 'Created {created}, updated {updated}, skipped {skipped}, rejected {rejected}' },
  cancel: { id: 'imports.run.cancel', defaultMessage: 'Cancel import' },
  close: { id: 'imports.run.close', defaultMessage: 'Close' },
  rejects: { id: 'imports.run.rejects', defaultMessage: 'Download the rejected rows' },
});
// react-intl 12 types a descriptor's variables; these take counts and formatted numbers
const M: Record<keyof typeof WORDS, MessageDescriptor> = WORDS;

const STATUS: Record<ImportJob['status'], MessageDescriptor> = defineMessages({
  uploaded: { id: 'imports.status.uploaded', defaultMessage: 'Uploaded' },
  queued: { id: 'imports.status.queued', defaultMessage: 'Waiting to start' },
  running: { id: 'imports.status.running', defaultMessage: 'Importing…' },
  done: { id: 'imports.status.done', defaultMessage: 'Done' },
  cancelled: { id: 'imports.status.cancelled', defaultMessage: 'Cancelled' },
  failed: { id: 'imports.status.failed', defaultMessage: 'Stopped on an error' },
});

const FIELDS: Record<ImportField, MessageDescriptor> = defineMessages({
  name: { id: 'imports.field.name', defaultMessage: 'Name' },
  email: { id: 'imports.field.email', defaultMessage: 'Email' },
  phone: { id: 'imports.field.phone', defaultMessage: 'Phone' },
  company: { id: 'imports.field.company', defaultMessage: 'Company' },
  owner: { id: 'imports.field.owner', defaultMessage: 'Owner (user’s email)' },
  dealTitle: { id: 'imports.field.dealTitle', defaultMessage: 'Deal title' },
  stage: { id: 'imports.field.stage', defaultMessage: 'Stage (by name)' },
  amount: { id: 'imports.field.amount', defaultMessage: 'Amount (team currency)' },
});

const OUTCOMES: Record<ImportOutcome, MessageDescriptor> = defineMessages({
  create: { id: 'imports.outcome.create', defaultMessage: 'Create' },
  update: { id: 'imports.outcome.update', defaultMessage: 'Update' },
  skip: { id: 'imports.outcome.skip', defaultMessage: 'Skip (duplicate)' },
  error: { id: 'imports.outcome.error', defaultMessage: 'Error' },
});
const TONE: Record<ImportOutcome, 'success' | 'info' | 'neutral' | 'danger'> = { create: 'success', update: 'info', skip: 'neutral', error: 'danger' };

/** Upload → map the columns → preview the first rows → run, with live progress, cancel and the rejected rows. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onProgress = useCallback(
    (next: ImportJob) => {
      setJob((prev) => (prev && prev.rowsDone > next.rowsDone && next.status === prev.status ? prev : next));
      if (['done', 'cancelled', 'failed'].includes(next.status)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
        void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
      }
    },
    [queryClient],
  );
  useImportProgress(step === 'run' ? (job?.id ?? null) : null, onProgress);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      // the server says what is wrong with the file (row, encoding, columns): keep its words after ours
      if (e instanceof ApiRequestError && e.code === 'IMPORT_FILE_INVALID' && e.message) setError(intl.formatMessage(M.invalidFile, { reason: e.message }));
      else setError(apiErrorMessage(intl, e));
    } finally {
      setBusy(false);
    }
  };

  const upload = () =>
    act(async () => {
      if (!file) return;
      const uploaded = await importsApi.upload(file);
      setJob(uploaded);
      setMapping(uploaded.mapping ?? { columns: uploaded.headers.map(() => null), duplicates: 'skip' });
      setStep('map');
    });

  const mapped = mapping?.columns.filter((c): c is ImportField => !!c) ?? [];
  const mappingProblem = !mapped.includes('name') ? M.needName : new Set(mapped).size !== mapped.length ? M.oneEach : null;

  const toPreview = () =>
    act(async () => {
      setPreview(await importsApi.preview(job!.id, mapping!));
      setStep('preview');
    });

  const run = () =>
    act(async () => {
      const started = await importsApi.run(job!.id, mapping!);
      setJob((prev) => (prev && prev.id === started.id && prev.rowsDone > started.rowsDone ? prev : started));
      setStep('run');
      // what happened before the socket listened (a small file may be done already)
      onProgress(await importsApi.get(started.id));
    });

  const cancel = () => act(async () => onProgress(await importsApi.cancel(job!.id)));
  const download = () => act(() => importsApi.downloadRejects(job!));

  const running = job && (job.status === 'queued' || job.status === 'running');
  const footer =
    step === 'upload' ? (
      <Button variant="primary" onClick={upload} busy={busy} disabled={!file} data-testid="import-upload">
        {intl.formatMessage(M.upload)}
      </Button>
    ) : step === 'map' ? (
      <Button variant="primary" onClick={toPreview} busy={busy} disabled={!!mappingProblem} data-testid="import-to-preview">
        {intl.formatMessage(M.toPreview)}
      </Button>
    ) : step === 'preview' ? (
      <>
        <Button onClick={() => setStep('map')}>{intl.formatMessage(M.back)}</Button>
        <Button variant="primary" onClick={run} busy={busy} data-testid="import-run">
          {intl.formatMessage(M.run, { count: job!.totalRows })}
        </Button>
      </>
    ) : running ? (
      <Button variant="danger" onClick={cancel} busy={busy} data-testid="import-cancel">
        {intl.formatMessage(M.cancel)}
      </Button>
    ) : (
      <>
        {job && job.rejected > 0 && (
          <Button onClick={download} busy={busy} data-testid="import-rejects">
            {intl.formatMessage(M.rejects)}
          </Button>
        )}
        <Button variant="primary" onClick={onClose}>
          {intl.formatMessage(M.close)}
        </Button>
      </>
    );

  return (
    <Dialog open title={intl.formatMessage(M.title)} onClose={onClose} width="lg" footer={footer} testId="import-dialog">
      {error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {step === 'upload' && (
        <div className="field">
          <label className="field-label" htmlFor="import-file">
            {intl.formatMessage(M.fileLabel)}
          </label>
          <input
            id="import-file"
            type="file"
            className="input"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
          <p className="field-hint">{intl.formatMessage(M.fileHint)}</p>
        </div>
      )}
      {step === 'map' && job && mapping && (
        <div className="import-map">
          <p>{intl.formatMessage(job.mappingRemembered ? M.remembered : M.mapIntro)}</p>
          <table className="table" data-testid="import-mapping">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.column)}</th>
                <th scope="col">{intl.formatMessage(M.field)}</th>
              </tr>
            </thead>
            <tbody>
              {job.headers.map((header, i) => (
                <tr key={i}>
                  <th scope="row">
                    <label htmlFor={`import-col-${i}`}>
                      <bdi data-user-content>{header}</bdi>
                    </label>
                  </th>
                  <td>
                    <select
                      id={`import-col-${i}`}
                      className="input"
                      value={mapping.columns[i] ?? ''}
                      data-testid={`import-col-${i}`}
                      onChange={(e) => {
                        const columns = [...mapping.columns];
                        columns[i] = (e.target.value || null) as ImportField | null;
                        setMapping({ ...mapping, columns });
                      }}
                    >
                      <option value="">{intl.formatMessage(M.ignore)}</option>
                      {IMPORT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {intl.formatMessage(FIELDS[f])}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field">
            <label className="field-label" htmlFor="import-duplicates">
              {intl.formatMessage(M.duplicates)}
            </label>
            <select
              id="import-duplicates"
              className="input"
              value={mapping.duplicates}
              data-testid="import-duplicates"
              onChange={(e) => setMapping({ ...mapping, duplicates: e.target.value as ImportMapping['duplicates'] })}
            >
              <option value="skip">{intl.formatMessage(M.dupSkip)}</option>
              <option value="update">{intl.formatMessage(M.dupUpdate)}</option>
            </select>
          </div>
          {mappingProblem && <p className="field-hint">{intl.formatMessage(mappingProblem)}</p>}
        </div>
      )}
      {step === 'preview' && job && preview && (
        <div className="import-preview">
          <p>{intl.formatMessage(M.previewIntro, { count: preview.rows.length })}</p>
          <div className="import-scroll">
            <table className="table" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">{intl.formatMessage(M.row)}</th>
                  <th scope="col">{intl.formatMessage(M.outcome)}</th>
                  <th scope="col">{intl.formatMessage(M.reason)}</th>
                  {job.headers.map((h, i) => (
                    <th scope="col" key={i}>
                      <bdi data-user-content>{h}</bdi>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row} data-testid="import-preview-row" data-outcome={r.outcome}>
                    <td>{formatNumber(r.row)}</td>
                    <td>
                      <Badge tone={TONE[r.outcome]}>{intl.formatMessage(OUTCOMES[r.outcome])}</Badge>
                    </td>
                    <td>{r.reason && <bdi data-user-content>{r.reason}</bdi>}</td>
                    {job.headers.map((_, i) => (
                      <td key={i}>
                        <bdi data-user-content>{r.cells[i] ?? ''}</bdi>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {step === 'run' && job && (
        <div className="import-run" data-testid="import-run-state" data-status={job.status}>
          <p>
            <strong>{intl.formatMessage(STATUS[job.status])}</strong>
          </p>
          <progress
            className="import-progress"
            max={Math.max(job.totalRows, 1)}
            value={job.rowsDone}
            aria-label={intl.formatMessage(M.progressLabel)}
            data-testid="import-progress"
            data-done={job.rowsDone}
          />
          <p>{intl.formatMessage(M.progress, { done: formatNumber(job.rowsDone), total: formatNumber(job.totalRows) })}</p>
          <p data-testid="import-counts">
            {intl.formatMessage(M.counts, {
              created: formatNumber(job.created),
              updated: formatNumber(job.updated),
              skipped: formatNumber(job.skipped),
              rejected: formatNumber(job.rejected),
            })}
          </p>
          {job.error && <p className="form-error">{job.error}</p>}
        </div>
      )}
    </Dialog>
  );
}
