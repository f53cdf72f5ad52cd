import { describe, it, expect } from 'vitest';
import {
  DEFAULT_STEP_ROLES,
  FINAL_STATES,
  PAUSED_STATES,
  REPORTER_ACTIONS,
  RULES,
  STAFF_ACTIONS,
  STAFF_ROLES,
  STATES,
  allowedActions,
  decide,
  isStaffAction,
  type ActionName,
  type Actor,
  type ComplaintState,
  type MachineState,
  type StaffRole,
  type StepRoles,
} from './state-machine.js';

// ---------------------------------------------------------------------------
// Hand-written expectations, read from SOP/DATA/16a (and the glossary), NOT derived from RULES.

/** Every action, in the order the back office lists them (the order of RULES). */
const ALL_ACTIONS: readonly ActionName[] = [
  'acknowledge',
  'print_sheet',
  'request_clarification',
  'reporter_reply',
  'resume',
  'dispose',
  'record_follow_up',
  'draft_answer',
  'return_answer',
  'approve_answer',
  'accept_answer',
  'dispute_answer',
  'auto_close',
  'close',
  'reject',
  'refer',
  'hold',
  'reopen',
  'add_note',
  'classify',
];

const ALL_STATES: readonly ComplaintState[] = [
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
];

type ActorKey = StaffRole | 'reporter' | 'system';

const ACTORS: Record<ActorKey, Actor> = {
  staff: { kind: 'staff', role: 'staff' },
  section_head: { kind: 'staff', role: 'section_head' },
  division_head: { kind: 'staff', role: 'division_head' },
  division_officer: { kind: 'staff', role: 'division_officer' },
  admin: { kind: 'staff', role: 'admin' },
  reporter: { kind: 'reporter' },
  system: { kind: 'system' },
};

const staff = ACTORS.staff;
const kasie = ACTORS.section_head;
const kabid = ACTORS.division_head;
const officer = ACTORS.division_officer;
const reporter = ACTORS.reporter;
const system = ACTORS.system;

const FINISHED = ['print_sheet', 'add_note', 'classify'] as const;

/** What each actor may do in each state with DEFAULT_STEP_ROLES, in RULES order. */
const EXPECTED: Record<ActorKey, Record<ComplaintState, readonly ActionName[]>> = {
  staff: {
    received: ['acknowledge', 'print_sheet', 'add_note', 'classify'],
    acknowledged: ['print_sheet', 'request_clarification', 'draft_answer', 'add_note', 'classify'],
    clarification: ['print_sheet', 'resume', 'add_note', 'classify'],
    disposed: ['print_sheet', 'request_clarification', 'add_note', 'classify'],
    followed_up: ['print_sheet', 'request_clarification', 'draft_answer', 'add_note', 'classify'],
    answer_drafted: ['print_sheet', 'draft_answer', 'add_note', 'classify'],
    answered: ['print_sheet', 'close', 'add_note', 'classify'],
    closed: [...FINISHED],
    rejected: [...FINISHED],
    referred: [...FINISHED],
    on_hold: ['print_sheet', 'resume', 'add_note', 'classify'],
    reopened: ['print_sheet', 'request_clarification', 'draft_answer', 'add_note', 'classify'],
  },
  section_head: {
    received: ['print_sheet', 'reject', 'refer', 'add_note', 'classify'],
    acknowledged: ['print_sheet', 'request_clarification', 'dispose', 'reject', 'refer', 'hold', 'add_note', 'classify'],
    clarification: ['print_sheet', 'resume', 'reject', 'refer', 'add_note', 'classify'],
    disposed: ['print_sheet', 'request_clarification', 'dispose', 'refer', 'hold', 'add_note', 'classify'],
    followed_up: ['print_sheet', 'request_clarification', 'dispose', 'hold', 'add_note', 'classify'],
    answer_drafted: ['print_sheet', 'return_answer', 'approve_answer', 'add_note', 'classify'],
    answered: ['print_sheet', 'close', 'add_note', 'classify'],
    closed: ['print_sheet', 'reopen', 'add_note', 'classify'],
    rejected: [...FINISHED],
    referred: [...FINISHED],
    on_hold: ['print_sheet', 'resume', 'add_note', 'classify'],
    reopened: ['print_sheet', 'request_clarification', 'dispose', 'hold', 'add_note', 'classify'],
  },
  division_head: {
    received: ['print_sheet', 'reject', 'refer', 'add_note'],
    acknowledged: ['print_sheet', 'dispose', 'reject', 'refer', 'hold', 'add_note'],
    clarification: ['print_sheet', 'reject', 'refer', 'add_note'],
    disposed: ['print_sheet', 'dispose', 'refer', 'hold', 'add_note'],
    followed_up: ['print_sheet', 'dispose', 'hold', 'add_note'],
    answer_drafted: ['print_sheet', 'return_answer', 'approve_answer', 'add_note'],
    answered: ['print_sheet', 'add_note'],
    closed: ['print_sheet', 'reopen', 'add_note'],
    rejected: ['print_sheet', 'add_note'],
    referred: ['print_sheet', 'add_note'],
    on_hold: ['print_sheet', 'add_note'],
    reopened: ['print_sheet', 'dispose', 'hold', 'add_note'],
  },
  division_officer: {
    received: ['add_note'],
    acknowledged: ['add_note'],
    clarification: ['add_note'],
    disposed: ['record_follow_up', 'add_note'],
    followed_up: ['add_note'],
    answer_drafted: ['add_note'],
    answered: ['add_note'],
    closed: ['add_note'],
    rejected: ['add_note'],
    referred: ['add_note'],
    on_hold: ['add_note'],
    reopened: ['add_note'],
  },
  // Admins configure the office; by default they carry out no SOP step.
  admin: {
    received: [],
    acknowledged: [],
    clarification: [],
    disposed: [],
    followed_up: [],
    answer_drafted: [],
    answered: [],
    closed: [],
    rejected: [],
    referred: [],
    on_hold: [],
    reopened: [],
  },
  reporter: {
    received: [],
    acknowledged: [],
    clarification: ['reporter_reply'],
    disposed: [],
    followed_up: [],
    answer_drafted: [],
    answered: ['accept_answer', 'dispute_answer'],
    closed: [],
    rejected: [],
    referred: [],
    on_hold: [],
    reopened: [],
  },
  system: {
    received: [],
    acknowledged: [],
    clarification: [],
    disposed: [],
    followed_up: [],
    answer_drafted: [],
    answered: ['auto_close'],
    closed: [],
    rejected: [],
    referred: [],
    on_hold: [],
    reopened: [],
  },
};

/** Where each action leads when it succeeds (with no remembered state and no open dispositions). */
const DESTINATION: Record<ActionName, ComplaintState | 'same' | 'remembered'> = {
  acknowledge: 'acknowledged',
  print_sheet: 'same',
  request_clarification: 'clarification',
  reporter_reply: 'remembered',
  resume: 'remembered',
  dispose: 'disposed',
  record_follow_up: 'followed_up',
  draft_answer: 'answer_drafted',
  return_answer: 'remembered',
  approve_answer: 'answered',
  accept_answer: 'closed',
  dispute_answer: 'reopened',
  auto_close: 'closed',
  close: 'closed',
  reject: 'rejected',
  refer: 'referred',
  hold: 'on_hold',
  reopen: 'reopened',
  add_note: 'same',
  classify: 'same',
};

/** The SOP step each action carries out. */
const SOP_STEP: Record<ActionName, number | null> = {
  acknowledge: 1,
  print_sheet: 2,
  request_clarification: 3,
  reporter_reply: 3,
  resume: null,
  dispose: 4,
  record_follow_up: 5,
  draft_answer: 6,
  return_answer: 6,
  approve_answer: 6,
  accept_answer: null,
  dispute_answer: null,
  auto_close: null,
  close: null,
  reject: null,
  refer: null,
  hold: null,
  reopen: null,
  add_note: null,
  // Step 1 enters the complaint in the book with its class (and so its answer deadline); step 3 only clarifies.
  classify: 1,
};

function at(state: ComplaintState, resumeState: ComplaintState | null = null): MachineState {
  return { state, resumeState };
}

/** Take an action that must succeed and return the machine state it leads to. */
function take(current: MachineState, action: ActionName, actor: Actor, openDispositionsAfter = 0, roles: StepRoles = DEFAULT_STEP_ROLES): MachineState {
  const d = decide(current, action, actor, roles, openDispositionsAfter);
  if (!d.ok) throw new Error(`${action} by ${JSON.stringify(actor)} in ${current.state} refused: ${d.reason}`);
  return { state: d.to, resumeState: d.resumeState };
}

function sorted<T extends string>(list: readonly T[]): T[] {
  return [...list].sort();
}

// ---------------------------------------------------------------------------

describe('vocabulary', () => {
  it('lists every state, action and role the SOP reading uses', () => {
    expect([...STATES]).toEqual(ALL_STATES);
    expect(Object.keys(RULES)).toEqual(ALL_ACTIONS);
    expect([...STAFF_ROLES]).toEqual(['staff', 'section_head', 'division_head', 'division_officer', 'admin']);
    expect([...REPORTER_ACTIONS]).toEqual(['reporter_reply', 'accept_answer', 'dispute_answer']);
    expect(sorted([...STAFF_ACTIONS, ...REPORTER_ACTIONS, 'auto_close'])).toEqual(sorted(ALL_ACTIONS));
    expect(sorted(Object.keys(DEFAULT_STEP_ROLES))).toEqual(sorted(STAFF_ACTIONS));
  });

  it('final and paused states', () => {
    expect(sorted(FINAL_STATES)).toEqual(['closed', 'referred', 'rejected']);
    expect(sorted(PAUSED_STATES)).toEqual(['clarification', 'on_hold']);
  });

  it('isStaffAction tells staff actions from reporter, system and unknown ones', () => {
    for (const a of STAFF_ACTIONS) expect(isStaffAction(a)).toBe(true);
    for (const a of ['reporter_reply', 'accept_answer', 'dispute_answer', 'auto_close', 'fly', '', 'ACKNOWLEDGE']) {
      expect(isStaffAction(a)).toBe(false);
    }
  });

  it('the default step roles follow the SOP executors (Staf, Kasie, Kabid, Bidang Terkait)', () => {
    expect(DEFAULT_STEP_ROLES.acknowledge).toEqual(['staff']);
    expect(DEFAULT_STEP_ROLES.print_sheet).toEqual(['staff', 'section_head', 'division_head']);
    expect(sorted(DEFAULT_STEP_ROLES.request_clarification)).toEqual(['section_head', 'staff']);
    expect(sorted(DEFAULT_STEP_ROLES.dispose)).toEqual(['division_head', 'section_head']);
    expect(DEFAULT_STEP_ROLES.record_follow_up).toEqual(['division_officer']);
    expect(DEFAULT_STEP_ROLES.draft_answer).toEqual(['staff']);
    expect(sorted(DEFAULT_STEP_ROLES.approve_answer)).toEqual(['division_head', 'section_head']);
  });
});

describe('allowedActions: the key hand-checked lists', () => {
  it('staff in received = [acknowledge, print_sheet, add_note, classify]', () => {
    expect(allowedActions(at('received'), staff, DEFAULT_STEP_ROLES)).toEqual(['acknowledge', 'print_sheet', 'add_note', 'classify']);
  });
  it('section head in received may reject or refer but not acknowledge', () => {
    expect(allowedActions(at('received'), kasie, DEFAULT_STEP_ROLES)).toEqual(['print_sheet', 'reject', 'refer', 'add_note', 'classify']);
  });
  it('division officer in disposed records the follow-up', () => {
    expect(allowedActions(at('disposed'), officer, DEFAULT_STEP_ROLES)).toEqual(['record_follow_up', 'add_note']);
  });
  it('reporter in clarification = [reporter_reply]', () => {
    expect(allowedActions(at('clarification', 'acknowledged'), reporter, DEFAULT_STEP_ROLES)).toEqual(['reporter_reply']);
  });
  it('reporter in answered = [accept_answer, dispute_answer]', () => {
    expect(allowedActions(at('answered'), reporter, DEFAULT_STEP_ROLES)).toEqual(['accept_answer', 'dispute_answer']);
  });
  it('system in answered = [auto_close]', () => {
    expect(allowedActions(at('answered'), system, DEFAULT_STEP_ROLES)).toEqual(['auto_close']);
  });
  it('the remembered state does not change what is allowed', () => {
    expect(allowedActions(at('clarification', 'disposed'), staff, DEFAULT_STEP_ROLES)).toEqual(EXPECTED.staff.clarification);
    expect(allowedActions(at('answer_drafted', 'followed_up'), kasie, DEFAULT_STEP_ROLES)).toEqual(EXPECTED.section_head.answer_drafted);
  });
});

describe('decide: every (action, state, actor) against the hand-written table', () => {
  for (const actorKey of Object.keys(ACTORS) as ActorKey[]) {
    const actor = ACTORS[actorKey];
    const table = EXPECTED[actorKey];
    const everAllowed = new Set(ALL_STATES.flatMap((s) => table[s]));

    describe(actorKey, () => {
      for (const state of ALL_STATES) {
        it(`in ${state}`, () => {
          const current = at(state);
          const expectedAllowed = table[state];
          const allowed = allowedActions(current, actor, DEFAULT_STEP_ROLES);
          expect(allowed).toEqual(expectedAllowed);

          for (const action of ALL_ACTIONS) {
            const d = decide(current, action, actor, DEFAULT_STEP_ROLES);
            const label = `${actorKey} ${action} in ${state}`;
            if (expectedAllowed.includes(action)) {
              expect(d.ok, label).toBe(true);
              if (!d.ok) continue;
              const dest = DESTINATION[action];
              // With no remembered state, every "go back" lands on acknowledged.
              const to = dest === 'same' ? state : dest === 'remembered' ? 'acknowledged' : dest;
              expect(d.to, label).toBe(to);
              expect(d.changesState, label).toBe(to !== state);
              expect(d.sopStep, label).toBe(SOP_STEP[action]);
            } else {
              expect(d, label).toEqual({
                ok: false,
                reason: everAllowed.has(action) ? 'wrong_state' : 'role_not_allowed',
                state,
                allowed: expectedAllowed,
              });
            }
          }
        });
      }
    });
  }

  it('a refusal always lists exactly allowedActions(...) for the same actor, state and roles', () => {
    for (const actorKey of Object.keys(ACTORS) as ActorKey[]) {
      for (const state of ALL_STATES) {
        for (const resumeState of [null, 'acknowledged', 'disposed'] as const) {
          const current = at(state, resumeState);
          for (const action of ALL_ACTIONS) {
            const d = decide(current, action, ACTORS[actorKey], DEFAULT_STEP_ROLES);
            if (!d.ok) expect(d.allowed).toEqual(allowedActions(current, ACTORS[actorKey], DEFAULT_STEP_ROLES));
          }
        }
      }
    }
  });

  it('the role check comes before the state check', () => {
    // Reporter may never acknowledge, so even in received it is role_not_allowed.
    expect(decide(at('received'), 'acknowledge', reporter, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    // Staff may acknowledge, but not once acknowledged.
    expect(decide(at('acknowledged'), 'acknowledge', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
    // A wrong state and a wrong role at once: the role wins.
    expect(decide(at('closed'), 'approve_answer', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    // Staff cannot take reporter or system actions, even in the right state.
    expect(decide(at('clarification', 'acknowledged'), 'reporter_reply', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('answered'), 'accept_answer', kasie, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('answered'), 'auto_close', kabid, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    // The system and the reporter cannot take each other's actions or staff ones.
    expect(decide(at('answered'), 'close', system, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('answered'), 'auto_close', reporter, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('answered'), 'accept_answer', system, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    // Right actor, wrong state.
    expect(decide(at('on_hold', 'disposed'), 'reporter_reply', reporter, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
    expect(decide(at('closed'), 'auto_close', system, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state', allowed: [] });
  });
});

describe('decide: the SOP paths', () => {
  it('happy path received → acknowledged → disposed → followed_up → answer_drafted → answered → closed', () => {
    let m = at('received');
    const steps: Array<[ActionName, Actor, ComplaintState, number | null, boolean]> = [
      ['acknowledge', staff, 'acknowledged', 1, true],
      ['print_sheet', staff, 'acknowledged', 2, false],
      ['classify', kasie, 'acknowledged', 1, false],
      ['dispose', kasie, 'disposed', 4, true],
      ['record_follow_up', officer, 'followed_up', 5, true],
      ['draft_answer', staff, 'answer_drafted', 6, true],
      ['approve_answer', kasie, 'answered', 6, true],
      ['accept_answer', reporter, 'closed', null, true],
    ];
    for (const [action, actor, to, sopStep, changesState] of steps) {
      const d = decide(m, action, actor, DEFAULT_STEP_ROLES);
      expect(d, action).toMatchObject({ ok: true, to, sopStep, changesState });
      m = take(m, action, actor);
    }
    expect(m).toEqual({ state: 'closed', resumeState: null });
  });

  it('the head of division may dispose and approve; an unanswered answer closes by itself', () => {
    let m = take(at('received'), 'acknowledge', staff);
    m = take(m, 'dispose', kabid);
    expect(m).toEqual({ state: 'disposed', resumeState: null });
    m = take(m, 'record_follow_up', officer);
    m = take(m, 'draft_answer', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'followed_up' });
    m = take(m, 'approve_answer', kabid);
    expect(m).toEqual({ state: 'answered', resumeState: null });
    expect(decide(m, 'auto_close', system, DEFAULT_STEP_ROLES)).toEqual({ ok: true, to: 'closed', resumeState: null, sopStep: null, changesState: true });
    expect(decide(m, 'close', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: true, to: 'closed' });
  });

  it('a simple complaint can be answered straight after acknowledgement', () => {
    let m = take(at('received'), 'acknowledge', staff);
    m = take(m, 'draft_answer', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'acknowledged' });
    m = take(m, 'approve_answer', kasie);
    expect(m).toEqual({ state: 'answered', resumeState: null });
  });

  it('clarification from acknowledged remembers it and the reporter reply restores it', () => {
    const d = decide(at('acknowledged'), 'request_clarification', staff, DEFAULT_STEP_ROLES);
    expect(d).toEqual({ ok: true, to: 'clarification', resumeState: 'acknowledged', sopStep: 3, changesState: true });
    let m = take(at('acknowledged'), 'request_clarification', staff);
    // Notes, printing and classification in between keep what is remembered.
    m = take(m, 'add_note', officer);
    m = take(m, 'print_sheet', kabid);
    m = take(m, 'classify', staff);
    expect(m).toEqual({ state: 'clarification', resumeState: 'acknowledged' });
    expect(decide(m, 'reporter_reply', reporter, DEFAULT_STEP_ROLES)).toEqual({
      ok: true,
      to: 'acknowledged',
      resumeState: null,
      sopStep: 3,
      changesState: true,
    });
  });

  it('clarification from disposed returns to disposed (by reply or by staff resuming)', () => {
    const m = take(at('disposed'), 'request_clarification', kasie);
    expect(m).toEqual({ state: 'clarification', resumeState: 'disposed' });
    expect(take(m, 'reporter_reply', reporter)).toEqual({ state: 'disposed', resumeState: null });
    expect(take(m, 'resume', staff)).toEqual({ state: 'disposed', resumeState: null });
    expect(decide(m, 'resume', staff, DEFAULT_STEP_ROLES)).toMatchObject({ sopStep: null, changesState: true });
  });

  it('clarification from followed_up and from reopened', () => {
    expect(take(take(at('followed_up'), 'request_clarification', staff), 'reporter_reply', reporter)).toEqual({ state: 'followed_up', resumeState: null });
    expect(take(take(at('reopened'), 'request_clarification', kasie), 'resume', kasie)).toEqual({ state: 'reopened', resumeState: null });
  });

  it('a resume with nothing remembered falls back to acknowledged', () => {
    expect(take(at('clarification'), 'reporter_reply', reporter)).toEqual({ state: 'acknowledged', resumeState: null });
    expect(take(at('on_hold'), 'resume', kasie)).toEqual({ state: 'acknowledged', resumeState: null });
  });

  it('hold remembers the state and resume restores it', () => {
    for (const from of ['acknowledged', 'disposed', 'followed_up', 'reopened'] as const) {
      const held = take(at(from), 'hold', kabid);
      expect(held).toEqual({ state: 'on_hold', resumeState: from });
      expect(decide(held, 'reporter_reply', reporter, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
      expect(decide(held, 'resume', kabid, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
      expect(take(held, 'resume', staff)).toEqual({ state: from, resumeState: null });
    }
  });

  it('hold and clarification do not nest', () => {
    expect(decide(at('on_hold', 'disposed'), 'request_clarification', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
    expect(decide(at('clarification', 'disposed'), 'hold', kasie, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
  });

  it('re-drafting keeps the original resumeState', () => {
    let m = take(at('followed_up'), 'draft_answer', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'followed_up' });
    const redraft = decide(m, 'draft_answer', staff, DEFAULT_STEP_ROLES);
    expect(redraft).toEqual({ ok: true, to: 'answer_drafted', resumeState: 'followed_up', sopStep: 6, changesState: false });
    m = take(m, 'draft_answer', staff);
    m = take(m, 'draft_answer', staff);
    m = take(m, 'add_note', kasie);
    m = take(m, 'print_sheet', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'followed_up' });
  });

  it('return_answer goes back to the state before the first draft', () => {
    for (const from of ['acknowledged', 'followed_up', 'reopened'] as const) {
      let m = take(at(from), 'draft_answer', staff);
      m = take(m, 'draft_answer', staff);
      const d = decide(m, 'return_answer', kasie, DEFAULT_STEP_ROLES);
      expect(d).toEqual({ ok: true, to: from, resumeState: null, sopStep: 6, changesState: true });
      expect(take(m, 'return_answer', kabid)).toEqual({ state: from, resumeState: null });
    }
    expect(decide(at('answer_drafted', 'followed_up'), 'return_answer', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
  });

  it('returned, re-drafted and approved: the second draft remembers afresh', () => {
    let m = take(at('acknowledged'), 'draft_answer', staff);
    m = take(m, 'return_answer', kasie);
    expect(m).toEqual({ state: 'acknowledged', resumeState: null });
    m = take(m, 'dispose', kasie);
    m = take(m, 'record_follow_up', officer);
    m = take(m, 'draft_answer', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'followed_up' });
  });

  it('record_follow_up stays disposed while other dispositions are open', () => {
    expect(decide(at('disposed'), 'record_follow_up', officer, DEFAULT_STEP_ROLES, 2)).toEqual({
      ok: true,
      to: 'disposed',
      resumeState: null,
      sopStep: 5,
      changesState: false,
    });
    expect(decide(at('disposed'), 'record_follow_up', officer, DEFAULT_STEP_ROLES, 1)).toMatchObject({ ok: true, to: 'disposed', changesState: false });
    expect(decide(at('disposed'), 'record_follow_up', officer, DEFAULT_STEP_ROLES, 0)).toEqual({
      ok: true,
      to: 'followed_up',
      resumeState: null,
      sopStep: 5,
      changesState: true,
    });
    // The default is "no other disposition open".
    expect(decide(at('disposed'), 'record_follow_up', officer, DEFAULT_STEP_ROLES)).toMatchObject({ ok: true, to: 'followed_up' });
    // Only the related division records the follow-up, and only once disposed.
    expect(decide(at('disposed'), 'record_follow_up', kasie, DEFAULT_STEP_ROLES, 0)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('followed_up'), 'record_follow_up', officer, DEFAULT_STEP_ROLES, 0)).toMatchObject({ ok: false, reason: 'wrong_state' });
  });

  it('several dispositions: followed_up only after the last one', () => {
    let m = take(at('acknowledged'), 'dispose', kasie);
    m = take(m, 'dispose', kasie);
    expect(m).toEqual({ state: 'disposed', resumeState: null });
    m = take(m, 'record_follow_up', officer, 1);
    expect(m.state).toBe('disposed');
    m = take(m, 'record_follow_up', officer, 0);
    expect(m.state).toBe('followed_up');
    // The answer may be disposed further after a follow-up.
    expect(take(m, 'dispose', kabid).state).toBe('disposed');
  });

  it('a dispute reopens the answered complaint, which is handled again', () => {
    const d = decide(at('answered'), 'dispute_answer', reporter, DEFAULT_STEP_ROLES);
    expect(d).toEqual({ ok: true, to: 'reopened', resumeState: null, sopStep: null, changesState: true });
    let m = take(at('answered'), 'dispute_answer', reporter);
    m = take(m, 'draft_answer', staff);
    expect(m).toEqual({ state: 'answer_drafted', resumeState: 'reopened' });
    expect(take(m, 'return_answer', kasie)).toEqual({ state: 'reopened', resumeState: null });
    m = take(m, 'approve_answer', kasie);
    expect(m.state).toBe('answered');
    expect(decide(at('answer_drafted', 'reopened'), 'dispute_answer', reporter, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
  });

  it('reopen from closed only, by the section or division head', () => {
    expect(decide(at('closed'), 'reopen', kasie, DEFAULT_STEP_ROLES)).toEqual({ ok: true, to: 'reopened', resumeState: null, sopStep: null, changesState: true });
    expect(take(at('closed'), 'reopen', kabid)).toEqual({ state: 'reopened', resumeState: null });
    expect(decide(at('closed'), 'reopen', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    for (const s of ['rejected', 'referred', 'answered', 'reopened'] as const) {
      expect(decide(at(s), 'reopen', kasie, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'wrong_state' });
    }
    // A reopened complaint goes through the work again.
    const m = take(take(at('closed'), 'reopen', kasie), 'dispose', kasie);
    expect(m.state).toBe('disposed');
  });

  it('reject from received, acknowledged and clarification only', () => {
    for (const s of ['received', 'acknowledged', 'clarification'] as const) {
      for (const who of [kasie, kabid]) {
        expect(decide(at(s, s === 'clarification' ? 'acknowledged' : null), 'reject', who, DEFAULT_STEP_ROLES)).toEqual({
          ok: true,
          to: 'rejected',
          resumeState: null,
          sopStep: null,
          changesState: true,
        });
      }
    }
    for (const s of ALL_STATES.filter((x) => !['received', 'acknowledged', 'clarification'].includes(x))) {
      expect(decide(at(s), 'reject', kasie, DEFAULT_STEP_ROLES), s).toMatchObject({ ok: false, reason: 'wrong_state' });
    }
    expect(decide(at('received'), 'reject', staff, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
  });

  it('refer from received, acknowledged, clarification and disposed only', () => {
    const from = ['received', 'acknowledged', 'clarification', 'disposed'] as const;
    for (const s of from) {
      expect(take(at(s, s === 'clarification' ? 'disposed' : null), 'refer', kabid)).toEqual({ state: 'referred', resumeState: null });
    }
    for (const s of ALL_STATES.filter((x) => !(from as readonly string[]).includes(x))) {
      expect(decide(at(s), 'refer', kasie, DEFAULT_STEP_ROLES), s).toMatchObject({ ok: false, reason: 'wrong_state' });
    }
    expect(decide(at('received'), 'refer', officer, DEFAULT_STEP_ROLES)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
  });

  it('finished complaints only take notes, printing and classification (and reopen from closed)', () => {
    for (const s of ['closed', 'rejected', 'referred'] as const) {
      for (const a of ['print_sheet', 'add_note', 'classify'] as const) {
        expect(decide(at(s), a, staff, DEFAULT_STEP_ROLES)).toEqual({ ok: true, to: s, resumeState: null, sopStep: SOP_STEP[a], changesState: false });
      }
    }
  });
});

describe('decide: configurable step roles', () => {
  it('acknowledge given to the section head only moves the button', () => {
    const roles: StepRoles = { ...DEFAULT_STEP_ROLES, acknowledge: ['section_head'] };
    expect(decide(at('received'), 'acknowledge', staff, roles)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
      state: 'received',
      allowed: ['print_sheet', 'add_note', 'classify'],
    });
    expect(decide(at('received'), 'acknowledge', kasie, roles)).toEqual({ ok: true, to: 'acknowledged', resumeState: null, sopStep: 1, changesState: true });
    expect(allowedActions(at('received'), kasie, roles)).toEqual(['acknowledge', 'print_sheet', 'reject', 'refer', 'add_note', 'classify']);
    expect(allowedActions(at('received'), staff, roles)).toEqual(['print_sheet', 'add_note', 'classify']);
    // The defaults are untouched.
    expect(allowedActions(at('received'), staff, DEFAULT_STEP_ROLES)).toEqual(['acknowledge', 'print_sheet', 'add_note', 'classify']);
  });

  it('giving the admin an action lets the admin take it', () => {
    const roles: StepRoles = { ...DEFAULT_STEP_ROLES, reopen: ['admin'], add_note: ['admin'] };
    expect(allowedActions(at('closed'), ACTORS.admin, roles)).toEqual(['reopen', 'add_note']);
    expect(take(at('closed'), 'reopen', ACTORS.admin, 0, roles)).toEqual({ state: 'reopened', resumeState: null });
    expect(decide(at('closed'), 'reopen', kasie, roles)).toMatchObject({ ok: false, reason: 'role_not_allowed', allowed: ['print_sheet', 'classify'] });
    expect(decide(at('answered'), 'reopen', ACTORS.admin, roles)).toMatchObject({ ok: false, reason: 'wrong_state', allowed: ['add_note'] });
  });

  it('an action given to nobody is refused to every staff role', () => {
    const roles: StepRoles = { ...DEFAULT_STEP_ROLES, close: [] };
    for (const role of STAFF_ROLES) {
      expect(decide(at('answered'), 'close', { kind: 'staff', role }, roles)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    }
    // The reporter and the system are not governed by step roles.
    expect(decide(at('answered'), 'accept_answer', reporter, roles)).toMatchObject({ ok: true, to: 'closed' });
    expect(decide(at('answered'), 'auto_close', system, roles)).toMatchObject({ ok: true, to: 'closed' });
  });

  it('step roles cannot hand reporter or system actions to staff', () => {
    // StepRoles only has staff actions; a record carrying extra keys still does not grant them.
    const roles = { ...DEFAULT_STEP_ROLES, auto_close: ['staff'], reporter_reply: ['staff'] } as unknown as StepRoles;
    expect(decide(at('answered'), 'auto_close', staff, roles)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(decide(at('clarification', 'acknowledged'), 'reporter_reply', staff, roles)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
  });

  it('every staff role with a custom table: generated check against the table itself', () => {
    const roles: StepRoles = {
      ...DEFAULT_STEP_ROLES,
      acknowledge: ['section_head'],
      dispose: ['division_head'],
      draft_answer: ['staff', 'division_officer'],
      approve_answer: ['division_head'],
    };
    for (const role of STAFF_ROLES) {
      const actor: Actor = { kind: 'staff', role };
      for (const state of ALL_STATES) {
        const allowed = allowedActions(at(state), actor, roles);
        for (const action of STAFF_ACTIONS) {
          const mayRole = roles[action].includes(role);
          const rule = RULES[action];
          const mayState = rule.from === 'any' || rule.from.includes(state);
          const d = decide(at(state), action, actor, roles);
          if (mayRole && mayState) expect(d.ok).toBe(true);
          else expect(d).toEqual({ ok: false, reason: mayRole ? 'wrong_state' : 'role_not_allowed', state, allowed });
          expect(allowed.includes(action)).toBe(mayRole && mayState);
        }
      }
    }
  });
});
