/**
 * What happens next to a complaint and whose turn it is, said plainly: "Langkah 4 — Kepala Seksi
 * atau Kepala Bidang mendisposisikan ke bidang terkait". Pure: the state machine's state, whether
 * the sheet was printed, and the configured step roles in; no I/O.
 */
import type { ComplaintState, StaffAction, StaffRole, StepRoles } from './state-machine.js';

export type SopStep = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface NextStep {
  step: SopStep;
  /** The action that carries the step out. */
  action: StaffAction | 'reporter_reply' | 'accept_answer';
  /** Whose turn: staff roles (from the step roles), or the reporter. */
  who: 'staff' | 'reporter';
  roles: StaffRole[];
  text: { id: string; en: string };
}

const ROLE_TITLES: Record<StaffRole, { id: string; en: string }> = {
  staff: { id: 'Staf', en: 'Staff' },
  section_head: { id: 'Kepala Seksi', en: 'Head of section' },
  division_head: { id: 'Kepala Bidang', en: 'Head of division' },
  division_officer: { id: 'Bidang terkait', en: 'The related division' },
  admin: { id: 'Admin', en: 'Admin' },
};

interface StepPlan {
  step: SopStep;
  action: NextStep['action'];
  /** What is done, after whoever does it. */
  doing: { id: string; en: string };
}

/** The main path of the SOP from each state; null when the complaint is finished. */
function planFor(state: ComplaintState, sheetPrinted: boolean): StepPlan | null {
  switch (state) {
    case 'received':
      return { step: 1, action: 'acknowledge', doing: { id: 'menanggapi pengaduan (paling lambat 1 hari kerja)', en: 'responds to the complaint (within 1 working day)' } };
    case 'acknowledged':
      return sheetPrinted
        ? { step: 4, action: 'dispose', doing: { id: 'mendisposisikan ke bidang terkait', en: 'disposes it to the related division' } }
        : { step: 2, action: 'print_sheet', doing: { id: 'mencetak lembar pengaduan', en: 'prints the complaint sheet' } };
    case 'clarification':
      return { step: 3, action: 'reporter_reply', doing: { id: 'melengkapi keterangan yang diminta', en: 'gives the information asked for' } };
    case 'disposed':
      return { step: 5, action: 'record_follow_up', doing: { id: 'mencatat tindak lanjut dan advokasi', en: 'records the follow-up and advocacy' } };
    case 'followed_up':
      return { step: 6, action: 'draft_answer', doing: { id: 'menyusun jawaban', en: 'drafts the answer' } };
    case 'reopened':
      return { step: 6, action: 'draft_answer', doing: { id: 'menyusun jawaban baru atas sanggahan pelapor', en: 'drafts a new answer to the reporter’s dispute' } };
    case 'answer_drafted':
      return { step: 6, action: 'approve_answer', doing: { id: 'memeriksa dan menyetujui jawaban', en: 'reviews and approves the answer' } };
    case 'answered':
      return { step: 7, action: 'accept_answer', doing: { id: 'menanggapi jawaban (ditutup otomatis setelah 10 hari kerja)', en: 'replies to the answer (closed automatically after 10 working days)' } };
    case 'on_hold':
    case 'closed':
    case 'rejected':
    case 'referred':
      return null;
  }
}

function joinRoles(roles: readonly StaffRole[], lang: 'id' | 'en'): string {
  const names = roles.map((r) => ROLE_TITLES[r][lang]);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${lang === 'id' ? 'atau' : 'or'} ${names[names.length - 1]}`;
}

/**
 * The next SOP step of a complaint. A complaint on hold continues where it paused (`resume` by
 * its roles, numbered as the step it paused in); finished complaints have none.
 */
export function nextStep(current: { state: ComplaintState; resumeState: ComplaintState | null; sheetPrinted: boolean }, stepRoles: StepRoles): NextStep | null {
  if (current.state === 'on_hold') {
    const paused = current.resumeState ? planFor(current.resumeState, current.sheetPrinted) : null;
    const roles = [...stepRoles.resume];
    return {
      step: paused?.step ?? 4,
      action: 'resume',
      who: 'staff',
      roles,
      text: {
        id: `Langkah ${paused?.step ?? 4} — ${joinRoles(roles, 'id')} melanjutkan pengaduan yang ditunda`,
        en: `Step ${paused?.step ?? 4} — ${joinRoles(roles, 'en')} resumes the complaint on hold`,
      },
    };
  }
  const plan = planFor(current.state, current.sheetPrinted);
  if (!plan) return null;
  if (plan.action === 'reporter_reply' || plan.action === 'accept_answer') {
    return {
      step: plan.step,
      action: plan.action,
      who: 'reporter',
      roles: [],
      text: { id: `Langkah ${plan.step} — Pelapor ${plan.doing.id}`, en: `Step ${plan.step} — The reporter ${plan.doing.en}` },
    };
  }
  const roles = [...stepRoles[plan.action]];
  return {
    step: plan.step,
    action: plan.action,
    who: 'staff',
    roles,
    text: { id: `Langkah ${plan.step} — ${joinRoles(roles, 'id')} ${plan.doing.id}`, en: `Step ${plan.step} — ${joinRoles(roles, 'en')} ${plan.doing.en}` },
  };
}
