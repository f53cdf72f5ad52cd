import { useState, type FormEvent } from 'react';
import { ApiError, upload } from '../shared/api';
import { Button, ErrorSummary, Field } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { CHANNEL_NAMES } from '../shared/messages';
import { useCatalogues } from './data';
import { I, IMPORT_FIELD_NAMES } from './import-messages';
import { useFormSubmit } from './passwords';
import { Notice } from './ui';

type ImportField = keyof typeof IMPORT_FIELD_NAMES;
const FIELDS = Object.keys(IMPORT_FIELD_NAMES) as ImportField[];

interface Bilingual {
  id: string;
  en: string;
}

interface ImportReport {
  headerRow: number;
  headers: string[];
  columns: Record<string, string>;
  mappingProblems: { path: string; reason: Bilingual }[];
  rows: number;
  importable: number;
  imported: number;
  skipped: { row: number; originalNumber: string; trackingNumber: string }[];
  refusedRows: number;
  refused: { row: number; column: string | null; reason: Bilingual }[];
}

interface Fallback {
  permitType: string;
  theme: string;
  channel: string;
}

/** What an unknown permit type or theme becomes: the row refused, left empty, or one catalogue entry. */
function CatalogueFallback({ field, value, onChange, entries }: { field: 'permitType' | 'theme'; value: string; onChange: (value: string) => void; entries: { code: string; name: string }[] }) {
  const { t } = useLanguage();
  return (
    <Field path={`fallback.${field}`} label={t(IMPORT_FIELD_NAMES[field])}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t(I.refuseRow)}</option>
          <option value="none">{t(I.leaveEmpty)}</option>
          {entries.map((x) => (
            <option key={x.code} value={x.code}>
              {x.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Upload → columns → dry run → import; the file goes up again at each step, nothing is kept between. */
export function RegisterImport() {
  const { t, lang } = useLanguage();
  const catalogues = useCatalogues();
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [fallback, setFallback] = useState<Fallback>({ permitType: '', theme: '', channel: '' });
  const [report, setReport] = useState<ImportReport | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const { busy, problems, run } = useFormSubmit();

  const mapping = (guess: boolean) => ({
    columns: guess ? {} : Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== '')),
    fallback: Object.fromEntries(Object.entries(fallback).filter(([, v]) => v !== '')),
  });
  const send = (url: string, guess: boolean) => upload<ImportReport>(url, { jsonField: 'mapping', json: mapping(guess), files: file ? [file] : [] });

  const dryRun = async (guess: boolean) => {
    setImported(null);
    await run(async () => {
      const r = await send('/api/admin/register-import/dry-run', guess);
      setReport(r);
      if (guess) setColumns(r.columns);
    });
  };
  const importNow = async () => {
    await run(async () => {
      try {
        const r = await send('/api/admin/register-import', false);
        setImported(r.imported);
        setReport(null);
      } catch (e) {
        // Refused rows: the same report as the dry run, nothing imported.
        if (e instanceof ApiError && e.details.report) setReport(e.details.report as ImportReport);
        throw e;
      }
    });
  };
  const read = (event: FormEvent) => {
    event.preventDefault();
    void dryRun(true);
  };
  const ready = report !== null && report.mappingProblems.length === 0 && report.refusedRows === 0 && report.importable > 0;

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t(I.title)}</h2>
      <p className="hint">{t(I.intro)}</p>
      <ErrorSummary items={problems.items} message={problems.message} />
      {imported !== null && <Notice tone="success">{t(I.imported, { n: imported })}</Notice>}
      <form onSubmit={read} noValidate>
        <Field path="file" label={t(I.file)} required>
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
              }}
            />
          )}
        </Field>
        <Button type="submit" busy={busy} disabled={!file}>
          {t(I.read)}
        </Button>
      </form>

      {report && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void dryRun(false);
          }}
          noValidate
        >
          <h3>{t(I.mappingTitle)}</h3>
          <p className="hint">{t(I.mappingIntro, { row: report.headerRow })}</p>
          {FIELDS.map((f) => (
            <Field key={f} path={`columns.${f}`} label={t(IMPORT_FIELD_NAMES[f])} error={report.mappingProblems.find((m) => m.path === `columns.${f}`)?.reason[lang]}>
              {(p) => (
                <select {...p} value={columns[f] ?? ''} onChange={(e) => setColumns({ ...columns, [f]: e.target.value })}>
                  <option value="">{t(I.noColumn)}</option>
                  {report.headers.filter((h) => h !== '').map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
          <h3>{t(I.fallbackTitle)}</h3>
          <CatalogueFallback field="permitType" value={fallback.permitType} onChange={(v) => setFallback({ ...fallback, permitType: v })} entries={(catalogues?.permitTypes ?? []).filter((x) => x.active).map((x) => ({ code: x.code, name: x.name }))} />
          <CatalogueFallback field="theme" value={fallback.theme} onChange={(v) => setFallback({ ...fallback, theme: v })} entries={(catalogues?.themes ?? []).filter((x) => x.active).map((x) => ({ code: x.code, name: lang === 'en' ? x.name_en : x.name_id }))} />
          <Field path="fallback.channel" label={t(IMPORT_FIELD_NAMES.channel)}>
            {(p) => (
              <select {...p} value={fallback.channel} onChange={(e) => setFallback({ ...fallback, channel: e.target.value })}>
                <option value="">{t(I.refuseRow)}</option>
                {Object.entries(CHANNEL_NAMES).map(([key, name]) => (
                  <option key={key} value={key}>
                    {t(name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" variant="secondary" busy={busy}>
            {t(I.dryRun)}
          </Button>
        </form>
      )}

      {report && report.mappingProblems.length === 0 && (
        <div aria-live="polite">
          <h3>{t(I.resultTitle)}</h3>
          <p role="status">{t(I.summary, { rows: report.rows, ok: report.importable, refused: report.refusedRows, skipped: report.skipped.length })}</p>
          {report.refused.length > 0 && (
            <>
              <Notice tone="warning">{t(I.fixFirst)}</Notice>
              <div className="table-wrap">
                <table className="import-refused">
                  <caption>{t(I.refusedCaption)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(I.row)}</th>
                      <th scope="col">{t(I.column)}</th>
                      <th scope="col">{t(I.reason)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.refused.map((p, i) => (
                      <tr key={`${p.row}-${i}`}>
                        <td>{p.row}</td>
                        <td>{p.column ?? '—'}</td>
                        <td>{p.reason[lang]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {ready && (
            <Button type="button" busy={busy} onClick={() => void importNow()}>
              {t(I.importNow, { n: report.importable })}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
