import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, problemMessage, type SummaryItem } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { A } from './account-messages';
import { AdminPasswordReset } from './AdminPasswordReset';
import { AUDIT_LOG_TITLE, AuditLog } from './AuditLog';
import { invalidateCatalogues, useApiGet } from './data';
import { ACTION_NAMES, O, ROLE_NAMES, WEEKDAYS } from './messages';
import { PasswordRulesHint } from './passwords';
import { Link, PATHS } from './router';
import { useSession } from './session';
import { ROLES, type Division, type ReplyTemplate, type Role } from './types';
import { Notice, Problem, When } from './ui';

const SECTIONS: [string, Bilingual][] = [
  ['users', O.users],
  ['divisions', O.divisionsAdmin],
  ['permit-types', O.permitTypes],
  ['complaint-classes', O.classes],
  ['complaint-themes', O.themes],
  ['holidays', O.holidays],
  ['office-hours', O.officeHours],
  ['deadlines', O.deadlineSettings],
  ['templates', O.templates],
  ['step-roles', O.stepRoles],
  ['audit', AUDIT_LOG_TITLE],
];

const STAFF_ACTIONS = ['acknowledge', 'print_sheet', 'request_clarification', 'resume', 'dispose', 'record_follow_up', 'draft_answer', 'return_answer', 'approve_answer', 'close', 'reject', 'refer', 'hold', 'reopen', 'add_note', 'classify'];

/** Runs a write, shows "saved" or the server's field problems; returns whether it worked. */
function useSaver() {
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

interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  divisionId: number | null;
  active: boolean;
}

function Users() {
  const { t } = useLanguage();
  const users = useApiGet<{ items: User[] }>('/api/admin/users');
  const divisions = useApiGet<{ items: Division[] }>('/api/catalogue/divisions');
  const { run, busy, feedback } = useSaver();
  const [draft, setDraft] = useState({ email: '', name: '', password: '', role: 'staff' as Role, divisionId: '' });
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(() => api('POST', '/api/admin/users', { json: { ...draft, divisionId: draft.divisionId ? Number(draft.divisionId) : null } }));
    if (ok) {
      setDraft({ email: '', name: '', password: '', role: 'staff', divisionId: '' });
      await users.reload();
    }
  };
  const patch = async (id: number, body: Record<string, unknown>) => {
    if (await run(() => api('PATCH', `/api/admin/users/${id}`, { json: body }))) await users.reload();
  };
  const divisionName = (id: number | null) => divisions.data?.items.find((d) => d.id === id)?.name ?? '—';
  return (
    <>
      {feedback}
      <Problem error={users.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t(O.name)}</th>
              <th scope="col">{t(O.email)}</th>
              <th scope="col">{t(O.role)}</th>
              <th scope="col">{t(O.division)}</th>
              <th scope="col">{t(O.active)}</th>
              <th scope="col">{t(A.adminPassword)}</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.items.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                    {t(O.role)} {u.name}
                  </label>
                  <select id={`role-${u.id}`} value={u.role} onChange={(e) => void patch(u.id, { role: e.target.value })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(ROLE_NAMES[r])}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={`division-${u.id}`}>
                    {t(O.division)} {u.name}
                  </label>
                  <select id={`division-${u.id}`} value={u.divisionId ?? ''} onChange={(e) => void patch(u.id, { divisionId: e.target.value ? Number(e.target.value) : null })}>
                    <option value="">{t(O.chooseNone)}</option>
                    {divisions.data?.items.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                  <span className="visually-hidden">{divisionName(u.divisionId)}</span>
                </td>
                <td>
                  <button type="button" className="btn btn-secondary" onClick={() => void patch(u.id, { active: !u.active })} aria-pressed={u.active}>
                    {u.active ? t(O.deactivate) : t(O.activate)}
                  </button>
                </td>
                <td>
                  <AdminPasswordReset user={u} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="panel inline-form" onSubmit={(e) => void create(e)}>
        <h3>{t(O.newUser)}</h3>
        <label>
          {t(O.name)} <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
        </label>
        <label>
          {t(O.email)} <input type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} required />
        </label>
        <label>
          {t(O.password)} <input type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} required aria-describedby="new-user-password-rules" />
        </label>
        <div id="new-user-password-rules">
          <PasswordRulesHint />
        </div>
        <label>
          {t(O.role)}{' '}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_NAMES[r])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(O.division)}{' '}
          <select value={draft.divisionId} onChange={(e) => setDraft({ ...draft, divisionId: e.target.value })}>
            <option value="">{t(O.chooseNone)}</option>
            {divisions.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" busy={busy}>
          {t(O.add)}
        </Button>
      </form>
    </>
  );
}

interface ColumnSpec {
  key: string;
  label: Bilingual;
  type?: 'number';
}

/** Divisions, permit types, classes and themes share one editor: list, rename, (de)activate, add. */
function CatalogueEditor({ path, columns }: { path: string; columns: ColumnSpec[] }) {
  const { t } = useLanguage();
  const list = useApiGet<{ items: Record<string, unknown>[] }>(`/api/catalogue/${path}`);
  const { run, busy, feedback } = useSaver();
  const blank = () => Object.fromEntries([['code', ''], ...columns.map((c) => [c.key, ''])]) as Record<string, string>;
  const [draft, setDraft] = useState(blank);
  const [edits, setEdits] = useState<Record<number, Record<string, string>>>({});
  const value = (c: ColumnSpec, v: string) => (c.type === 'number' ? Number(v) : v);
  const after = async (ok: boolean) => {
    if (ok) {
      invalidateCatalogues();
      await list.reload();
    }
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { code: draft.code };
    for (const c of columns) body[c.key] = value(c, draft[c.key] ?? '');
    const ok = await run(() => api('POST', `/api/admin/${path}`, { json: body }));
    if (ok) setDraft(blank());
    await after(ok);
  };
  const saveRow = async (id: number) => {
    const changed = edits[id] ?? {};
    const body: Record<string, unknown> = {};
    for (const c of columns) if (c.key in changed) body[c.key] = value(c, changed[c.key] ?? '');
    const ok = await run(() => api('PATCH', `/api/admin/${path}/${id}`, { json: body }));
    if (ok) setEdits((e) => ({ ...e, [id]: {} }));
    await after(ok);
  };
  return (
    <>
      {feedback}
      <Problem error={list.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t(O.code)}</th>
              {columns.map((c) => (
                <th scope="col" key={c.key}>
                  {t(c.label)}
                </th>
              ))}
              <th scope="col">{t(O.active)}</th>
              <th scope="col">
                <span className="visually-hidden">{t(O.save)}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((row) => {
              const id = Number(row.id);
              const edit = edits[id] ?? {};
              return (
                <tr key={id}>
                  <td className="mono">{String(row.code)}</td>
                  {columns.map((c) => (
                    <td key={c.key}>
                      <input
                        aria-label={`${t(c.label)} ${String(row.code)}`}
                        type={c.type === 'number' ? 'number' : 'text'}
                        className={c.type === 'number' ? 'narrow' : undefined}
                        value={edit[c.key] ?? String(row[c.key] ?? '')}
                        onChange={(e) => setEdits((all) => ({ ...all, [id]: { ...edit, [c.key]: e.target.value } }))}
                      />
                    </td>
                  ))}
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t(O.active)} ${String(row.code)}`}
                      checked={row.active === true}
                      onChange={(e) => void run(() => api('PATCH', `/api/admin/${path}/${id}`, { json: { active: e.target.checked } })).then(after)}
                    />
                  </td>
                  <td>
                    <button type="button" className="btn btn-secondary" disabled={Object.keys(edit).length === 0 || busy} onClick={() => void saveRow(id)}>
                      {t(O.save)}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <form className="panel inline-form" onSubmit={(e) => void create(e)}>
        <label>
          {t(O.code)} <input value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} required />
        </label>
        {columns.map((c) => (
          <label key={c.key}>
            {t(c.label)} <input type={c.type === 'number' ? 'number' : 'text'} value={draft[c.key] ?? ''} onChange={(e) => setDraft({ ...draft, [c.key]: e.target.value })} required />
          </label>
        ))}
        <Button type="submit" busy={busy}>
          {t(O.add)}
        </Button>
      </form>
    </>
  );
}

interface Holiday {
  date: string;
  kind: 'national' | 'cuti_bersama';
  name: string;
  source: string;
  confirmed: boolean;
}

/** CSV `date,kind,name,source[,confirmed]` or a JSON list, checked line by line before anything is sent. */
function parseHolidays(text: string, t: (m: Bilingual, v?: Record<string, string | number>) => string): { items: Holiday[] } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return { items: JSON.parse(trimmed) as Holiday[] };
    } catch {
      return { problem: t(O.importBadJson) };
    }
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const items: Holiday[] = [];
  for (const [i, line] of lines.entries()) {
    const cells = line.split(',').map((c) => c.trim());
    const record = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.date ?? '') || !['national', 'cuti_bersama'].includes(record.kind ?? '') || !record.name) {
      return { problem: t(O.importBadLine, { line: i + 2, problem: line }) };
    }
    items.push({
      date: record.date as string,
      kind: record.kind as Holiday['kind'],
      name: record.name,
      source: record.source || 'import',
      confirmed: record.confirmed === undefined ? true : !['false', '0', 'no', 'tidak'].includes(record.confirmed.toLowerCase()),
    });
  }
  return { items };
}

function Holidays() {
  const { t } = useLanguage();
  const list = useApiGet<{ items: Holiday[] }>('/api/catalogue/holidays');
  const { run, busy, feedback } = useSaver();
  const years = [...new Set((list.data?.items ?? []).map((h) => h.date.slice(0, 4)))].sort();
  const [year, setYear] = useState(() => String(new Date().getFullYear()));
  const [draft, setDraft] = useState<Holiday>({ date: '', kind: 'national', name: '', source: 'SKB', confirmed: true });
  const [importText, setImportText] = useState('');
  const [importProblem, setImportProblem] = useState<string>();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api('PUT', '/api/admin/holidays', { json: { items: [draft] } }))) {
      setDraft({ ...draft, date: '', name: '' });
      setYear(draft.date.slice(0, 4));
      await list.reload();
    }
  };
  const remove = async (date: string) => {
    if (await run(() => api('DELETE', `/api/admin/holidays/${date}`))) await list.reload();
  };
  const doImport = async (event: FormEvent) => {
    event.preventDefault();
    setImportProblem(undefined);
    const parsed = parseHolidays(importText, t);
    if ('problem' in parsed) {
      setImportProblem(parsed.problem);
      return;
    }
    if (await run(() => api('PUT', '/api/admin/holidays', { json: { items: parsed.items } }), t(O.imported, { n: parsed.items.length }))) {
      setImportText('');
      await list.reload();
    }
  };
  const shown = (list.data?.items ?? []).filter((h) => h.date.startsWith(year));
  return (
    <>
      {feedback}
      <Problem error={list.error} />
      <form className="panel inline-form" onSubmit={(e) => void add(e)} aria-label={t(O.add)}>
        <label>
          {t(O.date)} <input id="holiday-date" type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} required />
        </label>
        <label>
          {t(O.name)} <input id="holiday-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
        </label>
        <label>
          {t(O.kind)}{' '}
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value === 'cuti_bersama' ? 'cuti_bersama' : 'national' })}>
            <option value="national">{t(O.national)}</option>
            <option value="cuti_bersama">{t(O.cutiBersama)}</option>
          </select>
        </label>
        <label>
          {t(O.source)} <input value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} required />
        </label>
        <Button type="submit" busy={busy}>
          {t(O.add)}
        </Button>
      </form>
      <div className="search-row">
        <label htmlFor="holiday-year">{t(O.year)}</label>
        <select id="holiday-year" value={year} onChange={(e) => setYear(e.target.value)}>
          {[...new Set([...years, year])].sort().map((y) => (
            <option key={y}>{y}</option>
          ))}
        </select>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="holidays">
          <thead>
            <tr>
              <th scope="col">{t(O.date)}</th>
              <th scope="col">{t(O.name)}</th>
              <th scope="col">{t(O.kind)}</th>
              <th scope="col">{t(O.source)}</th>
              <th scope="col">
                <span className="visually-hidden">{t(O.remove)}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((h) => (
              <tr key={h.date}>
                <td>
                  <When iso={`${h.date}T05:00:00.000Z`} time={false} />
                </td>
                <td>{h.name}</td>
                <td>{t(h.kind === 'national' ? O.national : O.cutiBersama)}</td>
                <td>{h.source}</td>
                <td>
                  <button type="button" className="btn btn-secondary" onClick={() => void remove(h.date)} aria-label={`${t(O.remove)} ${h.date}`}>
                    {t(O.remove)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="panel" onSubmit={(e) => void doImport(e)}>
        <h3>{t(O.importHolidays)}</h3>
        <p className="hint">{t(O.importHint)}</p>
        {importProblem && (
          <p className="error-text" role="alert">
            {importProblem}
          </p>
        )}
        <div className="field">
          <label htmlFor="holiday-file">{t(O.importFile)}</label>
          <input id="holiday-file" type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void e.target.files?.[0]?.text().then(setImportText)} />
        </div>
        <div className="field">
          <label htmlFor="holiday-text">{t(O.importText)}</label>
          <textarea id="holiday-text" rows={5} value={importText} onChange={(e) => setImportText(e.target.value)} placeholder="date,kind,name,source" />
        </div>
        <Button type="submit" busy={busy} disabled={!importText.trim()}>
          {t(O.import)}
        </Button>
      </form>
    </>
  );
}

interface Settings {
  officeHours: { weekday: number; open: string | null; close: string | null }[];
  deadlines: { firstResponseDays: number; followUpDays: number; autoCloseDays: number };
  stepRoles: Record<string, Role[]>;
}

function OfficeHours() {
  const { t } = useLanguage();
  const settings = useApiGet<Settings>('/api/admin/settings');
  const { run, busy, feedback } = useSaver();
  const [days, setDays] = useState<Settings['officeHours']>();
  useEffect(() => {
    if (settings.data && !days) setDays(settings.data.officeHours);
  }, [settings.data, days]);
  if (!days) return <Problem error={settings.error} />;
  const set = (weekday: number, change: Partial<Settings['officeHours'][number]>) => setDays(days.map((d) => (d.weekday === weekday ? { ...d, ...change } : d)));
  return (
    <form onSubmit={(e) => (e.preventDefault(), void run(() => api('PUT', '/api/admin/settings/office-hours', { json: { days } })))}>
      {feedback}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t(O.weekday)}</th>
            <th scope="col">{t(O.closedDay)}</th>
            <th scope="col">{t(O.openTime)}</th>
            <th scope="col">{t(O.closeTime)}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.weekday}>
              <th scope="row">{t(WEEKDAYS[d.weekday] ?? O.none)}</th>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${t(O.closedDay)} ${t(WEEKDAYS[d.weekday] ?? O.none)}`}
                  checked={d.open === null}
                  onChange={(e) => set(d.weekday, e.target.checked ? { open: null, close: null } : { open: '08:00', close: '16:00' })}
                />
              </td>
              <td>
                <input type="time" aria-label={`${t(O.openTime)} ${t(WEEKDAYS[d.weekday] ?? O.none)}`} value={d.open ?? ''} disabled={d.open === null} onChange={(e) => set(d.weekday, { open: e.target.value })} />
              </td>
              <td>
                <input type="time" aria-label={`${t(O.closeTime)} ${t(WEEKDAYS[d.weekday] ?? O.none)}`} value={d.close ?? ''} disabled={d.open === null} onChange={(e) => set(d.weekday, { close: e.target.value })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button type="submit" busy={busy}>
        {t(O.save)}
      </Button>
    </form>
  );
}

function Deadlines() {
  const { t } = useLanguage();
  const settings = useApiGet<Settings>('/api/admin/settings');
  const { run, busy, feedback } = useSaver();
  const [values, setValues] = useState<Settings['deadlines']>();
  useEffect(() => {
    if (settings.data && !values) setValues(settings.data.deadlines);
  }, [settings.data, values]);
  if (!values) return <Problem error={settings.error} />;
  const field = (key: keyof Settings['deadlines'], label: Bilingual) => (
    <div className="field">
      <label htmlFor={`d-${key}`}>{t(label)}</label>
      <input id={`d-${key}`} type="number" step="0.5" min="0" className="narrow" value={values[key]} onChange={(e) => setValues({ ...values, [key]: Number(e.target.value) })} />
    </div>
  );
  return (
    <>
      <form onSubmit={(e) => (e.preventDefault(), void run(() => api('PUT', '/api/admin/settings/deadlines', { json: values })))}>
        {feedback}
        {field('firstResponseDays', O.firstResponseDays)}
        {field('followUpDays', O.followUpDays)}
        {field('autoCloseDays', O.autoCloseDays)}
        <Button type="submit" busy={busy}>
          {t(O.save)}
        </Button>
      </form>
      <p className="hint">
        {t(O.answerDays)}: <Link href={PATHS.admin('complaint-classes')}>{t(O.classes)}</Link>
      </p>
    </>
  );
}

function StepRoles() {
  const { t } = useLanguage();
  const settings = useApiGet<Settings>('/api/admin/settings');
  const { run, busy, feedback } = useSaver();
  const [roles, setRoles] = useState<Record<string, Role[]>>();
  useEffect(() => {
    if (settings.data && !roles) setRoles(settings.data.stepRoles);
  }, [settings.data, roles]);
  if (!roles) return <Problem error={settings.error} />;
  const toggle = (action: string, role: Role, on: boolean) => {
    const current = roles[action] ?? [];
    setRoles({ ...roles, [action]: on ? [...current, role] : current.filter((r) => r !== role) });
  };
  return (
    <form onSubmit={(e) => (e.preventDefault(), void run(() => api('PUT', '/api/admin/settings/step-roles', { json: roles })))}>
      {feedback}
      <div className="table-wrap">
        <table className="table matrix">
          <thead>
            <tr>
              <th scope="col">{t(O.action)}</th>
              {ROLES.map((r) => (
                <th scope="col" key={r}>
                  {t(ROLE_NAMES[r])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STAFF_ACTIONS.map((action) => (
              <tr key={action}>
                <th scope="row">{t(ACTION_NAMES[action] ?? { id: action, en: action })}</th>
                {ROLES.map((r) => (
                  <td key={r}>
                    <input
                      type="checkbox"
                      aria-label={`${t(ACTION_NAMES[action] ?? { id: action, en: action })}: ${t(ROLE_NAMES[r])}`}
                      checked={(roles[action] ?? []).includes(r)}
                      onChange={(e) => toggle(action, r, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button type="submit" busy={busy}>
        {t(O.save)}
      </Button>
    </form>
  );
}

const TEMPLATE_ACTIONS = ['acknowledge', 'request_clarification', 'draft_answer', 'reject', 'refer', 'close', 'return_answer', 'hold'];

function Templates() {
  const { t } = useLanguage();
  const stored = useApiGet<{ items: ReplyTemplate[]; placeholders: string[] }>('/api/admin/reply-templates');
  const { run, busy, feedback } = useSaver();
  const [items, setItems] = useState<ReplyTemplate[]>();
  useEffect(() => {
    if (stored.data && !items) setItems(stored.data.items);
  }, [stored.data, items]);
  if (!items) return <Problem error={stored.error} />;
  const set = (i: number, change: Partial<ReplyTemplate>) => setItems(items.map((it, j) => (i === j ? { ...it, ...change } : it)));
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(() => api('PUT', '/api/admin/reply-templates', { json: { items: items.map(({ id, title, body, actions }) => ({ id, title, body, actions })) } }));
  };
  return (
    <form onSubmit={save}>
      {feedback}
      <p className="hint">{t(O.placeholders, { list: (stored.data?.placeholders ?? []).map((p) => `{${p}}`).join(' ') })}</p>
      {items.map((it, i) => (
        <fieldset key={i} className="panel template-edit">
          <legend>{it.title || t(O.newTemplate)}</legend>
          <div className="two-col">
            <div className="field">
              <label htmlFor={`tpl-id-${i}`}>{t(O.templateId)}</label>
              <input id={`tpl-id-${i}`} value={it.id} onChange={(e) => set(i, { id: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`tpl-title-${i}`}>{t(O.templateTitle)}</label>
              <input id={`tpl-title-${i}`} value={it.title} onChange={(e) => set(i, { title: e.target.value })} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`tpl-body-${i}`}>{t(O.templateBody)}</label>
            <textarea id={`tpl-body-${i}`} rows={5} value={it.body} onChange={(e) => set(i, { body: e.target.value })} />
          </div>
          <fieldset className="field">
            <legend>{t(O.templateActions)}</legend>
            <p className="hint">{t(O.templateActionsHint)}</p>
            <div className="checkbox-grid">
              {TEMPLATE_ACTIONS.map((a) => (
                <label key={a} className="checkbox">
                  <input type="checkbox" checked={it.actions.includes(a)} onChange={(e) => set(i, { actions: e.target.checked ? [...it.actions, a] : it.actions.filter((x) => x !== a) })} />{' '}
                  {t(ACTION_NAMES[a] ?? { id: a, en: a })}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="button" className="btn btn-secondary" onClick={() => setItems(items.filter((_, j) => j !== i))}>
            {t(O.remove)}
          </button>
        </fieldset>
      ))}
      <div className="form-buttons">
        <button type="button" className="btn btn-secondary" onClick={() => setItems([...items, { id: `templat-${items.length + 1}`, title: '', body: '', actions: [] }])}>
          {t(O.newTemplate)}
        </button>
        <Button type="submit" busy={busy}>
          {t(O.saveAll)}
        </Button>
      </div>
    </form>
  );
}

export function Admin({ section }: { section: string }) {
  const { t } = useLanguage();
  const current = SECTIONS.find(([key]) => key === section) ?? SECTIONS[0];
  const [key, label] = current as [string, Bilingual];
  return (
    <>
      <h1 tabIndex={-1}>
        {t(O.adminTitle)}: {t(label)}
      </h1>
      <nav aria-label={t(O.adminSections)} className="queue-tabs admin-tabs">
        <ul>
          {SECTIONS.map(([k, l]) => (
            <li key={k}>
              <Link href={PATHS.admin(k)} aria-current={k === key ? 'page' : undefined}>
                {t(l)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {key === 'users' && <Users />}
      {key === 'divisions' && <CatalogueEditor key={key} path="divisions" columns={[{ key: 'name', label: O.name }]} />}
      {key === 'permit-types' && (
        <CatalogueEditor
          key={key}
          path="permit-types"
          columns={[
            { key: 'name', label: O.name },
            { key: 'category', label: O.category },
          ]}
        />
      )}
      {key === 'complaint-classes' && (
        <CatalogueEditor
          key={key}
          path="complaint-classes"
          columns={[
            { key: 'name_id', label: O.nameId },
            { key: 'name_en', label: O.nameEn },
            { key: 'answer_days', label: O.answerDays, type: 'number' },
          ]}
        />
      )}
      {key === 'complaint-themes' && (
        <CatalogueEditor
          key={key}
          path="complaint-themes"
          columns={[
            { key: 'name_id', label: O.nameId },
            { key: 'name_en', label: O.nameEn },
          ]}
        />
      )}
      {key === 'holidays' && <Holidays />}
      {key === 'office-hours' && <OfficeHours />}
      {key === 'deadlines' && <Deadlines />}
      {key === 'templates' && <Templates />}
      {key === 'step-roles' && <StepRoles />}
      {key === 'audit' && <AuditLog />}
    </>
  );
}
