/**
 * Bulk data set for the benchmarks: N complaints over 2024 to today, in every state, with
 * reporters, events, messages, dispositions and answers, written straight into a freshly
 * migrated database (not through the API).
 *
 * The schema, catalogues and users come from the project's own code (migrateToLatest,
 * seedReferenceData, createUser); each complaint's history is played through the real state
 * machine and deadline clock (decide, advanceClock), so every deadline column is what the
 * application itself would have written. Rows then go in as prepared statements in one
 * transaction per batch (SQLite) or as `INSERT … SELECT FROM unnest(…)` arrays, one batch in
 * flight while the next is built (PostgreSQL).
 *
 *   npx tsx bench/generate.ts --db sqlite --size 20000 --out /tmp/aduan.sqlite
 *   npx tsx bench/generate.ts --db postgres --size 20000 --url postgres://…
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createUser } from '../src/accounts/service.js';
import { addWorkingDays, jakartaYear } from '../src/calendar/working-time.js';
import { seedReferenceData } from '../src/catalogue/seed.js';
import type { Channel } from '../src/complaints/schema.js';
import { hashAccessCode } from '../src/complaints/tracking.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { rebuildRecapTotals } from '../src/db/migrations/0004_recap_totals.js';
import { OfficeSettingsStore, type OfficeSettings } from '../src/settings/office-settings.js';
import { advanceClock, followUpDue, initialClock, type ComplaintClock } from '../src/workflow/deadlines.js';
import { PUBLIC_EVENT_TYPES } from '../src/workflow/events.js';
import { loadConfig } from '../src/config.js';
import { ERASED_TEXT } from '../src/scheduler/retention.js';
import { decide, FINAL_STATES, type ActionName, type Actor, type ComplaintState, type StaffRole } from '../src/workflow/state-machine.js';
import { between, complaintText, personName, pick, PLACES, rng, STAFF_TEXT, type Random } from './words.js';

/** Every generated complaint opens with this access code (its hash is stored per tracking number). */
export const BENCH_ACCESS_CODE = 'BENCH23456';
/** The admin the generator creates; run.ts gives the server the same login. */
export const BENCH_ADMIN = { email: 'bench-admin@aduan.local', password: 'bench-admin-password-2026' } as const;

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const FIRST_DAY = Date.parse('2024-01-01T00:00:00+07:00');
const DAY_MS = 86_400_000;

export interface GenerateStats {
  size: number;
  seconds: number;
  rows: Record<string, number>;
  /** Complaints per Jakarta year: tracking numbers ADU-<year>-000001 … count. */
  trackingCounts: Record<string, number>;
  states: Record<string, number>;
  generatedAt: string;
}

type Value = string | number | null;

/** Column order and PostgreSQL array type of every bulk-loaded table. */
const TABLES = {
  reporters: [['id', 'int'], ['name', 'text'], ['email', 'text'], ['phone', 'text'], ['address', 'text'], ['erased_at', 'timestamptz']],
  complaints: [
    ['id', 'int'], ['tracking_number', 'text'], ['access_code_hash', 'text'], ['reporter_id', 'int'], ['is_anonymous', 'smallint'],
    ['is_confidential', 'smallint'], ['permit_type_id', 'int'], ['application_number', 'text'], ['subject', 'text'], ['description', 'text'],
    ['channel', 'text'], ['incident_date', 'text'], ['consent_at', 'timestamptz'], ['language', 'text'], ['state', 'text'],
    ['resume_state', 'text'], ['version', 'int'], ['class_id', 'int'], ['theme_id', 'int'], ['received_at', 'timestamptz'],
    ['due_at', 'timestamptz'], ['due_kind', 'text'], ['paused_remaining_days', 'real'], ['first_response_due_at', 'timestamptz'],
    ['first_responded_at', 'timestamptz'], ['first_response_met', 'smallint'], ['answer_due_at', 'timestamptz'], ['answered_at', 'timestamptz'],
    ['answer_met', 'smallint'], ['close_due_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['referred_to', 'text'],
    ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['answer_working_days', 'float8'], ['was_reopened', 'smallint'],
  ],
  complaint_events: [
    ['id', 'int'], ['complaint_id', 'int'], ['type', 'text'], ['from_state', 'text'], ['to_state', 'text'], ['actor_type', 'text'],
    ['actor_user_id', 'int'], ['actor_role', 'text'], ['is_public', 'smallint'], ['data', 'text'], ['at', 'timestamptz'],
  ],
  complaint_messages: [
    ['id', 'int'], ['complaint_id', 'int'], ['kind', 'text'], ['author_type', 'text'], ['author_user_id', 'int'], ['is_internal', 'smallint'],
    ['body', 'text'], ['created_at', 'timestamptz'],
  ],
  dispositions: [
    ['id', 'int'], ['complaint_id', 'int'], ['division_id', 'int'], ['instruction', 'text'], ['disposed_by', 'int'], ['disposed_at', 'timestamptz'],
    ['due_at', 'timestamptz'], ['follow_up', 'text'], ['advocacy', 'text'], ['followed_up_by', 'int'], ['followed_up_at', 'timestamptz'],
    ['follow_up_met', 'smallint'],
  ],
  answers: [
    ['id', 'int'], ['complaint_id', 'int'], ['body', 'text'], ['status', 'text'], ['drafted_by', 'int'], ['drafted_at', 'timestamptz'],
    ['reviewed_by', 'int'], ['reviewed_at', 'timestamptz'], ['review_note', 'text'],
  ],
  satisfaction_surveys: [['complaint_id', 'int'], ['scores', 'text'], ['comment', 'text'], ['submitted_at', 'timestamptz']],
  personal_data_erasures: [['complaint_id', 'int'], ['summary', 'text'], ['erased_at', 'timestamptz']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;
type TableName = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as TableName[];
const TABLES_WITH_ID = TABLE_NAMES.filter((t) => (TABLES[t][0] as readonly [string, string])[0] === 'id');

interface Sink {
  add(table: TableName, row: Value[]): void;
  /** The per-year tracking counters, written once at the end. */
  counters(rows: [year: number, lastValue: number][]): Promise<void>;
  /** End of a batch: commit (SQLite) or send (PostgreSQL). */
  flush(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Journeys: the actions a complaint goes through, played until the next one would be after now.

type Step = ActionName | 'finish';
const JOURNEYS: { weight: number; steps: Step[] }[] = [
  { weight: 26, steps: ['acknowledge', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 28, steps: ['acknowledge', 'dispose', 'record_follow_up', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 8, steps: ['acknowledge', 'classify', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 9, steps: ['acknowledge', 'request_clarification', 'reporter_reply', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 4, steps: ['reject'] },
  { weight: 3, steps: ['acknowledge', 'reject'] },
  { weight: 5, steps: ['acknowledge', 'refer'] },
  { weight: 1, steps: ['refer'] },
  { weight: 3, steps: ['acknowledge', 'hold', 'resume', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 2, steps: ['acknowledge', 'draft_answer', 'approve_answer', 'dispute_answer', 'draft_answer', 'approve_answer', 'finish'] },
  { weight: 1, steps: ['acknowledge', 'request_clarification'] },
  { weight: 0.4, steps: ['acknowledge', 'hold'] },
];
const JOURNEY_TOTAL = JOURNEYS.reduce((s, j) => s + j.weight, 0);

/** Working days (or, for reporters, calendar days) from the previous step to this one. */
const GAPS: Partial<Record<ActionName, [number, number]>> = {
  acknowledge: [0.05, 1.4],
  classify: [0.05, 1],
  dispose: [0.2, 2],
  record_follow_up: [1, 7],
  draft_answer: [0.5, 6],
  approve_answer: [0.1, 2],
  close: [1, 5],
  reject: [0.1, 2],
  refer: [0.2, 3],
  hold: [0.5, 5],
  resume: [3, 25],
  request_clarification: [0.2, 3],
};
const REPORTER_GAPS: Partial<Record<ActionName, [number, number]>> = { reporter_reply: [0.2, 6], accept_answer: [0.5, 9], dispute_answer: [0.5, 8] };

const CHANNEL_WEIGHTS: [Channel, number][] = [['web', 55], ['letter', 10], ['phone', 10], ['walk_in', 12], ['email', 8], ['social_media', 5]];

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

interface Refs {
  settings: OfficeSettings;
  /** Finished complaints closed longer ago than this are stored as the retention job leaves them. */
  retentionMs: number;
  permitTypeIds: number[];
  divisionIds: number[];
  classIds: number[];
  themeIds: number[];
  users: { staff: number; section_head: number; division_head: number; officers: Map<number, number> };
}

const iso = (ms: number) => new Date(ms).toISOString();
const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

interface Counters {
  reporters: number;
  events: number;
  messages: number;
  dispositions: number;
  answers: number;
  surveys: number;
  erasures: number;
}

/** Plays one complaint and hands its rows to the sink. */
function emitComplaint(sink: Sink, refs: Refs, random: Random, id: number, receivedMs: number, trackingNumber: string, nowMs: number, ids: Counters): ComplaintState {
  const { settings, users } = refs;
  const cal = settings.calendar;
  const channel = weighted(random, CHANNEL_WEIGHTS);
  const text = complaintText(random);
  const r = random();
  const anonymous = r < 0.1;
  let reporterId: number | null = null;
  let reporter: Value[] | null = null;
  if (r >= 0.08) {
    // 8 % anonymous without any contact; 2 % anonymous who left a contact for the office only.
    reporterId = ++ids.reporters;
    const name = personName(random);
    const hasPhone = random() < 0.5;
    reporter = [
      reporterId,
      name,
      random() < 0.85 || !hasPhone ? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${reporterId}@contoh.id` : null,
      hasPhone ? `+62812${String(10_000_000 + Math.floor(random() * 89_999_999))}` : null,
      random() < 0.2 ? `Jl. ${pick(random, PLACES)} No. ${1 + Math.floor(random() * 200)}, Kota Tangerang` : null,
      null,
    ];
  }
  const permitTypeId = random() < 0.8 ? pick(random, refs.permitTypeIds) : null;
  let classId = settings.defaultClassId;
  let themeId: number | null = null;
  const answerDaysOf = (cls: number | null) => (cls !== null ? settings.classDays.get(cls) : undefined) ?? 14;
  let clock: ComplaintClock = initialClock(cal, new Date(receivedMs), settings.deadlines, answerDaysOf(classId));
  let state: ComplaintState = 'received';
  let resumeState: ComplaintState | null = null;
  let version = 1;
  let referredTo: string | null = null;
  let reopened = 0;
  let t = receivedMs;
  const receivedIso = iso(receivedMs);

  const event = (type: string, from: ComplaintState | null, to: ComplaintState | null, actorType: 'reporter' | 'staff' | 'system', userId: number | null, role: string | null, at: string, data: Record<string, unknown> | null) =>
    sink.add('complaint_events', [++ids.events, id, type, from, to, actorType, userId, role, PUBLIC_EVENT_TYPES.includes(type) ? 1 : 0, data ? JSON.stringify(data) : null, at]);
  const messages: Value[][] = [];
  const message = (kind: string, authorType: 'reporter' | 'staff' | 'system', userId: number | null, body: string, at: string) =>
    messages.push([++ids.messages, id, kind, authorType, userId, kind === 'note' ? 1 : 0, body, at]);

  if (channel === 'web') event('submitted', null, 'received', 'reporter', null, null, receivedIso, { channel, attachments: 0 });
  else event('registered', null, 'received', 'staff', users.staff, 'staff', receivedIso, { channel, attachments: 0 });

  let journey = (JOURNEYS[JOURNEYS.length - 1] as (typeof JOURNEYS)[number]).steps;
  let pickJ = random() * JOURNEY_TOTAL;
  for (const j of JOURNEYS) {
    pickJ -= j.weight;
    if (pickJ < 0) {
      journey = j.steps;
      break;
    }
  }
  // 1.5 % are stuck somewhere (the backlog that makes overdue complaints), never in `answered`.
  const stopAt = random() < 0.015 ? Math.floor(random() * journey.length) : journey.length;

  let disposition: Value[] | null = null;
  let draft: Value[] | null = null;
  const answers: Value[][] = [];
  for (let i = 0; i < journey.length; i++) {
    if (i >= stopAt && state !== 'answered') break;
    let action = journey[i] as Step;
    if (action === 'finish') action = random() < 0.4 ? 'accept_answer' : random() < 0.93 ? 'auto_close' : 'close';
    let next: number;
    if (action === 'auto_close') {
      next = Date.parse(clock.closeDueAt ?? iso(t)) + Math.floor(random() * 60_000);
    } else if (REPORTER_GAPS[action]) {
      const [a, b] = REPORTER_GAPS[action] as [number, number];
      next = t + between(random, a, b) * DAY_MS;
      if (action === 'accept_answer' && clock.closeDueAt && next > Date.parse(clock.closeDueAt)) {
        action = 'auto_close';
        next = Date.parse(clock.closeDueAt) + Math.floor(random() * 60_000);
      }
    } else {
      const [a, b] = GAPS[action] ?? [0.5, 2];
      next = addWorkingDays(cal, new Date(t), between(random, a, b)).getTime();
    }
    if (next > nowMs) break;
    t = next;
    const at = iso(t);

    let actor: Actor;
    let actorType: 'reporter' | 'staff' | 'system';
    let userId: number | null = null;
    let role: StaffRole | null = null;
    if (action === 'auto_close') {
      actor = { kind: 'system' };
      actorType = 'system';
    } else if (action === 'reporter_reply' || action === 'accept_answer' || action === 'dispute_answer') {
      actor = { kind: 'reporter' };
      actorType = 'reporter';
    } else {
      const roles = settings.stepRoles[action];
      role = roles.includes('staff') ? 'staff' : roles.includes('section_head') ? 'section_head' : (roles[0] as StaffRole);
      actor = { kind: 'staff', role };
      actorType = 'staff';
    }

    let data: Record<string, unknown> | null = null;
    let newClassId = classId;
    switch (action) {
      case 'acknowledge':
        if (random() < 0.6) message('acknowledgement', 'staff', users.staff, pick(random, STAFF_TEXT.acknowledgement), at);
        break;
      case 'classify': {
        newClassId = pick(random, refs.classIds);
        themeId = pick(random, refs.themeIds);
        data = { classId: newClassId, themeId };
        break;
      }
      case 'request_clarification':
        message('clarification_request', 'staff', users.staff, pick(random, STAFF_TEXT.clarification), at);
        break;
      case 'reporter_reply':
        message('reply', 'reporter', null, pick(random, STAFF_TEXT.reply), at);
        break;
      case 'dispose': {
        const divisionId = pick(random, refs.divisionIds);
        const instruction = pick(random, STAFF_TEXT.instruction);
        const due = followUpDue(cal, new Date(t), settings.deadlines).toISOString();
        disposition = [++ids.dispositions, id, divisionId, instruction, users.section_head, at, due, null, null, null, null, null];
        data = { divisionIds: [divisionId], instruction, followUpDueAt: due };
        break;
      }
      case 'record_follow_up': {
        if (!disposition) throw new Error('follow-up without disposition');
        const divisionId = disposition[2] as number;
        userId = refs.users.officers.get(divisionId) ?? null;
        role = 'division_officer';
        actor = { kind: 'staff', role };
        disposition[7] = pick(random, STAFF_TEXT.followUp);
        disposition[8] = random() < 0.3 ? pick(random, STAFF_TEXT.advocacy) : null;
        disposition[9] = userId;
        disposition[10] = at;
        disposition[11] = t <= Date.parse(disposition[6] as string) ? 1 : 0;
        data = { dispositionId: disposition[0], divisionId };
        break;
      }
      case 'draft_answer':
        for (const a of answers) if (a[3] === 'draft') a[3] = 'returned';
        draft = [++ids.answers, id, pick(random, STAFF_TEXT.answer), 'draft', users.staff, at, null, null, null];
        answers.push(draft);
        break;
      case 'approve_answer':
        if (!draft) throw new Error('approval without draft');
        draft[3] = 'published';
        draft[6] = users.section_head;
        draft[7] = at;
        message('answer', 'staff', users.section_head, draft[2] as string, at);
        data = { answerId: draft[0] };
        break;
      case 'reject':
        message('message', 'staff', users.section_head, pick(random, STAFF_TEXT.reject), at);
        data = { reason: random() < 0.5 ? 'spam' : 'other' };
        break;
      case 'refer':
        referredTo = pick(random, STAFF_TEXT.referredTo);
        message('message', 'staff', users.section_head, pick(random, STAFF_TEXT.refer), at);
        data = { referredTo };
        break;
      case 'hold':
        message('note', 'staff', users.section_head, pick(random, STAFF_TEXT.hold), at);
        break;
      case 'dispute_answer':
        message('dispute', 'reporter', null, pick(random, STAFF_TEXT.dispute), at);
        break;
      default:
        break;
    }
    if (actorType === 'staff' && userId === null) userId = role === 'section_head' ? users.section_head : role === 'division_head' ? users.division_head : users.staff;

    const decision = decide({ state, resumeState }, action, actor, settings.stepRoles, 0);
    if (!decision.ok) throw new Error(`journey ${journey.join(',')}: ${action} not allowed from ${state} (${decision.reason})`);
    clock = advanceClock(
      cal,
      clock,
      { action, from: state, to: decision.to, now: new Date(t), answerDays: answerDaysOf(newClassId), previousAnswerDays: answerDaysOf(classId) },
      settings.deadlines,
    );
    event(action, state, decision.to, actorType, userId, role, at, data);
    if (decision.to === 'reopened') reopened = 1;
    classId = newClassId;
    state = decision.to;
    resumeState = decision.resumeState;
    version++;
  }

  // A third of answered reporters rate the handling (nine elements, 1–4), within days of the answer.
  let survey: Value[] | null = null;
  if (clock.answeredAt && (state === 'answered' || state === 'closed') && random() < 0.3) {
    const submitted = Date.parse(clock.answeredAt) + between(random, 0.2, 5) * DAY_MS;
    if (submitted <= nowMs) {
      const scores = Array.from({ length: 9 }, () => (random() < 0.7 ? 3 : random() < 0.6 ? 4 : random() < 0.7 ? 2 : 1));
      survey = [id, JSON.stringify(scores), random() < 0.3 ? pick(random, STAFF_TEXT.reply) : null, iso(submitted)];
      event('rated', state, state, 'reporter', null, null, iso(submitted), null);
      t = Math.max(t, submitted);
    }
  }

  let application = permitTypeId !== null && random() < 0.4 ? `${2024 + Math.floor(random() * 3)}/${String(Math.floor(random() * 999_999)).padStart(6, '0')}` : null;
  let description = text.description;
  // What the retention job (src/scheduler/retention.ts) has done by now to complaints finished long ago.
  let erasure: Value[] | null = null;
  if (clock.closedAt && FINAL_STATES.includes(state) && Date.parse(clock.closedAt) + refs.retentionMs <= nowMs) {
    const erasedAt = iso(Date.parse(clock.closedAt) + refs.retentionMs);
    const reporterMessages = messages.filter((m) => m[3] === 'reporter');
    for (const m of reporterMessages) m[6] = ERASED_TEXT;
    if (survey) survey[2] = null;
    if (reporter) reporter = [reporter[0] as Value, null, null, null, null, erasedAt];
    description = ERASED_TEXT;
    application = null;
    const summary = { reporter: reporter !== null, description: true, reporterMessages: reporterMessages.length, attachments: 0, surveyComment: false, outboxMessages: 0 };
    erasure = [id, JSON.stringify(summary), erasedAt];
    event('personal_data_erased', state, state, 'system', null, null, erasedAt, summary);
    t = Math.max(t, Date.parse(erasedAt));
  }
  const consent = channel === 'web' || random() < 0.6 ? receivedIso : null;
  const incident = random() < 0.3 ? iso(receivedMs - Math.floor(random() * 60) * DAY_MS).slice(0, 10) : null;
  if (reporter) sink.add('reporters', reporter);
  sink.add('complaints', [
    id, trackingNumber, hashAccessCode(trackingNumber, BENCH_ACCESS_CODE), reporterId, anonymous ? 1 : 0,
    random() < 0.05 ? 1 : 0, permitTypeId, application, text.subject, description,
    channel, incident, consent, random() < 0.97 ? 'id' : 'en', state,
    resumeState, version, classId, themeId, receivedIso,
    clock.dueAt, clock.dueKind, clock.pausedRemainingDays, clock.firstResponseDueAt,
    clock.firstRespondedAt, flag(clock.firstResponseMet), clock.answerDueAt, clock.answeredAt,
    flag(clock.answerMet), clock.closeDueAt, clock.closedAt, referredTo,
    receivedIso, iso(t), clock.answerWorkingDays, reopened,
  ]);
  // Children after their complaint, so foreign keys hold in insertion order.
  for (const m of messages) sink.add('complaint_messages', m);
  if (disposition) sink.add('dispositions', disposition);
  for (const a of answers) sink.add('answers', a);
  if (survey) {
    ids.surveys++;
    sink.add('satisfaction_surveys', survey);
  }
  if (erasure) {
    ids.erasures++;
    sink.add('personal_data_erasures', erasure);
  }
  return state;
}

// ---------------------------------------------------------------------------------------------

async function prepareSchema(db: Db): Promise<Refs> {
  await migrateToLatest(db);
  await seedReferenceData(db.kysely);
  const k = db.kysely;
  const now = new Date();
  await createUser(k, { email: BENCH_ADMIN.email, name: 'Bench Admin', password: BENCH_ADMIN.password, role: 'admin', divisionId: null }, now);
  const password = 'bench-staff-password-2026';
  const staff = await createUser(k, { email: 'staf@bench.local', name: 'Rina Kusuma (Staf)', password, role: 'staff', divisionId: null }, now);
  const sectionHead = await createUser(k, { email: 'kasie@bench.local', name: 'Bambang Setiawan (Kasie)', password, role: 'section_head', divisionId: null }, now);
  const divisionHead = await createUser(k, { email: 'kabid@bench.local', name: 'Sri Wahyuni (Kabid)', password, role: 'division_head', divisionId: null }, now);
  const divisions = await k.selectFrom('divisions').select(['id', 'code']).orderBy('id').execute();
  const officers = new Map<number, number>();
  for (const d of divisions) {
    officers.set(d.id, await createUser(k, { email: `bidang.${d.code.toLowerCase()}@bench.local`, name: `Petugas ${d.code}`, password, role: 'division_officer', divisionId: d.id }, now));
  }
  const settings = await new OfficeSettingsStore(k, () => new Date()).get();
  return {
    settings,
    retentionMs: loadConfig({}).retentionDays * DAY_MS,
    permitTypeIds: (await k.selectFrom('permit_types').select('id').execute()).map((r) => r.id),
    divisionIds: divisions.map((d) => d.id),
    classIds: (await k.selectFrom('complaint_classes').select('id').execute()).map((r) => r.id),
    themeIds: (await k.selectFrom('complaint_themes').select('id').execute()).map((r) => r.id),
    users: { staff, section_head: sectionHead, division_head: divisionHead, officers },
  };
}

const BATCH = 5000;

async function fill(sink: Sink, refs: Refs, size: number, log: (line: string) => void): Promise<Omit<GenerateStats, 'seconds' | 'generatedAt'>> {
  const random = rng(20_240_101 + size);
  const nowMs = Date.now() - 10 * 60_000;
  const span = nowMs - FIRST_DAY;
  const ids: Counters = { reporters: 0, events: 0, messages: 0, dispositions: 0, answers: 0, surveys: 0, erasures: 0 };
  const counts: Record<string, number> = {};
  const states: Record<string, number> = {};
  const started = Date.now();
  for (let i = 0; i < size; i++) {
    const receivedMs = Math.floor(FIRST_DAY + ((i + random()) / size) * span);
    const year = jakartaYear(new Date(receivedMs));
    const n = (counts[year] ?? 0) + 1;
    counts[year] = n;
    const state = emitComplaint(sink, refs, random, i + 1, receivedMs, `ADU-${year}-${String(n).padStart(6, '0')}`, nowMs, ids);
    states[state] = (states[state] ?? 0) + 1;
    if ((i + 1) % BATCH === 0 || i + 1 === size) {
      await sink.flush();
      if ((i + 1) % 100_000 === 0) log(`  ${i + 1} complaints, ${Math.round((i + 1) / ((Date.now() - started) / 1000))}/s`);
    }
  }
  await sink.counters(Object.entries(counts).map(([year, last]) => [Number(year), last]));
  return {
    size,
    rows: {
      complaints: size,
      reporters: ids.reporters,
      complaint_events: ids.events,
      complaint_messages: ids.messages,
      dispositions: ids.dispositions,
      answers: ids.answers,
      satisfaction_surveys: ids.surveys,
      personal_data_erasures: ids.erasures,
    },
    trackingCounts: counts,
    states,
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite

export async function generateSqlite(file: string, size: number, log: (line: string) => void = console.log): Promise<GenerateStats> {
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase({ dialect: 'sqlite', file });
  const refs = await prepareSchema(db);
  await db.close();

  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  raw.pragma('temp_store = MEMORY');
  // Rows are consistent by construction; checked below with foreign_key_check on small sets.
  raw.pragma('foreign_keys = OFF');
  const insert = Object.fromEntries(
    TABLE_NAMES.map((t) => [t, raw.prepare(`INSERT INTO ${t} (${TABLES[t].map(([c]) => c).join(', ')}) VALUES (${TABLES[t].map(() => '?').join(', ')})`)]),
  ) as Record<TableName, SQLite.Statement>;
  const counter = raw.prepare('INSERT INTO tracking_counters (year, last_value) VALUES (?, ?)');
  raw.exec('BEGIN');
  const sink: Sink = {
    add(table, row) {
      insert[table].run(row);
    },
    async flush() {
      raw.exec('COMMIT');
      raw.exec('BEGIN');
    },
    async counters(rows) {
      for (const row of rows) counter.run(row);
    },
  };
  const stats = await fill(sink, refs, size, log);
  raw.exec('COMMIT');
  if (size <= 50_000) {
    const problems = raw.prepare('PRAGMA foreign_key_check').all();
    if (problems.length) throw new Error(`foreign key problems: ${JSON.stringify(problems.slice(0, 5))}`);
  }
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  return { ...stats, seconds: (Date.now() - started) / 1000, generatedAt: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export async function generatePostgres(url: string, size: number, log: (line: string) => void = console.log): Promise<GenerateStats> {
  const started = Date.now();
  const db = openDatabase({ dialect: 'postgres', url });
  const refs = await prepareSchema(db);
  await db.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Bulk load: skip the per-row foreign-key triggers (the rows are consistent by construction).
  await client.query('SET session_replication_role = replica');
  const empty = () => Object.fromEntries(TABLE_NAMES.map((t) => [t, TABLES[t].map(() => [] as Value[])])) as Record<TableName, Value[][]>;
  let columns = empty();
  const statements = Object.fromEntries(
    TABLE_NAMES.map((t) => [
      t,
      `INSERT INTO ${t} (${TABLES[t].map(([c]) => c).join(', ')}) SELECT * FROM unnest(${TABLES[t].map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
    ]),
  ) as Record<TableName, string>;
  let pending: Promise<void> = Promise.resolve();
  const tableMs: Record<string, number> = {};
  let failure: unknown;
  const send = async (batch: Record<TableName, Value[][]>) => {
    await client.query('BEGIN');
    for (const t of TABLE_NAMES) {
      const t0 = performance.now();
      if ((batch[t][0] as Value[]).length > 0) await client.query(statements[t], batch[t]);
      tableMs[t] = (tableMs[t] ?? 0) + performance.now() - t0;
    }
    await client.query('COMMIT');
  };
  const sink: Sink = {
    add(table, row) {
      const cols = columns[table];
      for (let i = 0; i < row.length; i++) (cols[i] as Value[]).push(row[i] as Value);
    },
    async flush() {
      const batch = columns;
      columns = empty();
      await pending;
      if (failure) throw failure;
      // One batch in flight while the next one is built.
      pending = send(batch).catch((error: unknown) => {
        failure = error;
      });
    },
    async counters(rows) {
      await pending;
      if (failure) throw failure;
      for (const row of rows) await client.query('INSERT INTO tracking_counters (year, last_value) VALUES ($1, $2)', row);
    },
  };
  const stats = await fill(sink, refs, size, log);
  await client.query('SET session_replication_role = origin');
  // The replica role skipped the recap triggers too; count what was loaded in one pass.
  const recount = openDatabase({ dialect: 'postgres', url });
  await rebuildRecapTotals(recount.kysely as Kysely<unknown>, 'postgres');
  await recount.close();
  for (const t of TABLES_WITH_ID) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  }
  const loaded = (Date.now() - started) / 1000;
  log(`  insert time per table (s): ${Object.entries(tableMs).map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
  log(`  loaded in ${loaded.toFixed(1)} s; VACUUM ANALYZE …`);
  // What autovacuum would have done on a database that grew over three years.
  await client.query('VACUUM ANALYZE');
  await client.end();
  return { ...stats, seconds: (Date.now() - started) / 1000, generatedAt: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The SQLite cache: one generated file per size and schema/generator version, copied per run.

/** Changes when a migration, the seed data, the workflow rules the generator plays, or the generator changes. */
export function datasetKey(size: number): string {
  const hash = crypto.createHash('sha256');
  const migrations = path.join(BENCH_DIR, '..', 'src', 'db', 'migrations');
  const files = [
    ...fs.readdirSync(migrations).sort().map((f) => path.join(migrations, f)),
    ...['catalogue/seed-data.ts', 'workflow/deadlines.ts', 'workflow/state-machine.ts', 'scheduler/retention.ts'].map((f) => path.join(BENCH_DIR, '..', 'src', f)),
    path.join(BENCH_DIR, 'generate.ts'),
    path.join(BENCH_DIR, 'words.ts'),
  ];
  for (const f of files) hash.update(path.basename(f)).update(fs.readFileSync(f));
  return `${size}-${hash.digest('hex').slice(0, 12)}`;
}

export interface CachedDataset {
  file: string;
  stats: GenerateStats;
  fromCache: boolean;
}

export async function cachedSqliteDataset(size: number, log: (line: string) => void = console.log): Promise<CachedDataset> {
  const dir = path.join(BENCH_DIR, '.cache');
  fs.mkdirSync(dir, { recursive: true });
  const key = datasetKey(size);
  const file = path.join(dir, `aduan-${key}.sqlite`);
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    return { file, stats: JSON.parse(fs.readFileSync(meta, 'utf8')) as GenerateStats, fromCache: true };
  }
  // Older versions of the same size are useless now.
  for (const old of fs.readdirSync(dir)) {
    if (old.startsWith(`aduan-${size}-`)) fs.rmSync(path.join(dir, old), { force: true });
  }
  log(`Generating ${size} complaints into ${path.relative(process.cwd(), file)} …`);
  const tmp = `${file}.tmp`;
  const stats = await generateSqlite(tmp, size, log);
  fs.renameSync(tmp, file);
  fs.writeFileSync(meta, JSON.stringify(stats, null, 2));
  return { file, stats, fromCache: false };
}

// ---------------------------------------------------------------------------------------------

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string', default: 'sqlite' }, size: { type: 'string', default: '20000' }, out: { type: 'string' }, url: { type: 'string' } },
  });
  const size = Number(values.size);
  if (!Number.isInteger(size) || size < 1) throw new Error('--size must be a positive integer');
  let stats: GenerateStats;
  if (values.db === 'postgres') {
    if (!values.url) throw new Error('--url postgres://… is required for --db postgres');
    stats = await generatePostgres(values.url, size);
  } else {
    stats = values.out ? await generateSqlite(values.out, size) : (await cachedSqliteDataset(size)).stats;
  }
  console.log(JSON.stringify(stats, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

