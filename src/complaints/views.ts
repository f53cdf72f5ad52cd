import type { Selectable } from 'kysely';
import { flagToBoolean } from '../db/flags.js';
import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import type { WorkingCalendar } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import type { ComplaintTable } from '../db/schema.js';
import { precompiled } from '../db/precompiled.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { timeLeft } from '../workflow/deadlines.js';
import { allowedActions, FINAL_STATES, type ComplaintState, type StaffAction } from '../workflow/state-machine.js';
import { nextStep } from '../workflow/next-step.js';
import { downloadName } from './attachments.js';
import { fileVisibleTo, isReportersFile, loadReleases, messageBodyFor, presentRelease, readsReleasedOnly, ReleaseSchema } from './identity-release.js';
import { ChannelSchema, StateSchema } from './schema.js';

type ComplaintRow = Selectable<ComplaintTable>;

export const DeadlineSchema = z
  .object({
    kind: z.enum(['first_response', 'answer', 'auto_close']),
    dueAt: z.string(),
    workingDaysLeft: z.number(),
    overdue: z.boolean(),
  })
  .nullable();

export function deadlineOf(cal: WorkingCalendar, now: Date, row: Pick<ComplaintRow, 'due_at' | 'due_kind'>): z.infer<typeof DeadlineSchema> {
  if (!row.due_at || !row.due_kind) return null;
  return { kind: row.due_kind as 'first_response' | 'answer' | 'auto_close', dueAt: row.due_at, ...timeLeft(cal, now, new Date(row.due_at)) };
}

const AttachmentSchema = z.object({ id: z.number().int(), name: z.string(), mimeType: z.string(), sizeBytes: z.number().int() });

// ---------- the reporter's view ----------

export const PublicComplaintSchema = z.object({
  trackingNumber: z.string(),
  state: StateSchema,
  receivedAt: z.string(),
  subject: z.string(),
  description: z.string(),
  permitType: z.string().nullable(),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  deadline: DeadlineSchema,
  timeline: z.array(z.object({ at: z.string(), type: z.string(), state: StateSchema.nullable() })),
  messages: z.array(
    z.object({ id: z.number().int(), at: z.string(), from: z.enum(['reporter', 'office']), kind: z.string(), body: z.string(), attachments: z.array(AttachmentSchema) }),
  ),
  attachments: z
    .array(AttachmentSchema.extend({ messageId: z.number().int().nullable().describe('The message the file came with; null: with the complaint itself'), uploadedAt: z.string() }))
    .describe('Every file the reporter sent'),
  answer: z.object({ body: z.string(), publishedAt: z.string() }).nullable(),
  canReply: z.boolean().describe('The office asked for clarification: `replies` answers it'),
  canAddInformation: z.boolean().describe('Open and not awaiting clarification: `messages` adds information'),
  canAcceptOrDispute: z.boolean(),
  canRate: z.boolean(),
  survey: z.object({ scores: z.array(z.number()), submittedAt: z.string() }).nullable(),
  mergedInto: z.object({ trackingNumber: z.string(), state: StateSchema }).nullable().describe('The original this duplicate was merged into, and how far it is (decision 0030)'),
});

/** A complaint with what its public view shows from one-to-one tables, read in one query. */
export type PublicComplaintRow = ComplaintRow & {
  permit_name: string | null;
  survey_scores: string | null;
  survey_submitted_at: string | null;
  reporter_attachments: number;
};

/** The tracking page's three reads, compiled once per database (db/precompiled.ts). */
function trackingQueries(database: AppContext['db']) {
  const db = database.kysely;
  return {
    complaint: precompiled(database, 1, (trackingNumber: string) =>
      db
        .selectFrom('complaints')
        .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
        .leftJoin('satisfaction_surveys', 'satisfaction_surveys.complaint_id', 'complaints.id')
        .selectAll('complaints')
        .select((eb) => [
          'permit_types.name as permit_name',
          'satisfaction_surveys.scores as survey_scores',
          'satisfaction_surveys.submitted_at as survey_submitted_at',
          eb
            .selectFrom('attachments')
            .select((a) => a.fn.countAll<number>().as('n'))
            .whereRef('attachments.complaint_id', '=', 'complaints.id')
            .where('attachments.uploaded_by', '=', 'reporter')
            .where('attachments.merged_from_id', 'is', null)
            .as('reporter_attachments'),
        ])
        .where('complaints.tracking_number', '=', trackingNumber),
    ),
    events: precompiled(database, 1, (complaintId: number) =>
      db.selectFrom('complaint_events').select(['at', 'type', 'to_state']).where('complaint_id', '=', complaintId).where('is_public', '=', 1).orderBy('id'),
    ),
    messages: precompiled(database, 1, (complaintId: number) =>
      db.selectFrom('complaint_messages').select(['id', 'created_at', 'author_type', 'kind', 'body']).where('complaint_id', '=', complaintId).where('is_internal', '=', 0).orderBy('id'),
    ),
    attachments: precompiled(database, 1, (complaintId: number) =>
      db.selectFrom('attachments').select(['id', 'message_id', 'original_name', 'mime_type', 'size_bytes', 'created_at']).where('complaint_id', '=', complaintId).where('uploaded_by', '=', 'reporter').where('merged_from_id', 'is', null).orderBy('id'),
    ),
  };
}
const trackingQueriesOf = new WeakMap<object, ReturnType<typeof trackingQueries>>();
function queriesFor(ctx: AppContext): ReturnType<typeof trackingQueries> {
  let queries = trackingQueriesOf.get(ctx.db);
  if (!queries) {
    queries = trackingQueries(ctx.db);
    trackingQueriesOf.set(ctx.db, queries);
  }
  return queries;
}

/** The complaint behind a tracking number, joined with its permit type, survey and how many files the reporter sent. */
export async function loadPublicComplaint(ctx: AppContext, trackingNumber: string): Promise<PublicComplaintRow | undefined> {
  const [row] = await queriesFor(ctx).complaint(trackingNumber);
  return row ? { ...row, reporter_attachments: Number(row.reporter_attachments ?? 0) } : undefined;
}

/** What a reporter sees with their access code: never internal notes, staff names or drafts. */
export async function publicView(ctx: AppContext, row: PublicComplaintRow): Promise<z.infer<typeof PublicComplaintSchema>> {
  const settings = await ctx.settings.get();
  const queries = queriesFor(ctx);
  // The tracking page is the busiest public read: two more queries, a third only when the reporter sent files.
  const [events, messages, attachments] = await Promise.all([
    queries.events(row.id),
    queries.messages(row.id),
    row.reporter_attachments === 0 ? [] : queries.attachments(row.id),
  ]);
  const answer = [...messages].reverse().find((m) => m.kind === 'answer');
  const state = row.state as ComplaintState;
  // A merged duplicate's reporter follows the original's progress here (its state only: its messages are another person's).
  const original = row.merged_at !== null && row.duplicate_of_id !== null ? await ctx.db.kysely.selectFrom('complaints').select(['tracking_number', 'state']).where('id', '=', row.duplicate_of_id).executeTakeFirst() : undefined;
  const present = (a: (typeof attachments)[number]) => ({ id: a.id, name: downloadName(a.original_name, a.mime_type), mimeType: a.mime_type, sizeBytes: a.size_bytes });
  const surveyed = row.survey_scores !== null && row.survey_submitted_at !== null;
  return {
    trackingNumber: row.tracking_number,
    state,
    receivedAt: row.received_at,
    subject: row.subject,
    description: row.description,
    permitType: row.permit_name,
    anonymous: row.is_anonymous === 1,
    confidential: row.is_confidential === 1,
    deadline: deadlineOf(settings.calendar, ctx.now(), row),
    timeline: events.map((e) => ({ at: e.at, type: e.type, state: e.to_state ? StateSchema.parse(e.to_state) : null })),
    messages: messages.map((m) => ({
      id: m.id,
      at: m.created_at,
      from: m.author_type === 'reporter' ? ('reporter' as const) : ('office' as const),
      kind: m.kind,
      body: m.body,
      attachments: attachments.filter((a) => a.message_id === m.id).map(present),
    })),
    attachments: attachments.map((a) => ({ ...present(a), messageId: a.message_id, uploadedAt: a.created_at })),
    answer: answer ? { body: answer.body, publishedAt: answer.created_at } : null,
    mergedInto: original ? { trackingNumber: original.tracking_number, state: StateSchema.parse(original.state) } : null,
    canReply: state === 'clarification',
    canAddInformation: state !== 'clarification' && !FINAL_STATES.includes(state),
    canAcceptOrDispute: state === 'answered',
    canRate: (state === 'answered' || state === 'closed') && row.answered_at !== null && !surveyed,
    survey: surveyed ? { scores: JSON.parse(row.survey_scores as string) as number[], submittedAt: row.survey_submitted_at as string } : null,
  };
}

// ---------- the office's view ----------

export const ReporterViewSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  masked: z.boolean().describe('True when this viewer may not see an anonymous reporter'),
});

/** An API key acting as an intake role is still not the intake desk (decision 0027). */
export function canSeeIdentity(principal: StaffPrincipal, isAnonymous: boolean): boolean {
  return !isAnonymous || (INTAKE_ROLES.includes(principal.role) && principal.apiKeyId === undefined);
}

export const ANONYMOUS_LABEL = 'Anonim';

/** Whether a message or file is the reporter's own, and whether the intake desk released it (decision 0009). */
const ReporterMaterialFields = {
  fromReporter: z.boolean(),
  release: ReleaseSchema,
};

export const LocationSchema = z.object({
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});

export type Location = z.infer<typeof LocationSchema>;

/** Where it happened, or null when the reporter did not say. */
export function locationOf(row: { location_address: string | null; location_lat: number | null; location_lng: number | null }): Location | null {
  if (row.location_address === null && row.location_lat === null) return null;
  return { address: row.location_address, lat: row.location_lat === null ? null : Number(row.location_lat), lng: row.location_lng === null ? null : Number(row.location_lng) };
}

export const StaffComplaintSchema = z.object({
  trackingNumber: z.string(),
  version: z.number().int(),
  state: StateSchema,
  channel: ChannelSchema,
  laporTrackingId: z.string().nullable().describe("SP4N-LAPOR!'s tracking ID of a complaint registered from LAPOR!"),
  location: LocationSchema.nullable().describe('Where it happened, as the reporter said (shown wherever the description is: decision 0030)'),
  language: z.enum(['id', 'en']),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  reporter: ReporterViewSchema,
  permitType: z.object({ id: z.number(), name: z.string() }).nullable(),
  applicationNumber: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  incidentDate: z.string().nullable(),
  class: z.object({ id: z.number(), name: z.string(), answerDays: z.number() }).nullable(),
  theme: z.object({ id: z.number(), name: z.string() }).nullable(),
  receivedAt: z.string(),
  deadline: DeadlineSchema,
  deadlines: z.object({
    firstResponseDueAt: z.string(),
    firstRespondedAt: z.string().nullable(),
    firstResponseMet: z.boolean().nullable(),
    answerDueAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answerMet: z.boolean().nullable(),
    closeDueAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  }),
  referredTo: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  originalNumber: z.string().nullable().describe("An imported complaint's number in the office's old register (decision 0024)"),
  mergedAt: z.string().nullable().describe('When this duplicate was merged into `duplicateOf`'),
  mergedFrom: z.array(z.object({ trackingNumber: z.string(), reporter: z.string(), at: z.string() })).describe('Duplicates merged into this complaint, each with its reporter (masked as the viewer must)'),
  owner: z.object({ id: z.number(), name: z.string() }).nullable().describe('Who handles it at the intake desk (migration 0011)'),
  dispositions: z.array(
    z.object({
      id: z.number(),
      division: z.object({ id: z.number(), name: z.string() }),
      instruction: z.string(),
      disposedBy: z.string(),
      disposedAt: z.string(),
      dueAt: z.string(),
      followUp: z.string().nullable(),
      advocacy: z.string().nullable(),
      followedUpBy: z.string().nullable(),
      followedUpAt: z.string().nullable(),
      followUpMet: z.boolean().nullable(),
      owner: z.object({ id: z.number(), name: z.string() }).nullable().describe('The division officer handling it'),
    }),
  ),
  answers: z.array(z.object({ id: z.number(), body: z.string(), status: z.string(), draftedBy: z.string(), draftedAt: z.string(), reviewedBy: z.string().nullable(), reviewNote: z.string().nullable() })),
  messages: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      kind: z.string(),
      internal: z.boolean(),
      author: z.string(),
      body: z.string(),
      ...ReporterMaterialFields,
      withheld: z.boolean().describe('True when this viewer reads a placeholder: an anonymous reporter’s message not released to the division'),
    }),
  ),
  attachments: z.array(
    AttachmentSchema.extend({
      uploadedBy: z.string(),
      messageId: z.number().int().nullable().describe('The message the file came with; null: with the complaint itself'),
      uploadedAt: z.string(),
      ...ReporterMaterialFields,
    }),
  ),
  events: z.array(z.object({ at: z.string(), type: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), actor: z.string(), data: z.record(z.string(), z.unknown()).nullable() })),
  allowedActions: z.array(z.string()),
  survey: z.object({ scores: z.array(z.number()), comment: z.string().nullable(), submittedAt: z.string() }).nullable(),
  nextStep: z
    .object({
      step: z.number().int().min(1).max(7),
      action: z.string(),
      who: z.enum(['staff', 'reporter']),
      roles: z.array(z.string()),
      text: z.object({ id: z.string(), en: z.string() }),
    })
    .nullable()
    .describe('The next SOP step and whose it is (null when the complaint is finished)'),
});
export type StaffComplaintView = z.infer<typeof StaffComplaintSchema>;


/** The duplicates merged into a complaint, oldest first, with their reporters. */
function mergedInto(db: AppContext['db']['kysely'], complaintId: number) {
  return db
    .selectFrom('complaint_reporters')
    .innerJoin('complaints', 'complaints.id', 'complaint_reporters.merged_from_id')
    .leftJoin('reporters', 'reporters.id', 'complaint_reporters.reporter_id')
    .select(['complaints.tracking_number', 'complaints.is_anonymous', 'reporters.name', 'complaint_reporters.linked_at'])
    .where('complaint_reporters.complaint_id', '=', complaintId)
    .orderBy('complaint_reporters.id')
    .execute();
}

export async function staffView(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string): Promise<StaffComplaintView> {
  const db = ctx.db.kysely;
  const row = await db.selectFrom('complaints').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const settings = await ctx.settings.get();
  const [reporter, permit, cls, theme, dispositions, answers, messages, allAttachments, events, survey, duplicate, users, releases, merged] = await Promise.all([
    row.reporter_id === null ? undefined : db.selectFrom('reporters').selectAll().where('id', '=', row.reporter_id).executeTakeFirst(),
    row.permit_type_id === null ? undefined : db.selectFrom('permit_types').select(['id', 'name']).where('id', '=', row.permit_type_id).executeTakeFirst(),
    row.class_id === null ? undefined : db.selectFrom('complaint_classes').select(['id', 'name_id', 'answer_days']).where('id', '=', row.class_id).executeTakeFirst(),
    row.theme_id === null ? undefined : db.selectFrom('complaint_themes').select(['id', 'name_id']).where('id', '=', row.theme_id).executeTakeFirst(),
    db.selectFrom('dispositions').innerJoin('divisions', 'divisions.id', 'dispositions.division_id').selectAll('dispositions').select('divisions.name as division_name').where('complaint_id', '=', row.id).orderBy('dispositions.id').execute(),
    db.selectFrom('answers').selectAll().where('complaint_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('complaint_messages').selectAll().where('complaint_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('attachments').selectAll().where('complaint_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('complaint_events').selectAll().where('complaint_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('satisfaction_surveys').selectAll().where('complaint_id', '=', row.id).executeTakeFirst(),
    row.duplicate_of_id === null ? undefined : db.selectFrom('complaints').select('tracking_number').where('id', '=', row.duplicate_of_id).executeTakeFirst(),
    db.selectFrom('users').select(['id', 'name']).execute(),
    loadReleases(db, row.id),
    mergedInto(db, row.id),
  ]);
  if (principal.role === 'division_officer' && !dispositions.some((d) => d.division_id === principal.divisionId)) throw new AppError('not_found');
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const nameOf = (id: number | null) => (id === null ? null : (userName.get(id) ?? `#${id}`));
  const personOf = (id: number | null) => (id === null ? null : { id, name: nameOf(id) ?? '' });
  const anonymous = row.is_anonymous === 1;
  const visible = canSeeIdentity(principal, anonymous);
  // An anonymous reporter's own words and files reach the division only as the intake desk released them.
  const releasedOnly = readsReleasedOnly(principal, anonymous);
  const attachments = allAttachments.filter((a) => fileVisibleTo(releasedOnly, a, releases));
  const releaseOf = (r: Parameters<typeof presentRelease>[0]) => presentRelease(r, (id) => nameOf(id) ?? '');
  const reporterName = (type: string) => (type !== 'reporter' ? null : visible ? (reporter?.name ?? ANONYMOUS_LABEL) : ANONYMOUS_LABEL);
  const actorLabel = (type: string, userId: number | null) => (type === 'staff' ? (nameOf(userId) ?? '') : type === 'system' ? 'Sistem' : (reporterName(type) ?? ''));
  const state = row.state as ComplaintState;
  return {
    trackingNumber: row.tracking_number,
    version: row.version,
    state,
    channel: ChannelSchema.parse(row.channel),
    laporTrackingId: row.lapor_tracking_id,
    location: locationOf(row),
    language: row.language === 'en' ? 'en' : 'id',
    anonymous,
    confidential: row.is_confidential === 1,
    reporter: visible
      ? { name: reporter?.name ?? null, email: reporter?.email ?? null, phone: reporter?.phone ?? null, address: reporter?.address ?? null, masked: false }
      : { name: ANONYMOUS_LABEL, email: null, phone: null, address: null, masked: true },
    permitType: permit ?? null,
    applicationNumber: row.application_number,
    subject: row.subject,
    description: row.description,
    incidentDate: row.incident_date,
    class: cls ? { id: cls.id, name: cls.name_id, answerDays: cls.answer_days } : null,
    theme: theme ? { id: theme.id, name: theme.name_id } : null,
    receivedAt: row.received_at,
    deadline: deadlineOf(settings.calendar, ctx.now(), row),
    deadlines: {
      firstResponseDueAt: row.first_response_due_at,
      firstRespondedAt: row.first_responded_at,
      firstResponseMet: flagToBoolean(row.first_response_met),
      answerDueAt: row.answer_due_at,
      answeredAt: row.answered_at,
      answerMet: flagToBoolean(row.answer_met),
      closeDueAt: row.close_due_at,
      closedAt: row.closed_at,
    },
    referredTo: row.referred_to,
    duplicateOf: duplicate?.tracking_number ?? null,
    originalNumber: row.original_number,
    mergedAt: row.merged_at,
    mergedFrom: merged.map((m) => ({ trackingNumber: m.tracking_number, reporter: canSeeIdentity(principal, m.is_anonymous === 1) ? (m.name ?? ANONYMOUS_LABEL) : ANONYMOUS_LABEL, at: m.linked_at })),
    owner: personOf(row.owner_user_id),
    dispositions: dispositions.map((d) => ({
      id: d.id,
      division: { id: d.division_id, name: d.division_name },
      instruction: d.instruction,
      disposedBy: nameOf(d.disposed_by) ?? '',
      disposedAt: d.disposed_at,
      dueAt: d.due_at,
      followUp: d.follow_up,
      advocacy: d.advocacy,
      followedUpBy: nameOf(d.followed_up_by),
      followedUpAt: d.followed_up_at,
      followUpMet: flagToBoolean(d.follow_up_met),
      owner: personOf(d.owner_user_id),
    })),
    answers: answers.map((a) => ({ id: a.id, body: a.body, status: a.status, draftedBy: nameOf(a.drafted_by) ?? '', draftedAt: a.drafted_at, reviewedBy: nameOf(a.reviewed_by), reviewNote: a.review_note })),
    messages: messages.map((m) => ({
      id: m.id,
      at: m.created_at,
      kind: m.kind,
      internal: m.is_internal === 1,
      author: actorLabel(m.author_type, m.author_user_id),
      ...messageBodyFor(releasedOnly, m, releases),
      fromReporter: m.author_type === 'reporter',
      release: releaseOf(releases.message(m.id)),
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      name: downloadName(a.original_name, a.mime_type),
      mimeType: a.mime_type,
      sizeBytes: a.size_bytes,
      uploadedBy: a.uploaded_by,
      messageId: a.message_id,
      uploadedAt: a.created_at,
      fromReporter: isReportersFile(a),
      release: releaseOf(releases.attachment(a.id)),
    })),
    events: events.map((e) => ({
      at: e.at,
      type: e.type,
      fromState: e.from_state,
      toState: e.to_state,
      actor: actorLabel(e.actor_type, e.actor_user_id),
      data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
    })),
    allowedActions: allowedActions({ state, resumeState: row.resume_state as ComplaintState | null }, { kind: 'staff', role: principal.role }, settings.stepRoles).filter(
      (a): a is StaffAction => a !== 'reporter_reply',
    ),
    survey: survey ? { scores: JSON.parse(survey.scores) as number[], comment: survey.comment, submittedAt: survey.submitted_at } : null,
    nextStep: nextStep({ state, resumeState: row.resume_state as ComplaintState | null, sheetPrinted: events.some((e) => e.type === 'print_sheet') }, settings.stepRoles),
  };
}
