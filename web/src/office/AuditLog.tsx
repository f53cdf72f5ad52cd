import { useState, type FormEvent } from 'react';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { DownloadLink } from './Download';
import { ROLE_NAMES } from './messages';
import { Problem, When } from './ui';

export const AUDIT_LOG_TITLE: Bilingual = { id: 'Log audit', en: 'Audit log' };

const A = {
  intro: {
    id: 'Setiap perubahan pengguna, pengaturan, katalog, hari libur dan templat, setiap ekspor data pribadi dan setiap penghapusan. Log ini tidak dapat diubah atau dihapus.',
    en: 'Every change to users, settings, catalogues, holidays and templates, every export of personal data and every erasure. This log cannot be changed or deleted.',
  },
  action: { id: 'Jenis kegiatan', en: 'Activity' },
  all: { id: 'Semua', en: 'All' },
  actor: { id: 'Pelaku', en: 'By' },
  anyone: { id: 'Siapa saja', en: 'Anyone' },
  system: { id: 'Sistem', en: 'System' },
  targetType: { id: 'Jenis objek', en: 'Object type' },
  targetId: { id: 'Kode objek', en: 'Object id' },
  from: { id: 'Dari tanggal', en: 'From' },
  to: { id: 'Sampai tanggal', en: 'To' },
  show: { id: 'Tampilkan', en: 'Show' },
  reset: { id: 'Hapus filter', en: 'Clear filters' },
  exportCsv: { id: 'Ekspor CSV', en: 'Export CSV' },
  when: { id: 'Waktu', en: 'When' },
  what: { id: 'Kegiatan', en: 'Activity' },
  object: { id: 'Objek', en: 'Object' },
  change: { id: 'Perubahan', en: 'Change' },
  empty: { id: 'Tidak ada catatan untuk filter ini.', en: 'No entries for these filters.' },
  newer: { id: 'Lebih baru', en: 'Newer' },
  older: { id: 'Lebih lama', en: 'Older' },
  pages: { id: 'Halaman log audit', en: 'Audit log pages' },
  filters: { id: 'Filter log audit', en: 'Audit log filters' },
  none: { id: '(kosong)', en: '(none)' },
} as const satisfies Record<string, Bilingual>;

/** What each action is called on screen; an action not listed shows its code. */
export const AUDIT_ACTIONS: Readonly<Record<string, Bilingual>> = {
  'user.created': { id: 'Pengguna ditambahkan', en: 'User added' },
  'user.changed': { id: 'Pengguna diubah', en: 'User changed' },
  'division.created': { id: 'Bidang ditambahkan', en: 'Division added' },
  'division.changed': { id: 'Bidang diubah', en: 'Division changed' },
  'permit_type.created': { id: 'Jenis izin ditambahkan', en: 'Permit type added' },
  'permit_type.changed': { id: 'Jenis izin diubah', en: 'Permit type changed' },
  'complaint_class.created': { id: 'Kelas pengaduan ditambahkan', en: 'Complaint class added' },
  'complaint_class.changed': { id: 'Kelas pengaduan diubah', en: 'Complaint class changed' },
  'complaint_theme.created': { id: 'Tema pengaduan ditambahkan', en: 'Complaint theme added' },
  'complaint_theme.changed': { id: 'Tema pengaduan diubah', en: 'Complaint theme changed' },
  'holiday.imported': { id: 'Hari libur ditambahkan', en: 'Holidays added' },
  'holiday.deleted': { id: 'Hari libur dihapus', en: 'Holiday removed' },
  'settings.office_hours_changed': { id: 'Jam layanan diubah', en: 'Office hours changed' },
  'settings.deadlines_changed': { id: 'Batas waktu diubah', en: 'Deadlines changed' },
  'settings.step_roles_changed': { id: 'Peran per langkah diubah', en: 'Step roles changed' },
  'reply_templates.changed': { id: 'Templat balasan diubah', en: 'Reply templates changed' },
  'personal_data.exported': { id: 'Data pribadi diekspor', en: 'Personal data exported' },
  'personal_data.erased': { id: 'Data pribadi dihapus', en: 'Personal data erased' },
  'personal_data.corrected': { id: 'Data pribadi diperbaiki', en: 'Personal data corrected' },
  'personal_data.copy_delivered': { id: 'Salinan data pribadi diserahkan', en: 'Copy of personal data delivered' },
  'personal_data.refused': { id: 'Permintaan data pribadi ditolak', en: 'Personal-data request refused' },
  'login.succeeded': { id: 'Berhasil masuk', en: 'Logged in' },
  'login.failed': { id: 'Gagal masuk', en: 'Login failed' },
  'password.changed': { id: 'Kata sandi diubah', en: 'Password changed' },
};

/** The filter's choices: a whole area, or one action. */
const ACTION_FILTERS: [string, Bilingual][] = [
  ['user.', { id: 'Pengguna', en: 'Users' }],
  ['settings.', { id: 'Pengaturan', en: 'Settings' }],
  ['division.', { id: 'Bidang', en: 'Divisions' }],
  ['permit_type.', { id: 'Jenis izin', en: 'Permit types' }],
  ['complaint_class.', { id: 'Kelas pengaduan', en: 'Complaint classes' }],
  ['complaint_theme.', { id: 'Tema pengaduan', en: 'Complaint themes' }],
  ['holiday.', { id: 'Hari libur', en: 'Holidays' }],
  ['reply_templates.', { id: 'Templat balasan', en: 'Reply templates' }],
  ['personal_data.', { id: 'Data pribadi (semua)', en: 'Personal data (all)' }],
  ['personal_data.exported', AUDIT_ACTIONS['personal_data.exported'] as Bilingual],
  ['personal_data.erased', AUDIT_ACTIONS['personal_data.erased'] as Bilingual],
  ['login.', { id: 'Masuk', en: 'Logins' }],
];

const TARGET_TYPES: [string, Bilingual][] = [
  ['user', { id: 'Pengguna', en: 'User' }],
  ['complaint', { id: 'Pengaduan', en: 'Complaint' }],
  ['register', { id: 'Buku pengaduan', en: 'Register' }],
  ['holiday', { id: 'Hari libur', en: 'Holiday' }],
  ['settings', { id: 'Pengaturan', en: 'Settings' }],
  ['division', { id: 'Bidang', en: 'Division' }],
  ['permit_type', { id: 'Jenis izin', en: 'Permit type' }],
  ['complaint_class', { id: 'Kelas pengaduan', en: 'Complaint class' }],
  ['complaint_theme', { id: 'Tema pengaduan', en: 'Complaint theme' }],
  ['reply_templates', { id: 'Templat balasan', en: 'Reply templates' }],
  ['audit_log', AUDIT_LOG_TITLE],
];

interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { userId: number; name: string | null; role: string } | null;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface Filters {
  action: string;
  actorUserId: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { action: '', actorUserId: '', targetType: '', targetId: '', from: '', to: '' };
const PAGE_SIZE = 50;

function queryOf(filters: Filters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'ya / yes' : 'tidak / no';
  return JSON.stringify(value);
}

/** Before and after, field by field: what went struck through, what came underlined. */
function Diff({ before, after }: { before: AuditEntry['before']; after: AuditEntry['after'] }) {
  const { t } = useLanguage();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (keys.length === 0) return null;
  return (
    <dl className="audit-diff">
      {keys.map((k) => {
        const b = before && k in before ? shown(before[k]) : null;
        const a = after && k in after ? shown(after[k]) : null;
        return (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              {before !== null && <del>{b || t(A.none)}</del>}
              {before !== null && after !== null && ' → '}
              {after !== null && <ins>{a || t(A.none)}</ins>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** One filter's drop-down: an empty choice, then each value with its shown text. */
function FilterSelect({ label, value, onChange, empty, options, testId }: { label: Bilingual; value: string; onChange: (value: string) => void; empty: Bilingual; options: [string, string][]; testId?: string }) {
  const { t } = useLanguage();
  return (
    <label>
      {t(label)}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t(empty)}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The admin's view of the audit log: filters, newest first, paged, with the CSV export of the filtered list. */
export function AuditLog() {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // The cursors of the pages before this one: "newer" pops, "older" pushes.
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = queryOf(filters);
  const pageQuery = new URLSearchParams(query);
  pageQuery.set('limit', String(PAGE_SIZE));
  if (cursor !== undefined) pageQuery.set('cursor', String(cursor));
  const { data, error, loading, reload } = useApiGet<{ items: AuditEntry[]; nextCursor: number | null }>(`/api/admin/audit?${pageQuery.toString()}`);
  const users = useApiGet<{ items: { id: number; name: string; email: string }[] }>('/api/admin/users');

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([]);
  };
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  const csv = query.toString();

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t(AUDIT_LOG_TITLE)}</h2>
      <p className="muted">{t(A.intro)}</p>
      <form className="filter-grid" onSubmit={apply} aria-label={t(A.filters)}>
        <FilterSelect label={A.action} value={draft.action} onChange={(action) => set({ action })} empty={A.all} options={ACTION_FILTERS.map(([v, l]) => [v, t(l)])} testId="audit-action" />
        <FilterSelect label={A.actor} value={draft.actorUserId} onChange={(actorUserId) => set({ actorUserId })} empty={A.anyone} options={(users.data?.items ?? []).map((u) => [String(u.id), `${u.name} (${u.email})`])} />
        <FilterSelect label={A.targetType} value={draft.targetType} onChange={(targetType) => set({ targetType })} empty={A.all} options={TARGET_TYPES.map(([v, l]) => [v, t(l)])} />
        <label>
          {t(A.targetId)}
          <input value={draft.targetId} maxLength={80} onChange={(e) => set({ targetId: e.target.value })} />
        </label>
        <label>
          {t(A.from)}
          <input type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          {t(A.to)}
          <input type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <div className="form-buttons">
          <button type="submit" className="btn btn-primary">
            {t(A.show)}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
              setCursors([]);
            }}
          >
            {t(A.reset)}
          </button>
          <DownloadLink href={`/api/admin/audit.csv${csv ? `?${csv}` : ''}`} label={A.exportCsv} fallbackName="log-audit.csv" />
        </div>
      </form>
      <Problem error={error} onRetry={() => void reload()} />
      {data && data.items.length === 0 ? (
        <p className="empty">{t(A.empty)}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-busy={loading || undefined} data-testid="audit-entries">
            <thead>
              <tr>
                <th scope="col">{t(A.when)}</th>
                <th scope="col">{t(A.what)}</th>
                <th scope="col">{t(A.actor)}</th>
                <th scope="col">{t(A.object)}</th>
                <th scope="col">{t(A.change)}</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <When iso={e.at} />
                  </td>
                  <td>
                    {AUDIT_ACTIONS[e.action] ? t(AUDIT_ACTIONS[e.action] as Bilingual) : e.action}
                    <div className="muted small mono">{e.action}</div>
                  </td>
                  <td>
                    {e.actor ? (
                      <>
                        {e.actor.name ?? `#${e.actor.userId}`}
                        <div className="muted small">{ROLE_NAMES[e.actor.role as keyof typeof ROLE_NAMES] ? t(ROLE_NAMES[e.actor.role as keyof typeof ROLE_NAMES]) : e.actor.role}</div>
                      </>
                    ) : (
                      t(A.system)
                    )}
                    {e.ip && <div className="muted small mono">{e.ip}</div>}
                  </td>
                  <td>{e.target ? `${t(TARGET_TYPES.find(([k]) => k === e.target?.type)?.[1] ?? { id: e.target.type, en: e.target.type })} ${e.target.id ?? ''}` : '—'}</td>
                  <td>
                    <Diff before={e.before} after={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t(A.pages)} className="pager">
        <button type="button" className="btn btn-secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t(A.newer)}
        </button>
        <button type="button" className="btn btn-secondary" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setCursors([...cursors, data.nextCursor])}>
          {t(A.older)}
        </button>
      </nav>
    </section>
  );
}
