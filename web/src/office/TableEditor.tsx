import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../shared/api';
import { Button, ErrorSummary, problemMessage, type SummaryItem } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { O } from './messages';
import { useSession } from './session';
import { Notice, When } from './ui';

/**
 * One editor for every administration screen: a table of rows whose columns a field
 * description drives, an optional "add" form, and how changes are saved — row by row
 * (users, catalogues, holidays) or all at once (settings, templates).
 */
export type Value = string | number | boolean | string[] | null;
export type Row = Record<string, Value>;

export interface FieldSpec {
  key: string;
  label: Bilingual;
  type: 'text' | 'email' | 'password' | 'number' | 'date' | 'time' | 'textarea' | 'select' | 'checkbox' | 'checkboxes' | 'readonly' | 'day';
  /** select: [value, label]; checkboxes: the values one may tick. */
  options?: readonly (readonly [string, string])[];
  /** Row mode: saved as soon as it changes (a select or a checkbox), no Save button needed. */
  instant?: boolean;
  required?: boolean;
  step?: string;
  minLength?: number;
  hint?: Bilingual;
  autoComplete?: string;
  /** The id of what describes the control (e.g. the password rules under the add form). */
  describedBy?: string;
  /** Not shown, or shown but not changeable, for this row (e.g. one's own "active"). */
  disabled?: (row: Row) => boolean;
}

/** Runs a write, shows "saved" or the server's field problems; returns whether it worked. */
export function useSaver() {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [message, setMessage] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (write: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true);
    setErrors([]);
    setMessage(undefined);
    setSaved(undefined);
    try {
      await write();
      setSaved(done ?? t(O.saved));
      return true;
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.fields.length) setErrors(e.fields.map((f) => ({ path: f.path, message: `${f.path ? `${f.path}: ` : ''}${f.message}` })));
      setMessage(problemMessage(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const feedback: ReactNode = (
    <>
      <ErrorSummary items={errors} message={message} />
      {saved && <Notice tone="success">{saved}</Notice>}
    </>
  );
  return { run, busy, feedback };
}

type Saver = ReturnType<typeof useSaver>;

function Control({ field, value, onChange, label, id, disabled }: { field: FieldSpec; value: Value; onChange: (v: Value) => void; label: string; id?: string; disabled?: boolean }) {
  const { t } = useLanguage();
  const common = { id, 'aria-label': id ? undefined : label, 'aria-describedby': field.describedBy, disabled, required: field.required };
  switch (field.type) {
    case 'readonly':
      return <>{value === null || value === '' ? '—' : String(value)}</>;
    case 'day':
      return <When iso={`${String(value)}T05:00:00.000Z`} time={false} />;
    case 'checkbox':
      return <input {...common} type="checkbox" className="editor-check" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'checkboxes': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="editor-checks" aria-label={label}>
          {(field.options ?? []).map(([v, name]) => (
            <label key={v} className="checkbox">
              <input type="checkbox" checked={chosen.includes(v)} disabled={disabled} onChange={(e) => onChange(e.target.checked ? [...chosen, v] : chosen.filter((x) => x !== v))} /> {name}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'select':
      return (
        <select {...common} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value)}>
          {(field.options ?? []).map(([v, name]) => (
            <option key={v} value={v}>
              {name}
            </option>
          ))}
        </select>
      );
    case 'textarea':
      return <textarea {...common} rows={5} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
    default:
      return (
        <input
          {...common}
          type={field.type}
          step={field.step}
          minLength={field.minLength}
          autoComplete={field.autoComplete}
          title={field.hint ? t(field.hint) : undefined}
          className={field.type === 'number' ? 'narrow' : undefined}
          value={value === null ? '' : String(value)}
          onChange={(e) => onChange(field.type === 'number' ? (e.target.value === '' ? '' : Number(e.target.value)) : e.target.value)}
        />
      );
  }
}

export type SaveMode =
  /** Each row on its own: `changes` holds only what was edited. */
  | { mode: 'row'; saveRow: (row: Row, changes: Row) => Promise<unknown> }
  /** All rows at once, with rows added and removed locally until saved. */
  | { mode: 'batch'; saveAll: (rows: Row[]) => Promise<unknown>; blank?: () => Row; addLabel?: Bilingual };

export interface TableEditorProps {
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  /** What names a row for screen readers ("Nama PP"). */
  rowName: (row: Row) => string;
  fields: readonly FieldSpec[];
  save: SaveMode;
  /** Row mode: delete a row, after the reader confirms. */
  remove?: { run: (row: Row) => Promise<unknown>; confirm: (row: Row) => string };
  /** An "add" form under the table. */
  create?: { title?: Bilingual; fields: readonly FieldSpec[]; blank: () => Row; run: (draft: Row) => Promise<unknown>; note?: ReactNode };
  /** Extra buttons at the end of a row (e.g. reset a user's password). */
  rowActions?: (row: Row, saver: Saver) => ReactNode;
  /** After a saved write: reload the list. */
  reload: () => Promise<unknown>;
  /** A table laid out with rows as settings (one column of labels) rather than records. */
  testId?: string;
  className?: string;
}

export function TableEditor({ rows, rowKey, rowName, fields, save, remove, create, rowActions, reload, testId, className }: TableEditorProps) {
  const { t } = useLanguage();
  const saver = useSaver();
  const { run, busy, feedback } = saver;
  const [edits, setEdits] = useState<Record<string, Row>>({});
  // Instant changes being saved: shown at once, until the reloaded row (or a refusal) replaces them.
  const [pending, setPending] = useState<Record<string, Row>>({});
  const [local, setLocal] = useState<Row[]>();
  const [draft, setDraft] = useState<Row | undefined>(() => create?.blank());
  useEffect(() => {
    if (save.mode === 'batch' && rows && !local) setLocal(rows);
  }, [rows, local, save.mode]);

  const shown = save.mode === 'batch' ? local : rows;
  const afterWrite = async (ok: boolean) => {
    if (ok) await reload();
    return ok;
  };
  const change = (row: Row, index: number, field: FieldSpec, value: Value) => {
    if (save.mode === 'batch') {
      setLocal((all) => all?.map((r, i) => (i === index ? { ...r, [field.key]: value } : r)));
      return;
    }
    const key = rowKey(row);
    if (field.instant) {
      setPending((all) => ({ ...all, [key]: { ...all[key], [field.key]: value } }));
      void run(() => save.saveRow(row, { [field.key]: value }))
        .then(afterWrite)
        .finally(() => setPending((all) => ({ ...all, [key]: Object.fromEntries(Object.entries(all[key] ?? {}).filter(([k]) => k !== field.key)) })));
      return;
    }
    setEdits((all) => ({ ...all, [key]: { ...all[key], [field.key]: value } }));
  };
  const saveRow = async (row: Row) => {
    if (save.mode !== 'row') return;
    const key = rowKey(row);
    const ok = await run(() => save.saveRow(row, edits[key] ?? {}));
    if (ok) setEdits((all) => ({ ...all, [key]: {} }));
    await afterWrite(ok);
  };
  const removeRow = async (row: Row) => {
    if (!remove || !window.confirm(remove.confirm(row))) return;
    await afterWrite(await run(() => remove.run(row)));
  };
  const submitCreate = async (event: FormEvent) => {
    event.preventDefault();
    if (!create || !draft) return;
    const ok = await run(() => create.run(draft));
    if (ok) setDraft(create.blank());
    await afterWrite(ok);
  };
  const saveAll = async (event: FormEvent) => {
    event.preventDefault();
    if (save.mode !== 'batch' || !local) return;
    const ok = await run(() => save.saveAll(local));
    if (ok) {
      setLocal(undefined);
      await reload();
    }
  };
  const rowEditable = fields.some((f) => !f.instant && f.type !== 'readonly' && f.type !== 'day');

  const table = (
    <div className="table-wrap">
      <table className={`table editor-table ${className ?? ''}`} data-testid={testId}>
        <thead>
          <tr>
            {fields.map((f) => (
              <th scope="col" key={f.key}>
                {t(f.label)}
              </th>
            ))}
            {(save.mode === 'row' && rowEditable) || remove || rowActions || (save.mode === 'batch' && save.blank) ? (
              <th scope="col">
                <span className="visually-hidden">{t(O.actions)}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {shown?.map((row, index) => {
            const key = rowKey(row);
            const edit = edits[key] ?? {};
            const shownValue = (f: FieldSpec): Value => (pending[key] && f.key in pending[key] ? (pending[key][f.key] as Value) : f.key in edit ? (edit[f.key] as Value) : (row[f.key] ?? null));
            return (
              <tr key={save.mode === 'batch' ? index : key} data-row={key}>
                {fields.map((f) => (
                  <td key={f.key}>
                    {f.disabled?.(row) && f.type === 'checkbox' ? (
                      <span className="muted">{row[f.key] === true ? t(O.yes) : t(O.no)}</span>
                    ) : (
                      <Control field={f} value={shownValue(f)} label={`${t(f.label)} ${rowName(row)}`} disabled={f.disabled?.(row) ?? false} onChange={(v) => change(row, index, f, v)} />
                    )}
                  </td>
                ))}
                {(save.mode === 'row' && rowEditable) || remove || rowActions || (save.mode === 'batch' && save.blank) ? (
                  <td className="row-actions">
                    {save.mode === 'row' && rowEditable && (
                      <button type="button" className="btn btn-secondary" disabled={Object.keys(edit).length === 0 || busy} onClick={() => void saveRow(row)} aria-label={`${t(O.save)} ${rowName(row)}`}>
                        {t(O.save)}
                      </button>
                    )}
                    {rowActions?.(row, saver)}
                    {remove && (
                      <button type="button" className="btn btn-secondary" onClick={() => void removeRow(row)} aria-label={`${t(O.remove)} ${rowName(row)}`}>
                        {t(O.remove)}
                      </button>
                    )}
                    {save.mode === 'batch' && save.blank && (
                      <button type="button" className="btn btn-secondary" onClick={() => setLocal((all) => all?.filter((_, i) => i !== index))} aria-label={`${t(O.remove)} ${rowName(row)}`}>
                        {t(O.remove)}
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );

  return (
    <>
      {feedback}
      {save.mode === 'batch' ? (
        <form onSubmit={(e) => void saveAll(e)}>
          {table}
          <div className="form-buttons">
            {save.blank && (
              <button type="button" className="btn btn-secondary" onClick={() => setLocal((all) => [...(all ?? []), (save.blank as () => Row)()])}>
                {t(save.addLabel ?? O.add)}
              </button>
            )}
            <Button type="submit" busy={busy}>
              {t(save.blank ? O.saveAll : O.save)}
            </Button>
          </div>
        </form>
      ) : (
        table
      )}
      {create && draft && (
        <form className="panel inline-form" onSubmit={(e) => void submitCreate(e)}>
          <h3>{t(create.title ?? O.add)}</h3>
          {create.fields.map((f) => (
            <label key={f.key}>
              {t(f.label)}
              <Control field={f} id={`new-${f.key}`} label={t(f.label)} value={draft[f.key] ?? null} onChange={(v) => setDraft({ ...draft, [f.key]: v })} />
            </label>
          ))}
          {create.note}
          <Button type="submit" busy={busy}>
            {t(O.add)}
          </Button>
        </form>
      )}
    </>
  );
}
