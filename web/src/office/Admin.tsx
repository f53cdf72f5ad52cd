import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../shared/api';
import { Button } from '../shared/components';
import { useLanguage, type Bilingual, type Translate } from '../shared/i18n';
import { AdminPasswordReset } from './AdminPasswordReset';
import { ApiKeys, K as KEYS } from './ApiKeys';
import { Webhooks } from './Webhooks';
import { AUDIT_LOG_TITLE, AuditLog } from './AuditLog';
import { invalidateCatalogues, useApiGet } from './data';
import { ACTION_NAMES, O, ROLE_NAMES, WEEKDAYS } from './messages';
import { PaperSettings } from './PaperSettings';
import { I } from './import-messages';
import { RegisterImport } from './RegisterImport';
import { P } from './paper-messages';
import { K, KnowledgeBase } from './KnowledgeBase';
import { PasswordRulesHint } from './passwords';
import { Link, PATHS } from './router';
import { useMe } from './session';
import { TableEditor, useSaver, type FieldSpec, type Row } from './TableEditor';
import { ROLES, type Division, type ReplyTemplate, type Role } from './types';
import { Problem } from './ui';

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
  ['paper', P.paper],
  ['knowledge', K.title],
  ['import', I.tab],
  ['api-keys', KEYS.title],
];

const STAFF_ACTIONS = ['acknowledge', 'print_sheet', 'request_clarification', 'resume', 'dispose', 'record_follow_up', 'draft_answer', 'return_answer', 'approve_answer', 'close', 'reject', 'refer', 'hold', 'reopen', 'add_note', 'classify'];
const TEMPLATE_ACTIONS = ['acknowledge', 'request_clarification', 'draft_answer', 'reject', 'refer', 'close', 'return_answer', 'hold'];

const roleOptions = (t: Translate) => ROLES.map((r) => [r, t(ROLE_NAMES[r])] as const);
const actionName = (t: Translate, a: string) => t(ACTION_NAMES[a] ?? { id: a, en: a });

interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  divisionId: number | null;
  active: boolean;
  nip: string | null;
  position: string | null;
}

/**
 * Users and roles. The columns and the row buttons are lists, so a new per-user control
 * (e.g. resetting a password) is one more entry in `userActions`.
 */
function Users() {
  const { t } = useLanguage();
  const me = useMe();
  const users = useApiGet<{ items: User[] }>('/api/admin/users');
  const divisions = useApiGet<{ items: Division[] }>('/api/catalogue/divisions');
  const divisionOptions = [['', t(O.chooseNone)] as const, ...(divisions.data?.items ?? []).map((d) => [String(d.id), d.name] as const)];
  const isMe = (row: Row) => row.id === String(me.id);
  const fields: FieldSpec[] = [
    { key: 'name', label: O.name, type: 'readonly' },
    { key: 'email', label: O.email, type: 'readonly' },
    { key: 'role', label: O.role, type: 'select', options: roleOptions(t), instant: true },
    { key: 'divisionId', label: O.division, type: 'select', options: divisionOptions, instant: true },
    { key: 'nip', label: P.nip, type: 'text', hint: P.nipHint },
    { key: 'position', label: P.position, type: 'text' },
    // An admin cannot lock themselves out: their own account stays active.
    { key: 'active', label: O.active, type: 'checkbox', instant: true, disabled: isMe },
  ];
  const userActions: ((row: Row) => ReactNode)[] = [
    (row) => {
      const user = users.data?.items.find((u) => String(u.id) === row.id);
      return user ? <AdminPasswordReset user={user} /> : null;
    },
  ];
  const rows = users.data?.items.map((u): Row => ({ id: String(u.id), name: u.name, email: u.email, role: u.role, divisionId: u.divisionId === null ? '' : String(u.divisionId), active: u.active, nip: u.nip ?? '', position: u.position ?? '' }));
  const divisionId = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));
  return (
    <>
      <Problem error={users.error} />
      <TableEditor
        testId="users"
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowName={(r) => String(r.name)}
        fields={fields}
        reload={users.reload}
        save={{ mode: 'row', saveRow: (row, changes) => api('PATCH', `/api/admin/users/${String(row.id)}`, { json: 'divisionId' in changes ? { ...changes, divisionId: divisionId(changes.divisionId) } : changes }) }}
        rowActions={(row) => userActions.map((action, i) => <Fragment key={i}>{action(row)}</Fragment>)}
        create={{
          title: O.newUser,
          blank: () => ({ name: '', email: '', password: '', role: 'staff', divisionId: '', nip: '', position: '' }),
          fields: [
            { key: 'name', label: O.name, type: 'text', required: true },
            { key: 'email', label: O.email, type: 'email', required: true },
            { key: 'password', label: O.password, type: 'password', required: true, autoComplete: 'new-password', describedBy: 'new-user-password-rules' },
            { key: 'role', label: O.role, type: 'select', options: roleOptions(t) },
            { key: 'divisionId', label: O.division, type: 'select', options: divisionOptions },
            { key: 'nip', label: P.nip, type: 'text', hint: P.nipHint },
            { key: 'position', label: P.position, type: 'text' },
          ],
          run: (draft) => api('POST', '/api/admin/users', { json: { ...draft, divisionId: divisionId(draft.divisionId) } }),
          note: (
            <div id="new-user-password-rules">
              <PasswordRulesHint />
            </div>
          ),
        }}
      />
    </>
  );
}

interface ColumnSpec {
  key: string;
  label: Bilingual;
  type?: 'number';
}

/** Divisions, permit types, classes and themes: list, rename, (de)activate, add. */
function CatalogueEditor({ path, columns }: { path: string; columns: ColumnSpec[] }) {
  const list = useApiGet<{ items: Row[] }>(`/api/catalogue/${path}`);
  const reload = async () => {
    invalidateCatalogues();
    return list.reload();
  };
  const editable: FieldSpec[] = columns.map((c) => ({ key: c.key, label: c.label, type: c.type ?? 'text', required: true }));
  return (
    <>
      <Problem error={list.error} />
      <TableEditor
        testId={path}
        rows={list.data?.items}
        rowKey={(r) => String(r.id)}
        rowName={(r) => String(r.code)}
        fields={[{ key: 'code', label: O.code, type: 'readonly' }, ...editable, { key: 'active', label: O.active, type: 'checkbox', instant: true }]}
        reload={reload}
        save={{ mode: 'row', saveRow: (row, changes) => api('PATCH', `/api/admin/${path}/${String(row.id)}`, { json: changes }) }}
        create={{
          blank: () => Object.fromEntries([['code', ''], ...columns.map((c) => [c.key, ''])]) as Row,
          fields: [{ key: 'code', label: O.code, type: 'text', required: true }, ...editable],
          run: (draft) => api('POST', `/api/admin/${path}`, { json: draft }),
        }}
      />
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
  const [importText, setImportText] = useState('');
  const [importProblem, setImportProblem] = useState<string>();
  const kinds = [
    ['national', t(O.national)],
    ['cuti_bersama', t(O.cutiBersama)],
  ] as const;
  const put = (items: Row[]) => api('PUT', '/api/admin/holidays', { json: { items } });
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
  const shown = (list.data?.items ?? []).filter((h) => h.date.startsWith(year)).map((h): Row => ({ ...h }));
  const editable: FieldSpec[] = [
    { key: 'name', label: O.name, type: 'text', required: true },
    { key: 'kind', label: O.kind, type: 'select', options: kinds },
    { key: 'source', label: O.source, type: 'text', required: true },
  ];
  return (
    <>
      <div className="search-row">
        <label htmlFor="holiday-year">{t(O.year)}</label>
        <select id="holiday-year" value={year} onChange={(e) => setYear(e.target.value)}>
          {[...new Set([...years, year])].sort().map((y) => (
            <option key={y}>{y}</option>
          ))}
        </select>
      </div>
      <Problem error={list.error} />
      <TableEditor
        key={year}
        testId="holidays"
        rows={shown}
        rowKey={(r) => String(r.date)}
        rowName={(r) => String(r.date)}
        fields={[{ key: 'date', label: O.date, type: 'day' }, ...editable]}
        reload={list.reload}
        save={{ mode: 'row', saveRow: (row, changes) => put([{ date: row.date ?? '', kind: row.kind ?? 'national', name: row.name ?? '', source: row.source ?? '', confirmed: row.confirmed ?? true, ...changes }]) }}
        remove={{ run: (row) => api('DELETE', `/api/admin/holidays/${String(row.date)}`), confirm: (row) => t(O.removeHolidayConfirm, { name: String(row.name), date: String(row.date) }) }}
        create={{
          blank: () => ({ date: '', name: '', kind: 'national', source: 'SKB' }),
          fields: [{ key: 'date', label: O.date, type: 'date', required: true }, ...editable],
          run: async (draft) => {
            await put([{ ...draft, confirmed: true }]);
            setYear(String(draft.date).slice(0, 4));
          },
        }}
      />
      {feedback}
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

/** The office settings, each shown as a table and saved whole. */
function SettingsEditor({ section }: { section: 'office-hours' | 'deadlines' | 'step-roles' }) {
  const { t } = useLanguage();
  const settings = useApiGet<Settings>('/api/admin/settings');
  if (!settings.data) return <Problem error={settings.error} />;
  const s = settings.data;
  const weekday = (n: number) => t(WEEKDAYS[n] ?? O.none);
  if (section === 'office-hours') {
    return (
      <TableEditor
        testId="office-hours"
        rows={s.officeHours.map((d) => ({ weekday: d.weekday, day: weekday(d.weekday), closed: d.open === null, open: d.open ?? '', close: d.close ?? '' }))}
        rowKey={(r) => String(r.weekday)}
        rowName={(r) => String(r.day)}
        fields={[
          { key: 'day', label: O.weekday, type: 'readonly' },
          { key: 'closed', label: O.closedDay, type: 'checkbox' },
          { key: 'open', label: O.openTime, type: 'time', disabled: (r) => r.closed === true },
          { key: 'close', label: O.closeTime, type: 'time', disabled: (r) => r.closed === true },
        ]}
        reload={settings.reload}
        save={{
          mode: 'batch',
          saveAll: (rows) =>
            api('PUT', '/api/admin/settings/office-hours', {
              json: { days: rows.map((r) => (r.closed === true ? { weekday: r.weekday, open: null, close: null } : { weekday: r.weekday, open: r.open || '08:00', close: r.close || '16:00' })) },
            }),
        }}
      />
    );
  }
  if (section === 'deadlines') {
    const labels: [keyof Settings['deadlines'], Bilingual][] = [
      ['firstResponseDays', O.firstResponseDays],
      ['followUpDays', O.followUpDays],
      ['autoCloseDays', O.autoCloseDays],
    ];
    return (
      <>
        <TableEditor
          testId="deadlines"
          rows={labels.map(([key, label]) => ({ key, setting: t(label), days: s.deadlines[key] }))}
          rowKey={(r) => String(r.key)}
          rowName={(r) => String(r.setting)}
          fields={[
            { key: 'setting', label: O.setting, type: 'readonly' },
            { key: 'days', label: O.workingDaysColumn, type: 'number', step: '0.5' },
          ]}
          reload={settings.reload}
          save={{ mode: 'batch', saveAll: (rows) => api('PUT', '/api/admin/settings/deadlines', { json: Object.fromEntries(rows.map((r) => [r.key, Number(r.days)])) }) }}
        />
        <p className="hint">
          {t(O.answerDays)}: <Link href={PATHS.admin('complaint-classes')}>{t(O.classes)}</Link>
        </p>
      </>
    );
  }
  return (
    <TableEditor
      testId="step-roles"
      className="matrix"
      rows={STAFF_ACTIONS.map((a) => ({ action: a, name: actionName(t, a), ...Object.fromEntries(ROLES.map((r) => [r, (s.stepRoles[a] ?? []).includes(r)])) }))}
      rowKey={(r) => String(r.action)}
      rowName={(r) => String(r.name)}
      fields={[{ key: 'name', label: O.action, type: 'readonly' }, ...ROLES.map((r): FieldSpec => ({ key: r, label: ROLE_NAMES[r], type: 'checkbox' }))]}
      reload={settings.reload}
      save={{ mode: 'batch', saveAll: (rows) => api('PUT', '/api/admin/settings/step-roles', { json: Object.fromEntries(rows.map((row) => [row.action, ROLES.filter((r) => row[r] === true)])) }) }}
    />
  );
}

function Templates() {
  const { t } = useLanguage();
  const stored = useApiGet<{ items: ReplyTemplate[]; placeholders: string[] }>('/api/admin/reply-templates');
  if (!stored.data) return <Problem error={stored.error} />;
  return (
    <>
      <p className="hint">{t(O.placeholders, { list: stored.data.placeholders.map((p) => `{${p}}`).join(' ') })}</p>
      <p className="hint">{t(O.templateActionsHint)}</p>
      <TableEditor
        testId="templates"
        className="templates-table"
        rows={stored.data.items.map(({ id, title, body, actions }) => ({ id, title, body, actions }))}
        rowKey={(r) => String(r.id)}
        rowName={(r) => String(r.title || r.id)}
        fields={[
          { key: 'id', label: O.templateId, type: 'text' },
          { key: 'title', label: O.templateTitle, type: 'text' },
          { key: 'body', label: O.templateBody, type: 'textarea' },
          { key: 'actions', label: O.templateActions, type: 'checkboxes', options: TEMPLATE_ACTIONS.map((a) => [a, actionName(t, a)] as const) },
        ]}
        reload={stored.reload}
        save={{
          mode: 'batch',
          addLabel: O.newTemplate,
          blank: () => ({ id: `templat-${Date.now().toString(36)}`, title: '', body: '', actions: [] }),
          saveAll: (rows) => api('PUT', '/api/admin/reply-templates', { json: { items: rows } }),
        }}
      />
    </>
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
      {key === 'api-keys' && (
        <>
          <ApiKeys />
          <Webhooks />
        </>
      )}
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
      {(key === 'office-hours' || key === 'deadlines' || key === 'step-roles') && <SettingsEditor key={key} section={key} />}
      {key === 'templates' && <Templates />}
      {key === 'audit' && <AuditLog />}
      {key === 'paper' && <PaperSettings />}
      {key === 'knowledge' && <KnowledgeBase />}
      {key === 'import' && <RegisterImport />}
    </>
  );
}
