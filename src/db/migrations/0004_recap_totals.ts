import { sql, type Kysely } from 'kysely';
import { workingDaysBetween } from '../../calendar/working-time.js';
import { OfficeSettingsStore } from '../../settings/office-settings.js';
import type { DialectName } from '../database.js';
import type { Database } from '../schema.js';
import { columns, createTable } from './columns.js';

/**
 * Running totals for the recap (decision 0006): a one-year recap over a million complaints
 * must not group a third of them on every request.
 *
 * `recap_day_counts` holds, per Jakarta day received and confidentiality, one row per value
 * of each dimension of a complaint (state, channel, permit type, class, theme; divisions
 * through the dispositions), each with the complaint's count and its step flags.
 * `recap_day_surveys` holds the survey sums. Triggers keep both exact in the transaction that
 * changes a complaint, so every code path (and a hand-made SQL fix) is counted; what depends
 * on the current time (overdue, backlog age) is still read live from the small open set.
 *
 * Two columns are added to `complaints`: `was_reopened` (ever reopened) and
 * `answer_working_days` (received → first answer, fixed when the answer is published like
 * `answer_met`), so the recap's median and 90th percentile read one number per complaint.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  const pg = dialect === 'postgres';
  await db.schema.alterTable('complaints').addColumn('was_reopened', 'smallint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('complaints').addColumn('answer_working_days', pg ? 'double precision' : 'real').execute();

  let counts = createTable(db, 'recap_day_counts')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull());
  counts = col.flag(counts, 'is_confidential', 0);
  for (const name of ['n', ...COUNT_FLAGS]) counts = counts.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  await counts.addPrimaryKeyConstraint('recap_day_counts_pk', ['day', 'is_confidential', 'dimension', 'key'] as never).execute();

  let surveys = createTable(db, 'recap_day_surveys').addColumn('day', 'text', (c) => c.notNull());
  surveys = col.flag(surveys, 'is_confidential', 0);
  for (const name of ['respondents', ...SURVEY_SUMS, ...SURVEY_COUNTS]) surveys = surveys.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  await surveys.addPrimaryKeyConstraint('recap_day_surveys_pk', ['day', 'is_confidential'] as never).execute();

  // The percentiles read (received_at, answer_working_days) from the index alone.
  await db.schema
    .createIndex('complaints_answer_working_days')
    .on('complaints')
    .columns(['received_at', 'is_confidential', 'answer_working_days'])
    .where(sql.ref('answer_working_days'), 'is not', null)
    .execute();
  // Complaints still without a first response: the live "overdue without response" count.
  await db.schema.createIndex('complaints_unresponded').on('complaints').columns(['received_at']).where(sql.ref('first_responded_at'), 'is', null).execute();

  await backfillRecapTotals(db, dialect);
  if (pg) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);
}

const COUNT_FLAGS = ['first_response_met', 'first_response_late', 'first_response_none', 'answered', 'answer_met', 'answer_late', 'reopened'] as const;
const SURVEY_ELEMENTS = 9;
const SURVEY_SUMS = Array.from({ length: SURVEY_ELEMENTS }, (_, i) => `s${i}`);
const SURVEY_COUNTS = Array.from({ length: SURVEY_ELEMENTS }, (_, i) => `c${i}`);
const DIMENSIONS = ['state', 'channel', 'permit_type', 'class', 'theme'] as const;
const COUNT_COLUMNS = ['day', 'is_confidential', 'dimension', 'key', 'n', ...COUNT_FLAGS].join(', ');
const SURVEY_COLUMNS = ['day', 'is_confidential', 'respondents', ...SURVEY_SUMS, ...SURVEY_COUNTS].join(', ');

interface Dialect {
  /** The Jakarta date (YYYY-MM-DD) of a timestamp expression. */
  day(ts: string): string;
  /** 1 when a nullable expression equals a value, else 0 (never null). */
  is(expr: string, value: 0 | 1): string;
  /** 1 when an expression is (not) null, else 0. */
  isNull(expr: string, negate?: boolean): string;
  text(expr: string): string;
  /** Survey element i (0-based) of a JSON array of scores, null when missing. */
  element(scores: string, i: number): string;
}

const SQLITE: Dialect = {
  day: (ts) => `date(${ts}, '+7 hours')`,
  is: (expr, value) => `(${expr} IS ${value})`,
  isNull: (expr, negate) => `(${expr} IS ${negate ? 'NOT ' : ''}NULL)`,
  text: (expr) => `CAST(${expr} AS TEXT)`,
  element: (scores, i) => `json_extract(${scores}, '$[${i}]')`,
};

const POSTGRES: Dialect = {
  day: (ts) => `to_char(${ts} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')`,
  is: (expr, value) => `(${expr} IS NOT DISTINCT FROM ${value})::int`,
  isNull: (expr, negate) => `(${expr} IS ${negate ? 'NOT ' : ''}NULL)::int`,
  text: (expr) => `(${expr})::text`,
  element: (scores, i) => `((${scores})::jsonb->>${i})::int`,
};

/** The key of each dimension of a complaint row `c`. */
function dimensionKey(d: Dialect, c: string, dimension: (typeof DIMENSIONS)[number]): string {
  switch (dimension) {
    case 'state':
      return `${c}.state`;
    case 'channel':
      return `${c}.channel`;
    case 'permit_type':
      return `coalesce(${d.text(`${c}.permit_type_id`)}, '')`;
    case 'class':
      return `coalesce(${d.text(`${c}.class_id`)}, '')`;
    case 'theme':
      return `coalesce(${d.text(`${c}.theme_id`)}, '')`;
  }
}

/** The step flags of a complaint row `c`, in COUNT_FLAGS order, times `sign`. */
function flagValues(d: Dialect, c: string, sign: string): string[] {
  const times = (e: string) => (sign === '1' ? e : `${sign} * ${e}`);
  return [
    d.is(`${c}.first_response_met`, 1),
    d.is(`${c}.first_response_met`, 0),
    d.isNull(`${c}.first_responded_at`),
    d.isNull(`${c}.answered_at`, true),
    d.is(`${c}.answer_met`, 1),
    d.is(`${c}.answer_met`, 0),
    `${c}.was_reopened`,
  ].map(times);
}

/** One VALUES row per dimension of complaint row `c` with count `sign`. */
function complaintValues(d: Dialect, c: string, sign: string): string {
  return DIMENSIONS.map((dim) => `(${[d.day(`${c}.received_at`), `${c}.is_confidential`, `'${dim}'`, dimensionKey(d, c, dim), sign, ...flagValues(d, c, sign)].join(', ')})`).join(',\n      ');
}

function surveyValues(d: Dialect, scores: string, sign: string): string[] {
  const times = (e: string) => (sign === '1' ? e : `${sign} * ${e}`);
  return [
    sign,
    ...Array.from({ length: SURVEY_ELEMENTS }, (_, i) => times(`coalesce(${d.element(scores, i)}, 0)`)),
    ...Array.from({ length: SURVEY_ELEMENTS }, (_, i) => times(d.isNull(d.element(scores, i), true))),
  ];
}

const addCounts = (target: string) => `ON CONFLICT (day, is_confidential, dimension, key) DO UPDATE SET ${['n', ...COUNT_FLAGS].map((f) => `${f} = ${target}.${f} + excluded.${f}`).join(', ')}`;
const addSurveys = (target: string) => `ON CONFLICT (day, is_confidential) DO UPDATE SET ${['respondents', ...SURVEY_SUMS, ...SURVEY_COUNTS].map((f) => `${f} = ${target}.${f} + excluded.${f}`).join(', ')}`;

/** Fills the new columns of complaints made before this migration, then counts them all. */
export async function backfillRecapTotals(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await sql`UPDATE complaints SET was_reopened = 1 WHERE was_reopened = 0 AND id IN (SELECT complaint_id FROM complaint_events WHERE to_state = 'reopened')`.execute(db);
  await fillAnswerWorkingDays(db);
  await rebuildRecapTotals(db, dialect);
}

/** Recomputes both tables from the complaints; the bulk loaders call it after writing rows without triggers. */
export async function rebuildRecapTotals(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const d = dialect === 'postgres' ? POSTGRES : SQLITE;
  await sql`DELETE FROM recap_day_counts`.execute(db);
  await sql`DELETE FROM recap_day_surveys`.execute(db);
  const perDimension = DIMENSIONS.map(
    (dim) => `SELECT ${d.day('c.received_at')} AS day, c.is_confidential, '${dim}' AS dimension, ${dimensionKey(d, 'c', dim)} AS key, ${flagValues(d, 'c', '1')
      .map((v, i) => `${v} AS ${COUNT_FLAGS[i]}`)
      .join(', ')} FROM complaints c`,
  ).join('\n    UNION ALL ');
  await sql
    .raw(
      `INSERT INTO recap_day_counts (${COUNT_COLUMNS})
    SELECT day, is_confidential, dimension, key, count(*), ${COUNT_FLAGS.map((f) => `sum(${f})`).join(', ')}
    FROM (${perDimension}) x GROUP BY day, is_confidential, dimension, key`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO recap_day_counts (day, is_confidential, dimension, key, n)
    SELECT ${d.day('c.received_at')}, c.is_confidential, 'division', ${d.text('x.division_id')}, count(*)
    FROM (SELECT DISTINCT complaint_id, division_id FROM dispositions) x JOIN complaints c ON c.id = x.complaint_id
    GROUP BY 1, 2, 3, 4`,
    )
    .execute(db);
  const sums = surveyValues(d, 's.scores', '1').slice(1);
  await sql
    .raw(
      `INSERT INTO recap_day_surveys (${SURVEY_COLUMNS})
    SELECT ${d.day('c.received_at')}, c.is_confidential, count(*), ${sums.map((v) => `sum(${v})`).join(', ')}
    FROM satisfaction_surveys s JOIN complaints c ON c.id = s.complaint_id
    GROUP BY 1, 2`,
    )
    .execute(db);
}

const COMPLAINT_COLUMNS = ['state', 'channel', 'permit_type_id', 'class_id', 'theme_id', 'is_confidential', 'first_response_met', 'first_responded_at', 'answered_at', 'answer_met', 'was_reopened'];

/** SQLite has one writer at a time, so the triggers simply add the new row and take away the old one. */
async function createSqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const d = SQLITE;
  const changed = COMPLAINT_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  await sql
    .raw(
      `CREATE TRIGGER complaints_recap_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO recap_day_counts (${COUNT_COLUMNS}) VALUES
      ${complaintValues(d, 'NEW', '1')}
    ${addCounts('recap_day_counts')};
  END`,
    )
    .execute(db);
  // A change of confidentiality moves the complaint's divisions and survey with it.
  const move = (conf: string, sign: string) => `
    INSERT INTO recap_day_counts (day, is_confidential, dimension, key, n)
      SELECT ${d.day('NEW.received_at')}, ${conf}, 'division', CAST(division_id AS TEXT), ${sign}
      FROM (SELECT DISTINCT division_id FROM dispositions WHERE complaint_id = NEW.id) WHERE OLD.is_confidential IS NOT NEW.is_confidential
    ${addCounts('recap_day_counts')};
    INSERT INTO recap_day_surveys (${SURVEY_COLUMNS})
      SELECT ${d.day('NEW.received_at')}, ${conf}, ${surveyValues(d, 's.scores', sign).join(', ')}
      FROM satisfaction_surveys s WHERE s.complaint_id = NEW.id AND OLD.is_confidential IS NOT NEW.is_confidential
    ${addSurveys('recap_day_surveys')};`;
  await sql
    .raw(
      `CREATE TRIGGER complaints_recap_update AFTER UPDATE OF ${COMPLAINT_COLUMNS.join(', ')} ON complaints
    WHEN ${changed} BEGIN
    INSERT INTO recap_day_counts (${COUNT_COLUMNS}) VALUES
      ${complaintValues(d, 'OLD', '-1')}
    ${addCounts('recap_day_counts')};
    INSERT INTO recap_day_counts (${COUNT_COLUMNS}) VALUES
      ${complaintValues(d, 'NEW', '1')}
    ${addCounts('recap_day_counts')};${move('OLD.is_confidential', '-1')}${move('NEW.is_confidential', '1')}
  END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER dispositions_recap_insert AFTER INSERT ON dispositions
    WHEN NOT EXISTS (SELECT 1 FROM dispositions o WHERE o.complaint_id = NEW.complaint_id AND o.division_id = NEW.division_id AND o.id <> NEW.id) BEGIN
    INSERT INTO recap_day_counts (day, is_confidential, dimension, key, n)
      SELECT ${d.day('c.received_at')}, c.is_confidential, 'division', CAST(NEW.division_id AS TEXT), 1 FROM complaints c WHERE c.id = NEW.complaint_id
    ${addCounts('recap_day_counts')};
  END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER satisfaction_surveys_recap_insert AFTER INSERT ON satisfaction_surveys BEGIN
    INSERT INTO recap_day_surveys (${SURVEY_COLUMNS})
      SELECT ${d.day('c.received_at')}, c.is_confidential, ${surveyValues(d, 'NEW.scores', '1').join(', ')} FROM complaints c WHERE c.id = NEW.complaint_id
    ${addSurveys('recap_day_surveys')};
  END`,
    )
    .execute(db);
}

/**
 * PostgreSQL writers run side by side: each statement adds its rows in key order, and one
 * statement per change nets the old row against the new, so two transactions take the
 * same total rows in the same order (and a row is never hit twice by one statement).
 */
async function createPostgresTriggers(db: Kysely<unknown>): Promise<void> {
  const d = POSTGRES;
  const order = 'ORDER BY day, is_confidential, dimension, key';
  const netted = `SELECT day, is_confidential, dimension, key, sum(n), ${COUNT_FLAGS.map((f) => `sum(${f})`).join(', ')}
        FROM (VALUES ${complaintValues(d, 'OLD', '-1')},
          ${complaintValues(d, 'NEW', '1')}) AS v(${COUNT_COLUMNS})
        GROUP BY day, is_confidential, dimension, key
        HAVING ${['n', ...COUNT_FLAGS].map((f) => `sum(${f}) <> 0`).join(' OR ')}`;
  const move = (conf: string, sign: string) => `
      INSERT INTO recap_day_counts AS t (day, is_confidential, dimension, key, n)
        SELECT ${d.day('NEW.received_at')}, ${conf}, 'division', division_id::text, ${sign}
        FROM (SELECT DISTINCT division_id FROM dispositions WHERE complaint_id = NEW.id) x ORDER BY division_id::text
      ${addCounts('t')};
      INSERT INTO recap_day_surveys AS t (${SURVEY_COLUMNS})
        SELECT ${d.day('NEW.received_at')}, ${conf}, ${surveyValues(d, 's.scores', sign).join(', ')}
        FROM satisfaction_surveys s WHERE s.complaint_id = NEW.id
      ${addSurveys('t')};`;
  await sql
    .raw(
      `CREATE FUNCTION recap_complaints_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO recap_day_counts AS t (${COUNT_COLUMNS})
          SELECT * FROM (VALUES ${complaintValues(d, 'NEW', '1')}) AS v(${COUNT_COLUMNS}) ${order}
        ${addCounts('t')};
        RETURN NULL;
      END IF;
      IF OLD.is_confidential IS DISTINCT FROM NEW.is_confidential THEN${move('OLD.is_confidential', '-1')}${move('NEW.is_confidential', '1')}
      END IF;
      INSERT INTO recap_day_counts AS t (${COUNT_COLUMNS})
        ${netted} ${order}
      ${addCounts('t')};
      RETURN NULL;
    END $$`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER complaints_recap_insert AFTER INSERT ON complaints FOR EACH ROW EXECUTE FUNCTION recap_complaints_change()`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER complaints_recap_update AFTER UPDATE OF ${COMPLAINT_COLUMNS.join(', ')} ON complaints FOR EACH ROW
    WHEN (${COMPLAINT_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')}) EXECUTE FUNCTION recap_complaints_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION recap_dispositions_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM dispositions o WHERE o.complaint_id = NEW.complaint_id AND o.division_id = NEW.division_id AND o.id <> NEW.id) THEN
        INSERT INTO recap_day_counts AS t (day, is_confidential, dimension, key, n)
          SELECT ${d.day('c.received_at')}, c.is_confidential, 'division', NEW.division_id::text, 1 FROM complaints c WHERE c.id = NEW.complaint_id
        ${addCounts('t')};
      END IF;
      RETURN NULL;
    END $$`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER dispositions_recap_insert AFTER INSERT ON dispositions FOR EACH ROW EXECUTE FUNCTION recap_dispositions_insert()`).execute(db);
  await sql
    .raw(
      `CREATE FUNCTION recap_surveys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO recap_day_surveys AS t (${SURVEY_COLUMNS})
        SELECT ${d.day('c.received_at')}, c.is_confidential, ${surveyValues(d, 'NEW.scores', '1').join(', ')} FROM complaints c WHERE c.id = NEW.complaint_id
      ${addSurveys('t')};
      RETURN NULL;
    END $$`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER satisfaction_surveys_recap_insert AFTER INSERT ON satisfaction_surveys FOR EACH ROW EXECUTE FUNCTION recap_surveys_insert()`).execute(db);
}

/** Working days from received to the first answer for complaints answered before this migration, with the office's calendar of today. */
async function fillAnswerWorkingDays(db: Kysely<unknown>): Promise<void> {
  const app = db as unknown as Kysely<Database>;
  const { calendar } = await new OfficeSettingsStore(app, () => new Date()).get();
  let after = 0;
  for (;;) {
    const rows = await app
      .selectFrom('complaints')
      .select(['id', 'received_at', 'answered_at'])
      .where('answered_at', 'is not', null)
      .where('answer_working_days', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    for (const r of rows) {
      if (!r.answered_at) continue;
      const days = workingDaysBetween(calendar, new Date(r.received_at), new Date(r.answered_at));
      await app.updateTable('complaints').set({ answer_working_days: days }).where('id', '=', r.id).execute();
    }
    const last = rows[rows.length - 1];
    if (!last) return;
    after = last.id;
  }
}

/**
 * The running totals' own expressions, for reading the same counts live from a few complaints (the
 * recap of one channel, such as SP4N-LAPOR!): each SELECT is followed by `FROM complaints c WHERE …`.
 * Kept here so a live count and a running total can never count a complaint differently.
 */
export function recapCountExpressions(dialect: DialectName) {
  const d = dialect === 'postgres' ? POSTGRES : SQLITE;
  return {
    flags: COUNT_FLAGS,
    dimensionSelects: DIMENSIONS.map((dim) => `SELECT '${dim}' AS dimension, ${dimensionKey(d, 'c', dim)} AS key, ${flagValues(d, 'c', '1').map((v, i) => `${v} AS ${COUNT_FLAGS[i]}`).join(', ')}`),
    divisionKey: d.text('x.division_id'),
    month: `substr(${d.day('c.received_at')}, 1, 7)`,
    answerMet: d.is('c.answer_met', 1),
    surveySums: surveyValues(d, 's.scores', '1').slice(1).map((v, i) => `sum(${v}) AS ${[...SURVEY_SUMS, ...SURVEY_COUNTS][i]}`),
  };
}
