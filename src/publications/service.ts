import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit } from '../audit/log.js';
import { jakartaDate } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { ftsMatch, SEARCH_COUNT_CAP, searchWords, tsQuery } from '../complaints/word-search.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordEvent } from '../workflow/events.js';
import { proposePublicText, redact, type KnownIdentity, type PublicText } from './redaction.js';
import { PAGE_SIZE, type PublishedComplaint, type PublicTextInput } from './schema.js';

type Trx = Transaction<Database>;
type Reader = Trx | Kysely<Database>;

/** Where a published complaint lives, for people and search engines alike. */
export const publicPath = (trackingNumber: string): string => `/publik/${trackingNumber}`;

/** States whose answer went out; the rest are not publishable (nothing to tell the next citizen yet). */
const ANSWERED_STATES = ['answered', 'closed', 'reopened'];

/** What the public is told of the state: the office's word without its internal steps. */
export function publicStatus(state: string): { id: string; en: string } {
  if (state === 'answered') return { id: 'Sudah dijawab', en: 'Answered' };
  if (state === 'closed') return { id: 'Selesai', en: 'Closed' };
  return { id: 'Ditinjau kembali', en: 'Under review again' };
}

function invalid(path: string, id: string, en: string): AppError {
  return new AppError('validation_failed', [{ path, message: { id, en } }]);
}

async function knownIdentityOf(db: Reader, complaintId: number): Promise<KnownIdentity> {
  const row = await db
    .selectFrom('complaints')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['reporters.name', 'reporters.email', 'reporters.phone', 'reporters.address', 'complaints.application_number'])
    .where('complaints.id', '=', complaintId)
    .executeTakeFirstOrThrow();
  const some = (v: string | null) => (v ? [v] : []);
  return { names: some(row.name), emails: some(row.email), phones: some(row.phone), addresses: some(row.address), applicationNumbers: some(row.application_number) };
}

const NOBODY: KnownIdentity = { names: [], emails: [], phones: [], addresses: [], applicationNumbers: [] };

/** The reporter's own name (or a part of it), e-mail, phone, address and application number may never go out, whatever the approver typed. */
function assertNoReporterFields(text: PublicTextInput, known: KnownIdentity): void {
  for (const field of ['title', 'description', 'answer'] as const) {
    // Redacting with what is known of the reporter changes more than redacting with nothing known: one of it is in the text.
    if (redact(text[field], known) !== redact(text[field], NOBODY)) {
      throw invalid(`publish.${field}`, 'Teks publik masih memuat data pelapor (nama, email, telepon, alamat atau nomor permohonan).', "The public text still holds the reporter's data (name, e-mail, phone, address or application number).");
    }
  }
}

interface PublishTarget {
  id: number;
  tracking_number: string;
  is_confidential: number;
  state: string;
}

/** Why a complaint may not be published, or null. */
export function notPublishable(c: Pick<PublishTarget, 'is_confidential' | 'state'>, answering = false): { id: string; en: string } | null {
  if (c.is_confidential === 1) return { id: 'Pengaduan rahasia tidak dipublikasikan.', en: 'A confidential complaint is never published.' };
  if (!answering && !ANSWERED_STATES.includes(c.state)) return { id: 'Belum ada jawaban yang disetujui.', en: 'No approved answer yet.' };
  return null;
}

/**
 * Puts the approver's redacted text out (or replaces what is out), in the caller's transaction: the
 * approval's when chosen on approve_answer, else its own. Audited, with an event on the complaint.
 */
export async function publishInTransaction(
  trx: Trx,
  principal: Pick<StaffPrincipal, 'userId' | 'role'>,
  complaint: PublishTarget,
  text: PublicTextInput,
  at: Date,
  answering = false,
): Promise<void> {
  const reason = notPublishable(complaint, answering);
  if (reason) throw invalid('publish', reason.id, reason.en);
  assertNoReporterFields(text, await knownIdentityOf(trx, complaint.id));
  const iso = at.toISOString();
  const existing = await trx.selectFrom('publications').select(['id', 'withdrawn_at']).where('complaint_id', '=', complaint.id).executeTakeFirst();
  if (existing) {
    await trx.updateTable('publications').set({ ...text, published_at: iso, published_by: principal.userId, withdrawn_at: null, withdrawn_by: null }).where('id', '=', existing.id).execute();
  } else {
    await trx.insertInto('publications').values({ complaint_id: complaint.id, ...text, published_at: iso, published_by: principal.userId, withdrawn_at: null, withdrawn_by: null }).execute();
  }
  const kind = existing && existing.withdrawn_at === null ? 'updated' : 'published';
  await recordEvent(trx, { complaintId: complaint.id, type: 'publication_published', fromState: null, toState: null, actor: { type: 'staff', userId: principal.userId, role: principal.role }, at: iso, data: { kind } });
  // The text itself is in the publication; the audit says who put it out and when.
  await recordAudit(trx, { action: `publication.${kind}`, actor: principal, target: { type: 'complaint', id: complaint.tracking_number }, at });
}

async function publishTarget(db: Reader, trackingNumber: string): Promise<PublishTarget> {
  const row = await db.selectFrom('complaints').select(['id', 'tracking_number', 'is_confidential', 'state']).where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** Publishing later (or editing what is out), on its own. */
export async function publish(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, text: PublicTextInput): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => publishInTransaction(trx, principal, await publishTarget(trx, trackingNumber), text, ctx.now()));
}

/** Takes a publication off the public pages, search, sitemap and map; its text and count stay for the office. */
export async function withdraw(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string): Promise<void> {
  const at = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const complaint = await publishTarget(trx, trackingNumber);
    const updated = await trx
      .updateTable('publications')
      .set({ withdrawn_at: at.toISOString(), withdrawn_by: principal.userId })
      .where('complaint_id', '=', complaint.id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('not_found');
    await recordEvent(trx, { complaintId: complaint.id, type: 'publication_withdrawn', fromState: null, toState: null, actor: { type: 'staff', userId: principal.userId, role: principal.role }, at: at.toISOString() });
    await recordAudit(trx, { action: 'publication.withdrawn', actor: principal, target: { type: 'complaint', id: complaint.tracking_number }, at });
  });
}

/** What the office's panel shows: the text out now, or the automatic redaction of the answer to start from. */
export async function staffPublication(ctx: AppContext, trackingNumber: string) {
  const db = ctx.db.kysely;
  const complaint = await db.selectFrom('complaints').select(['id', 'tracking_number', 'is_confidential', 'state', 'subject', 'description']).where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!complaint) throw new AppError('not_found');
  const pub = await db.selectFrom('publications').selectAll().where('complaint_id', '=', complaint.id).executeTakeFirst();
  const reason = notPublishable(complaint, complaint.state === 'answer_drafted');
  let text: PublicText | null = pub ? { title: pub.title, description: pub.description, answer: pub.answer } : null;
  if (!text && !reason) {
    // The answer being approved (a draft) or the one that went out.
    const answer = await db.selectFrom('answers').select('body').where('complaint_id', '=', complaint.id).where('status', 'in', ['draft', 'published']).orderBy('id', 'desc').executeTakeFirst();
    if (answer) text = proposePublicText({ title: complaint.subject, description: complaint.description, answer: answer.body }, await knownIdentityOf(db, complaint.id));
  }
  return {
    publishable: reason === null,
    reason,
    published: pub !== undefined && pub.withdrawn_at === null,
    publishedAt: pub?.published_at ?? null,
    withdrawnAt: pub?.withdrawn_at ?? null,
    // A confidential complaint's text is never proposed, even to the office.
    text: complaint.is_confidential === 1 ? null : text,
    meToo: pub?.me_too_count ?? 0,
    url: pub && pub.withdrawn_at === null ? publicPath(complaint.tracking_number) : null,
  };
}

/** Published, not withdrawn, and never confidential (a complaint classified confidential later drops out at once). */
function listed(db: Kysely<Database>) {
  return db
    .selectFrom('publications')
    .innerJoin('complaints', 'complaints.id', 'publications.complaint_id')
    .where('publications.withdrawn_at', 'is', null)
    .where('complaints.is_confidential', '=', 0);
}

function present(r: {
  tracking_number: string;
  title: string;
  description: string;
  answer: string;
  state: string;
  permit_name: string | null;
  received_at: string;
  answered_at: string | null;
  answer_working_days: number | null;
  published_at: string;
  me_too_count: number;
}): PublishedComplaint {
  return {
    trackingNumber: r.tracking_number,
    url: publicPath(r.tracking_number),
    title: r.title,
    description: r.description,
    answer: r.answer,
    status: publicStatus(r.state),
    permitType: r.permit_name,
    receivedOn: jakartaDate(new Date(r.received_at)),
    answeredOn: r.answered_at ? jakartaDate(new Date(r.answered_at)) : null,
    workingDays: r.answer_working_days,
    publishedAt: new Date(r.published_at).toISOString(),
    meToo: Number(r.me_too_count),
  };
}

async function loadListed(db: Kysely<Database>, ids: number[]): Promise<PublishedComplaint[]> {
  if (ids.length === 0) return [];
  const rows = await listed(db)
    .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
    .select([
      'publications.id',
      'complaints.tracking_number',
      'publications.title',
      'publications.description',
      'publications.answer',
      'complaints.state',
      'permit_types.name as permit_name',
      'complaints.received_at',
      'complaints.answered_at',
      'complaints.answer_working_days',
      'publications.published_at',
      'publications.me_too_count',
    ])
    .where('publications.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [present({ ...r, received_at: String(r.received_at), answered_at: r.answered_at === null ? null : String(r.answered_at), published_at: String(r.published_at) })] : [];
  });
}

/** One published complaint by its tracking number, or undefined. */
export async function findPublished(ctx: AppContext, trackingNumber: string): Promise<PublishedComplaint | undefined> {
  const row = await listed(ctx.db.kysely).select('publications.id').where('complaints.tracking_number', '=', trackingNumber).executeTakeFirst();
  return row ? (await loadListed(ctx.db.kysely, [row.id]))[0] : undefined;
}

/**
 * The public list, newest first, or a word search over the published text only (never the complaint's
 * own text, which holds what the approver took out) with the staff search's words and count cap.
 */
export async function listPublished(ctx: AppContext, q: string | undefined, page: number) {
  const db = ctx.db.kysely;
  const offset = (page - 1) * PAGE_SIZE;
  const words = q ? searchWords(q) : [];
  if (words.length === 0) {
    const ids = await listed(db).select('publications.id').orderBy('publications.id', 'desc').limit(PAGE_SIZE).offset(offset).execute();
    const { n } = await listed(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { items: await loadListed(db, ids.map((r) => r.id)), page, pageSize: PAGE_SIZE, total: Number(n), totalIsLowerBound: false };
  }
  const matching =
    ctx.db.dialect === 'sqlite'
      ? listed(db).where('publications.id', 'in', sql<number>`(SELECT rowid FROM publications_fts WHERE publications_fts MATCH ${ftsMatch(words)})`)
      : listed(db).where(sql<boolean>`publications.search_vector @@ ${tsQuery(words)}`);
  const ids = await matching.select('publications.id').orderBy('publications.id', 'desc').limit(PAGE_SIZE).offset(offset).execute();
  const counted = await db.selectFrom(matching.select('publications.id').limit(SEARCH_COUNT_CAP + 1).as('m')).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const n = Number(counted.n);
  return { items: await loadListed(db, ids.map((r) => r.id)), page, pageSize: PAGE_SIZE, total: Math.min(n, SEARCH_COUNT_CAP), totalIsLowerBound: n > SEARCH_COUNT_CAP };
}

/** Every published page for the sitemap, newest first, at most the sitemap protocol's 50,000. */
export async function sitemapEntries(ctx: AppContext): Promise<{ trackingNumber: string; lastModified: string }[]> {
  const rows = await listed(ctx.db.kysely).select(['complaints.tracking_number', 'publications.published_at']).orderBy('publications.id', 'desc').limit(50_000).execute();
  return rows.map((r) => ({ trackingNumber: r.tracking_number, lastModified: new Date(String(r.published_at)).toISOString() }));
}

/** About 110 m: enough to see the street's neighbourhood, not the house. */
const roundCoordinate = (v: number): number => Math.round(v * 1000) / 1000;

export interface MapPoint {
  trackingNumber: string;
  title: string;
  url: string;
  lat: number;
  lng: number;
}

/** Published complaints with a place, their coordinates rounded; at most `limit`, newest first. */
export async function mapPoints(ctx: AppContext, limit: number): Promise<MapPoint[]> {
  const rows = await listed(ctx.db.kysely)
    .select(['complaints.tracking_number', 'publications.title', 'complaints.location_lat', 'complaints.location_lng'])
    .where('complaints.location_lat', 'is not', null)
    .where('complaints.location_lng', 'is not', null)
    .orderBy('publications.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ trackingNumber: r.tracking_number, title: r.title, url: publicPath(r.tracking_number), lat: roundCoordinate(Number(r.location_lat)), lng: roundCoordinate(Number(r.location_lng)) }));
}
