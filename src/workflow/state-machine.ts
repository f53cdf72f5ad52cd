/**
 * SOP/DATA/16a as a state machine. Pure: no I/O, no clock. The workflow service feeds it the
 * complaint's state and the actor, and writes what it decides in one transaction.
 */

export const STAFF_ROLES = ['staff', 'section_head', 'division_head', 'division_officer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STATES = [
  'received',
  'acknowledged',
  'clarification',
  'disposed',
  'followed_up',
  'answer_drafted',
  'answered',
  'closed',
  'rejected',
  'referred',
  'on_hold',
  'reopened',
] as const;
export type ComplaintState = (typeof STATES)[number];

/** States in which the complaint is finished and no deadline runs. */
export const FINAL_STATES: readonly ComplaintState[] = ['closed', 'rejected', 'referred'];
/** States in which the clock is paused. */
export const PAUSED_STATES: readonly ComplaintState[] = ['clarification', 'on_hold'];

export const STAFF_ACTIONS = [
  'acknowledge',
  'print_sheet',
  'request_clarification',
  'resume',
  'dispose',
  'record_follow_up',
  'draft_answer',
  'return_answer',
  'approve_answer',
  'close',
  'reject',
  'refer',
  'hold',
  'reopen',
  'add_note',
  'classify',
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];
export const REPORTER_ACTIONS = ['reporter_reply', 'accept_answer', 'dispute_answer'] as const;
export type ReporterAction = (typeof REPORTER_ACTIONS)[number];
export type SystemAction = 'auto_close';
export type ActionName = StaffAction | ReporterAction | SystemAction;

type Destination =
  | { kind: 'fixed'; state: ComplaintState }
  | { kind: 'same' }
  /** Back to the state remembered when the complaint paused or its answer was drafted. */
  | { kind: 'resume' }
  /** Disposed stays disposed until every division has recorded its follow-up. */
  | { kind: 'follow_up' };

export interface TransitionRule {
  from: readonly ComplaintState[] | 'any';
  to: Destination;
  /** The SOP step this action carries out, for the record and the complaint sheet. */
  sopStep: 1 | 2 | 3 | 4 | 5 | 6 | null;
  /** Remember the current state so a later `resume` returns to it. */
  remembersState?: boolean;
}

const OPEN_WORK: readonly ComplaintState[] = ['acknowledged', 'disposed', 'followed_up', 'reopened'];

export const RULES: Record<ActionName, TransitionRule> = {
  acknowledge: { from: ['received'], to: { kind: 'fixed', state: 'acknowledged' }, sopStep: 1 },
  print_sheet: { from: 'any', to: { kind: 'same' }, sopStep: 2 },
  request_clarification: { from: OPEN_WORK, to: { kind: 'fixed', state: 'clarification' }, sopStep: 3, remembersState: true },
  reporter_reply: { from: ['clarification'], to: { kind: 'resume' }, sopStep: 3 },
  resume: { from: ['clarification', 'on_hold'], to: { kind: 'resume' }, sopStep: null },
  dispose: { from: OPEN_WORK, to: { kind: 'fixed', state: 'disposed' }, sopStep: 4 },
  record_follow_up: { from: ['disposed'], to: { kind: 'follow_up' }, sopStep: 5 },
  draft_answer: {
    from: ['acknowledged', 'followed_up', 'reopened', 'answer_drafted'],
    to: { kind: 'fixed', state: 'answer_drafted' },
    sopStep: 6,
    remembersState: true,
  },
  return_answer: { from: ['answer_drafted'], to: { kind: 'resume' }, sopStep: 6 },
  approve_answer: { from: ['answer_drafted'], to: { kind: 'fixed', state: 'answered' }, sopStep: 6 },
  accept_answer: { from: ['answered'], to: { kind: 'fixed', state: 'closed' }, sopStep: null },
  dispute_answer: { from: ['answered'], to: { kind: 'fixed', state: 'reopened' }, sopStep: null },
  auto_close: { from: ['answered'], to: { kind: 'fixed', state: 'closed' }, sopStep: null },
  close: { from: ['answered'], to: { kind: 'fixed', state: 'closed' }, sopStep: null },
  reject: { from: ['received', 'acknowledged', 'clarification'], to: { kind: 'fixed', state: 'rejected' }, sopStep: null },
  refer: { from: ['received', 'acknowledged', 'clarification', 'disposed'], to: { kind: 'fixed', state: 'referred' }, sopStep: null },
  hold: { from: OPEN_WORK, to: { kind: 'fixed', state: 'on_hold' }, sopStep: null, remembersState: true },
  reopen: { from: ['closed'], to: { kind: 'fixed', state: 'reopened' }, sopStep: null },
  add_note: { from: 'any', to: { kind: 'same' }, sopStep: null },
  // SOP step 1 records the complaint in the book, its class (answer deadline) included; step 3 is clarification.
  classify: { from: 'any', to: { kind: 'same' }, sopStep: 1 },
};

/** Which staff role carries out which action: the defaults read from SOP-DATA-16a.en.md; admins may change them. */
export type StepRoles = Readonly<Record<StaffAction, readonly StaffRole[]>>;

export const DEFAULT_STEP_ROLES: StepRoles = {
  acknowledge: ['staff'],
  print_sheet: ['staff', 'section_head', 'division_head'],
  request_clarification: ['staff', 'section_head'],
  resume: ['staff', 'section_head'],
  dispose: ['section_head', 'division_head'],
  record_follow_up: ['division_officer'],
  draft_answer: ['staff'],
  return_answer: ['section_head', 'division_head'],
  approve_answer: ['section_head', 'division_head'],
  close: ['staff', 'section_head'],
  reject: ['section_head', 'division_head'],
  refer: ['section_head', 'division_head'],
  hold: ['section_head', 'division_head'],
  reopen: ['section_head', 'division_head'],
  add_note: ['staff', 'section_head', 'division_head', 'division_officer'],
  classify: ['staff', 'section_head'],
};

export type Actor = { kind: 'staff'; role: StaffRole } | { kind: 'reporter' } | { kind: 'system' };

export interface MachineState {
  state: ComplaintState;
  resumeState: ComplaintState | null;
}

export type Decision =
  | { ok: true; to: ComplaintState; resumeState: ComplaintState | null; sopStep: number | null; changesState: boolean }
  | { ok: false; reason: 'wrong_state' | 'role_not_allowed'; state: ComplaintState; allowed: ActionName[] };

export function isStaffAction(action: string): action is StaffAction {
  return (STAFF_ACTIONS as readonly string[]).includes(action);
}

function actorMayDo(actor: Actor, action: ActionName, stepRoles: StepRoles): boolean {
  if (actor.kind === 'system') return action === 'auto_close';
  if (actor.kind === 'reporter') return (REPORTER_ACTIONS as readonly string[]).includes(action);
  return isStaffAction(action) && stepRoles[action].includes(actor.role);
}

function stateAllows(rule: TransitionRule, state: ComplaintState): boolean {
  return rule.from === 'any' || rule.from.includes(state);
}

/** The actions this actor may take now; what the back office shows as buttons. */
export function allowedActions(current: MachineState, actor: Actor, stepRoles: StepRoles): ActionName[] {
  return (Object.keys(RULES) as ActionName[]).filter(
    (action) => stateAllows(RULES[action], current.state) && actorMayDo(actor, action, stepRoles),
  );
}

/**
 * Whether `actor` may take `action` now and where it leads.
 * `openDispositionsAfter` is how many dispositions still wait for follow-up once this one is recorded.
 */
export function decide(
  current: MachineState,
  action: ActionName,
  actor: Actor,
  stepRoles: StepRoles,
  openDispositionsAfter = 0,
): Decision {
  const rule = RULES[action];
  const allowed = allowedActions(current, actor, stepRoles);
  if (!actorMayDo(actor, action, stepRoles)) {
    return { ok: false, reason: 'role_not_allowed', state: current.state, allowed };
  }
  if (!stateAllows(rule, current.state)) return { ok: false, reason: 'wrong_state', state: current.state, allowed };
  let to: ComplaintState;
  switch (rule.to.kind) {
    case 'fixed':
      to = rule.to.state;
      break;
    case 'same':
      to = current.state;
      break;
    case 'resume':
      to = current.resumeState ?? 'acknowledged';
      break;
    case 'follow_up':
      to = openDispositionsAfter > 0 ? 'disposed' : 'followed_up';
      break;
  }
  let resumeState: ComplaintState | null = current.resumeState;
  if (rule.remembersState) {
    // Re-drafting keeps the state the first draft came from.
    resumeState = current.state === 'answer_drafted' ? current.resumeState : current.state;
  } else if (rule.to.kind === 'resume' || to !== current.state) {
    resumeState = null;
  }
  return { ok: true, to, resumeState, sopStep: rule.sopStep, changesState: to !== current.state };
}
