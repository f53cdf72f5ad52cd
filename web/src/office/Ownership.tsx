import { useId, useState } from 'react';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { useApiGet } from './data';
import { TEAM } from './messages';
import { useMe } from './session';
import { refreshTeam } from './team-data';
import { INTAKE_ROLES, type Person, type Role, type StaffComplaint } from './types';
import { Problem } from './ui';

interface Member {
  id: number;
  name: string;
  role: Role;
  divisionId: number | null;
}

const HEADS: readonly Role[] = ['section_head', 'division_head'];
const FINISHED = ['closed', 'rejected', 'referred'];

/** Take, release or assign; one request, then the page and "my work" read again. */
function useAssign(c: StaffComplaint, reload: () => Promise<unknown>) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (userId: number | null, dispositionId?: number) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/staff/complaints/${encodeURIComponent(c.trackingNumber)}/assign`, { json: { version: c.version, userId, ...(dispositionId ? { dispositionId } : {}) } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      await reload();
      void refreshTeam();
    }
  };
  return { run, error, busy };
}

function AssignForm({ people, current, busy, onAssign }: { people: Member[]; current: Person | null; busy: boolean; onAssign: (id: number | null) => void }) {
  const { t } = useLanguage();
  const id = useId();
  const [chosen, setChosen] = useState<string>(current ? String(current.id) : '');
  return (
    <form
      className="assign-form"
      onSubmit={(e) => {
        e.preventDefault();
        onAssign(chosen ? Number(chosen) : null);
      }}
    >
      <label htmlFor={id}>{t(TEAM.assignTo)}</label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">{t(TEAM.nobody)}</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-secondary" disabled={busy || chosen === (current ? String(current.id) : '')}>
        {t(TEAM.assign)}
      </button>
    </form>
  );
}

/** "Ditangani oleh …" with Take/Assign, for the complaint and, below, for each open disposition. */
export function OwnerPanel({ complaint: c, reload }: { complaint: StaffComplaint; reload: () => Promise<unknown> }) {
  const { t } = useLanguage();
  const me = useMe();
  const head = HEADS.includes(me.role);
  const { data: team } = useApiGet<{ members: Member[] }>(me.role === 'admin' ? null : '/api/staff/team');
  const { run, error, busy } = useAssign(c, reload);
  const open = !FINISHED.includes(c.state);
  const intake = (team?.members ?? []).filter((m) => INTAKE_ROLES.includes(m.role));
  const mine = c.owner?.id === me.id;
  const openDispositions = c.dispositions.filter((d) => d.followedUpAt === null);

  return (
    <section className="panel owner-panel" aria-labelledby="owner-title" data-testid="owner">
      <h2 id="owner-title">{t(TEAM.ownerTitle)}</h2>
      <p data-testid="owner-name">{c.owner ? t(TEAM.handledBy, { name: c.owner.name }) : t(TEAM.unowned)}</p>
      {c.state === 'answer_drafted' && <p className="muted">{t(TEAM.awaitingRole)}</p>}
      {open && (me.role === 'staff' || head) && (
        <div className="owner-actions">
          {!mine && (head || c.owner === null) && (
            <button type="button" className="btn" disabled={busy} onClick={() => void run(me.id)}>
              {t(TEAM.take)}
            </button>
          )}
          {mine && (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void run(null)}>
              {t(TEAM.release)}
            </button>
          )}
          {head && intake.length > 0 && <AssignForm key={c.owner?.id ?? 0} people={intake} current={c.owner} busy={busy} onAssign={(id) => void run(id)} />}
        </div>
      )}
      {open &&
        openDispositions.map((d) => {
          const officers = (team?.members ?? []).filter((m) => m.role === 'division_officer' && m.divisionId === d.division.id);
          const ofMyDivision = me.role === 'division_officer' && me.divisionId === d.division.id;
          return (
            <div key={d.id} className="owner-disposition" data-disposition={d.id}>
              <p>
                <strong>{d.division.name}</strong> — {d.owner ? t(TEAM.dispositionOwner, { name: d.owner.name }) : t(TEAM.dispositionUnowned)}
              </p>
              {ofMyDivision && d.owner === null && (
                <button type="button" className="btn" disabled={busy} onClick={() => void run(me.id, d.id)}>
                  {t(TEAM.take)}
                </button>
              )}
              {ofMyDivision && d.owner?.id === me.id && (
                <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void run(null, d.id)}>
                  {t(TEAM.release)}
                </button>
              )}
              {head && officers.length > 0 && <AssignForm key={d.owner?.id ?? 0} people={officers} current={d.owner} busy={busy} onAssign={(id) => void run(id, d.id)} />}
            </div>
          );
        })}
      <Problem error={error} />
    </section>
  );
}
