import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { useApiGet, useCatalogues } from './data';
import { FIELD_LABELS, LIVE, O } from './messages';
import { Link, PATHS } from './router';
import { useMe, useSession } from './session';
import { INTAKE_ROLES, type Role } from './types';

interface SavedFilter {
  id: number;
  name: string;
  query: string;
}

/** The queue's query worth keeping: everything but the page and the language. */
function keptQuery(search: URLSearchParams): string {
  const kept = new URLSearchParams(search);
  kept.delete('page');
  kept.delete('lang');
  return kept.toString();
}

/** The user's named filters as chips, and saving the current one under a name. */
export function SavedFilters({ search }: { search: URLSearchParams }) {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const list = useApiGet<{ items: SavedFilter[] }>('/api/staff/saved-filters');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const current = keptQuery(search);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await api('POST', '/api/staff/saved-filters', { json: { name: name.trim(), query: current } });
      setNaming(false);
      setName('');
      await list.reload();
    } catch (e) {
      handleError(e);
      setProblem(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join(' ') : problemMessage(e, t));
    }
  };
  const remove = async (filter: SavedFilter) => {
    try {
      await api('DELETE', `/api/staff/saved-filters/${filter.id}`);
      await list.reload();
    } catch (e) {
      handleError(e);
    }
  };

  return (
    <section className="saved-filters" aria-label={t(LIVE.savedFilters)}>
      <ul className="chips">
        {(list.data?.items ?? []).map((f) => (
          <li key={f.id} className="chip">
            <Link href={`${PATHS.queue}?${f.query}`} aria-current={f.query === current ? 'true' : undefined}>
              {f.name}
            </Link>
            <button type="button" className="chip-remove" aria-label={t(LIVE.deleteFilter, { name: f.name })} onClick={() => void remove(f)}>
              ×
            </button>
          </li>
        ))}
        <li>
          {naming ? (
            <form className="chip-form" onSubmit={(e) => void save(e)}>
              <label htmlFor="saved-filter-name">{t(LIVE.filterName)}</label>
              <input id="saved-filter-name" value={name} maxLength={60} required onChange={(e) => setName(e.target.value)} aria-describedby={problem ? 'saved-filter-problem' : undefined} />
              <button type="submit" className="btn btn-primary">
                {t(O.submit)}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setNaming(false)}>
                {t(O.cancel)}
              </button>
              {problem && (
                <span id="saved-filter-problem" className="error-text" role="alert">
                  {problem}
                </span>
              )}
            </form>
          ) : (
            <button type="button" className="btn btn-link" onClick={() => setNaming(true)}>
              {t(LIVE.saveFilter)}
            </button>
          )}
        </li>
      </ul>
    </section>
  );
}

interface BulkResult {
  done: number;
  refused: number;
  results: { trackingNumber: string; ok: boolean; state?: string; code?: string; message?: string }[];
}

/** Who is offered which bulk action; the server still checks each item (role, state, version). */
const BULK_FOR: Record<'dispose' | 'approve_answer' | 'assign', readonly Role[]> = {
  dispose: ['section_head', 'division_head'],
  approve_answer: ['section_head', 'division_head'],
  // Heads name anyone at the intake desk; staff take what nobody holds (the server checks each).
  assign: ['staff', 'section_head', 'division_head'],
};

interface Member {
  id: number;
  name: string;
  role: Role;
}

/** Actions on the selected rows, with a result per complaint. */
export function BulkBar({ chosen, onClear, onDone }: { chosen: ReadonlyMap<string, number>; onClear: () => void; onDone: () => void }) {
  const { t } = useLanguage();
  const me = useMe();
  const { handleError } = useSession();
  const catalogues = useCatalogues();
  const [form, setForm] = useState<'dispose' | 'assign'>();
  const [assignee, setAssignee] = useState('');
  const head = me.role === 'section_head' || me.role === 'division_head';
  const team = useApiGet<{ members: Member[] }>(head ? '/api/staff/team' : null);
  const intake = (team.data?.members ?? []).filter((m) => INTAKE_ROLES.includes(m.role));
  const [divisionIds, setDivisionIds] = useState<number[]>([]);
  const [instruction, setInstruction] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult>();
  const [problem, setProblem] = useState<string>();
  if (chosen.size === 0 && !result) return null;
  const items = [...chosen].map(([trackingNumber, version]) => ({ trackingNumber, version }));

  const run = async (action: 'dispose' | 'approve_answer' | 'assign', extra: Record<string, unknown> = {}) => {
    setBusy(true);
    setProblem(undefined);
    try {
      setResult(await api<BulkResult>('POST', `/api/staff/bulk-actions/${action}`, { json: { items, ...extra } }));
      setForm(undefined);
      onClear();
      onDone();
    } catch (e) {
      handleError(e);
      setProblem(e instanceof ApiError && e.fields.length ? e.fields.map((f) => `${t(FIELD_LABELS[f.path] ?? { id: f.path, en: f.path })}: ${f.message}`).join(' ') : problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  const sheets = `/api/staff/sheets.pdf?${items.map((i) => `tn=${encodeURIComponent(i.trackingNumber)}`).join('&')}`;

  return (
    <section className="bulk-bar panel" aria-label={t(LIVE.selected, { n: chosen.size })} data-testid="bulk-bar">
      {chosen.size > 0 && (
        <div className="bulk-buttons">
          <strong>{t(LIVE.selected, { n: chosen.size })}</strong>
          {BULK_FOR.assign.includes(me.role) &&
            (head ? (
              <button type="button" className="btn btn-action" aria-expanded={form === 'assign'} onClick={() => setForm(form === 'assign' ? undefined : 'assign')}>
                {t(LIVE.bulkAssign)}
              </button>
            ) : (
              <Button variant="secondary" busy={busy && form === undefined} onClick={() => void run('assign', { userId: me.id })}>
                {t(LIVE.bulkTake)}
              </Button>
            ))}
          {BULK_FOR.dispose.includes(me.role) && (
            <button type="button" className="btn btn-action" aria-expanded={form === 'dispose'} onClick={() => setForm(form === 'dispose' ? undefined : 'dispose')}>
              {t(LIVE.bulkDispose)}
            </button>
          )}
          {BULK_FOR.approve_answer.includes(me.role) && (
            <Button variant="secondary" busy={busy && form === undefined} onClick={() => void run('approve_answer')}>
              {t(LIVE.bulkApprove)}
            </Button>
          )}
          <a className="btn btn-secondary" href={sheets} target="_blank" rel="noopener">
            {t(LIVE.bulkPrint)}
          </a>
          <button type="button" className="btn btn-link" onClick={onClear}>
            {t(LIVE.clearSelection)}
          </button>
        </div>
      )}
      {form === 'dispose' && (
        <form
          className="bulk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('dispose', { divisionIds, instruction });
          }}
        >
          <fieldset className="field">
            <legend>{t(FIELD_LABELS.divisionIds ?? LIVE.bulkDispose)}</legend>
            <div className="checkbox-grid">
              {catalogues?.divisions
                .filter((d) => d.active)
                .map((d) => (
                  <label key={d.id} className="checkbox">
                    <input type="checkbox" checked={divisionIds.includes(d.id)} onChange={(e) => setDivisionIds(e.target.checked ? [...divisionIds, d.id] : divisionIds.filter((x) => x !== d.id))} /> {d.name}
                  </label>
                ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="bulk-instruction">{t(FIELD_LABELS.instruction ?? LIVE.bulkDispose)}</label>
            <textarea id="bulk-instruction" rows={3} value={instruction} onChange={(e) => setInstruction(e.target.value)} />
          </div>
          <Button type="submit" busy={busy}>
            {t(LIVE.bulkDispose)}
          </Button>
        </form>
      )}
      {form === 'assign' && (
        <form
          className="bulk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('assign', { userId: assignee ? Number(assignee) : null });
          }}
        >
          <div className="field">
            <label htmlFor="bulk-assignee">{t(LIVE.bulkAssignTo)}</label>
            <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">{t(LIVE.bulkNobody)}</option>
              {intake.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" busy={busy}>
            {t(LIVE.bulkAssign)}
          </Button>
        </form>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <div role="status" data-testid="bulk-results">
          <p>{t(LIVE.bulkResults, { done: result.done, refused: result.refused })}</p>
          <ul className="bulk-results">
            {result.results.map((r) => (
              <li key={r.trackingNumber} className={r.ok ? 'ok' : 'refused'}>
                <Link href={PATHS.complaint(r.trackingNumber)} className="mono">
                  {r.trackingNumber}
                </Link>{' '}
                — {t(r.ok ? LIVE.bulkDone : LIVE.bulkRefused)}
                {r.message ? `: ${r.message}` : ''}
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-link" onClick={() => setResult(undefined)}>
            {t(O.close)}
          </button>
        </div>
      )}
    </section>
  );
}
