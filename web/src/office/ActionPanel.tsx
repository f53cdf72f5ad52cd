import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../shared/api';
import { Button, ErrorSummary, Field, problemMessage, type SummaryItem } from '../shared/components';
import { formatDate, jakartaToday, useLanguage, type Bilingual } from '../shared/i18n';
import { ArticlePicker } from './ArticlePicker';
import { useCatalogues } from './data';
import { useDescribeChange } from './live';
import { ACTION_KEYS, ACTION_NAMES, ACTION_STEP, FIELD_LABELS, LIVE, O, REJECT_REASONS } from './messages';
import { useMe, useSession } from './session';
import type { ReplyTemplate, StaffComplaint } from './types';
import { Notice, useShortcuts } from './ui';
import { ApprovePublishChoice, type PublicText } from './Publication';

/** A template's "..." still standing for the text to write (src/workflow/action-inputs.ts hasUnfilledGap). */
function hasUnfilledGap(text: string): boolean {
  return /(^|\s)(\.{3}|…)(?=\s|$)/.test(text);
}

/** 'YYYY-MM-DD' of an instant in Jakarta. */
function jakartaDateOf(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(iso));
}

/** The order of the buttons: the SOP steps first, then the exceptions. */
const ORDER = [
  'acknowledge',
  'print_sheet',
  'request_clarification',
  'resume',
  'classify',
  'dispose',
  'record_follow_up',
  'draft_answer',
  'return_answer',
  'approve_answer',
  'close',
  'hold',
  'reject',
  'refer',
  'reopen',
  'add_note',
];

type Kind = 'textarea' | 'text' | 'date' | 'divisions' | 'disposition' | 'reason' | 'class' | 'theme' | 'permit' | 'checkbox';
interface FieldSpec {
  name: string;
  kind: Kind;
  required?: boolean;
  label?: Bilingual;
  /** Offer the reply templates for this text. */
  template?: boolean;
  /** Shown only when this returns true for the current values. */
  when?: (values: Values) => boolean;
}
type Value = string | boolean | number[];
type Values = Record<string, Value>;

/** Each action's form: the fields of src/workflow/action-inputs.ts STAFF_ACTION_INPUTS. */
const FORMS: Record<string, FieldSpec[]> = {
  acknowledge: [{ name: 'message', kind: 'textarea', template: true }],
  print_sheet: [],
  request_clarification: [{ name: 'message', kind: 'textarea', required: true, template: true }],
  resume: [{ name: 'note', kind: 'textarea' }],
  dispose: [
    { name: 'divisionIds', kind: 'divisions', required: true },
    { name: 'instruction', kind: 'textarea', required: true },
    { name: 'followUpDueDate', kind: 'date' },
  ],
  record_follow_up: [
    { name: 'dispositionId', kind: 'disposition' },
    { name: 'followUp', kind: 'textarea', required: true },
    { name: 'advocacy', kind: 'textarea', required: true },
  ],
  draft_answer: [{ name: 'body', kind: 'textarea', required: true, template: true, label: FIELD_LABELS.answerBody }],
  return_answer: [{ name: 'note', kind: 'textarea', required: true }],
  approve_answer: [],
  close: [{ name: 'note', kind: 'textarea' }],
  reject: [
    { name: 'reason', kind: 'reason', required: true },
    { name: 'duplicateOf', kind: 'text', required: true, when: (v) => v.reason === 'duplicate' },
    { name: 'message', kind: 'textarea', required: true, template: true },
  ],
  refer: [
    { name: 'referredTo', kind: 'text', required: true },
    { name: 'message', kind: 'textarea', required: true, template: true },
  ],
  hold: [{ name: 'reason', kind: 'textarea', required: true }],
  reopen: [{ name: 'reason', kind: 'textarea', required: true }],
  add_note: [{ name: 'body', kind: 'textarea', required: true, label: FIELD_LABELS.noteBody }],
  classify: [
    { name: 'classId', kind: 'class' },
    { name: 'themeId', kind: 'theme' },
    { name: 'permitTypeId', kind: 'permit' },
    { name: 'confidential', kind: 'checkbox' },
  ],
};

function initialValues(action: string, complaint: StaffComplaint): Values {
  switch (action) {
    case 'draft_answer': {
      // Start from the latest draft or returned answer, so a correction is an edit, not a retype.
      const last = [...complaint.answers].reverse().find((a) => a.status === 'draft' || a.status === 'returned');
      return { body: last?.body ?? '' };
    }
    case 'classify':
      return {
        classId: complaint.class ? String(complaint.class.id) : '',
        themeId: complaint.theme ? String(complaint.theme.id) : '',
        permitTypeId: complaint.permitType ? String(complaint.permitType.id) : '',
        confidential: complaint.confidential,
      };
    case 'dispose':
      return { divisionIds: [], instruction: '' };
    case 'reject':
      return { reason: '', duplicateOf: '', message: '' };
    default:
      return {};
  }
}

/** The request body: blanks left out, numbers as numbers, and for `classify` only what changed. */
function bodyFor(action: string, values: Values, complaint: StaffComplaint): Record<string, unknown> {
  const body: Record<string, unknown> = { version: complaint.version };
  for (const spec of FORMS[action] ?? []) {
    if (spec.when && !spec.when(values)) continue;
    const value = values[spec.name];
    if (spec.kind === 'checkbox') {
      if (action === 'classify' && value === complaint.confidential) continue;
      body[spec.name] = value === true;
    } else if (spec.kind === 'divisions') {
      body[spec.name] = Array.isArray(value) ? value : [];
    } else if (spec.kind === 'class' || spec.kind === 'theme' || spec.kind === 'permit' || spec.kind === 'disposition') {
      const text = typeof value === 'string' ? value : '';
      if (action === 'classify') {
        const before = spec.kind === 'class' ? complaint.class?.id : spec.kind === 'theme' ? complaint.theme?.id : complaint.permitType?.id;
        if (text === String(before ?? '')) continue;
        if (text === '' && spec.kind === 'class') continue;
        body[spec.name] = text === '' ? null : Number(text);
      } else if (text !== '') body[spec.name] = Number(text);
    } else if (typeof value === 'string' && value.trim() !== '') body[spec.name] = value;
  }
  return body;
}

/** "Sudah ditanggapi oleh Rina Kusuma, 13.04 WIB (…)" from a stale_version refusal, or the plain sentence without its details. */
function useStaleMessage(): (error: ApiError) => string {
  const { t } = useLanguage();
  const describe = useDescribeChange();
  return (error) => {
    const last = error.details.lastEvent as { action?: unknown; at?: unknown; actorName?: unknown; actorType?: unknown } | null | undefined;
    if (!last || typeof last.action !== 'string' || typeof last.at !== 'string') return t(O.staleReloaded);
    return t(LIVE.staleBy, describe({ action: last.action, at: last.at, actorName: typeof last.actorName === 'string' ? last.actorName : null, actorType: typeof last.actorType === 'string' ? last.actorType : 'reporter' }));
  };
}

function TemplatePicker({ trackingNumber, action, onPick }: { trackingNumber: string; action: string; onPick: (text: string) => void }) {
  const { t } = useLanguage();
  const [items, setItems] = useState<ReplyTemplate[]>([]);
  useEffect(() => {
    let cancelled = false;
    api<{ items: ReplyTemplate[] }>('GET', `/api/staff/reply-templates?trackingNumber=${encodeURIComponent(trackingNumber)}&action=${action}`)
      .then((r) => !cancelled && setItems(r.items))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [trackingNumber, action]);
  if (!items.length) return null;
  return (
    <div className="field template-picker">
      <label htmlFor={`tpl-${action}`}>{t(O.template)}</label>
      <select
        id={`tpl-${action}`}
        value=""
        onChange={(e) => {
          const tpl = items.find((i) => i.id === e.target.value);
          if (tpl) onPick(tpl.rendered ?? tpl.body);
        }}
      >
        <option value="">{t(O.noTemplate)}</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title}
          </option>
        ))}
      </select>
    </div>
  );
}

function ActionForm({ action, complaint, onDone, onCancel }: { action: string; complaint: StaffComplaint; onDone: (message: string, stale?: boolean) => Promise<void>; onCancel: () => void }) {
  const { t, lang } = useLanguage();
  const me = useMe();
  const { handleError } = useSession();
  const staleMessage = useStaleMessage();
  const catalogues = useCatalogues();
  const [values, setValues] = useState<Values>(() => initialValues(action, complaint));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [message, setMessage] = useState<string>();
  // approve_answer: the redacted public text when the approver chose to publish, else null.
  const [publish, setPublish] = useState<PublicText | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [action]);

  const set = (name: string, value: Value) => setValues((v) => ({ ...v, [name]: value }));
  const errorOf = (name: string) => errors.find((e) => e.path === name || e.path.startsWith(`${name}.`))?.message;
  // The division can be given no longer than the office has to answer (the server checks too).
  const answerDueDate = complaint.deadlines.answerDueAt ? jakartaDateOf(complaint.deadlines.answerDueAt) : undefined;
  const openDispositions = complaint.dispositions.filter((d) => d.followUp === null && (me.role !== 'division_officer' || d.division.id === me.divisionId));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = (FORMS[action] ?? [])
      .filter((s) => s.required && (!s.when || s.when(values)))
      .filter((s) => {
        const v = values[s.name];
        return v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
      })
      .map((s) => ({ path: s.name, message: `${t(s.label ?? FIELD_LABELS[s.name] ?? { id: s.name, en: s.name })}: ${t({ id: 'wajib diisi.', en: 'required.' })}` }));
    if (action === 'draft_answer' && hasUnfilledGap(String(values.body ?? ''))) missing.push({ path: 'body', message: `${t(FIELD_LABELS.answerBody ?? O.answer)}: ${t(O.unfilledGap)}` });
    if (missing.length) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    setErrors([]);
    setMessage(undefined);
    try {
      await api('POST', `/api/staff/complaints/${complaint.trackingNumber}/actions/${action}`, { json: action === 'approve_answer' && publish ? { ...bodyFor(action, values, complaint), publish } : bodyFor(action, values, complaint) });
      await onDone(t(O.done_));
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.code === 'stale_version') {
        // Someone else acted first: say who and when, show the fresh complaint; the typed text stays in the form.
        await onDone(staleMessage(e), true);
      } else if (e instanceof ApiError && e.fields.length) {
        setErrors(e.fields.map((f) => ({ path: f.path, message: `${t(FIELD_LABELS[f.path.split('.')[0] ?? ''] ?? { id: f.path, en: f.path })}: ${f.message}` })));
        setMessage(e.message);
      } else setMessage(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const control = (spec: FieldSpec): ReactNode => {
    const label = t(spec.label ?? FIELD_LABELS[spec.name] ?? { id: spec.name, en: spec.name });
    const error = errorOf(spec.name);
    const value = values[spec.name];
    const text = typeof value === 'string' ? value : '';
    switch (spec.kind) {
      case 'checkbox':
        return (
          <div className="field checkbox" key={spec.name}>
            <input id={`f-${spec.name}`} type="checkbox" checked={value === true} onChange={(e) => set(spec.name, e.target.checked)} />
            <label htmlFor={`f-${spec.name}`}>{label}</label>
          </div>
        );
      case 'divisions': {
        const chosen = Array.isArray(value) ? value : [];
        return (
          <fieldset className={error ? 'field field-error' : 'field'} key={spec.name} aria-describedby={error ? `f-${spec.name}-error` : undefined}>
            <legend>{label}</legend>
            {error && (
              <p className="error-text" id={`f-${spec.name}-error`}>
                {error}
              </p>
            )}
            <div className="checkbox-grid" id={`f-${spec.name}`} tabIndex={-1}>
              {catalogues?.divisions
                .filter((d) => d.active)
                .map((d) => (
                  <label key={d.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={chosen.includes(d.id)}
                      onChange={(e) => set(spec.name, e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))}
                    />{' '}
                    {d.name}
                  </label>
                ))}
            </div>
          </fieldset>
        );
      }
      default:
        break;
    }
    if (spec.kind === 'disposition' && openDispositions.length <= 1) return null;
    return (
      <Field key={spec.name} path={spec.name} label={label} error={error} required={spec.required ?? false} hint={spec.kind === 'date' ? t(O.followUpDueHint, { date: answerDueDate ? formatDate(`${answerDueDate}T05:00:00Z`, lang) : '—' }) : undefined}>
        {(p) => {
          switch (spec.kind) {
            case 'textarea':
              return <textarea {...p} rows={spec.name === 'body' ? 8 : 4} value={text} onChange={(e) => set(spec.name, e.target.value)} />;
            case 'text':
              return <input {...p} type="text" value={text} onChange={(e) => set(spec.name, e.target.value)} />;
            case 'date':
              return <input {...p} type="date" className="narrow-date" min={jakartaToday()} max={answerDueDate} value={text} onChange={(e) => set(spec.name, e.target.value)} />;
            case 'reason':
              return (
                <select {...p} value={text} onChange={(e) => set(spec.name, e.target.value)}>
                  <option value="">{t(O.choose)}</option>
                  {(Object.keys(REJECT_REASONS) as (keyof typeof REJECT_REASONS)[]).map((r) => (
                    <option key={r} value={r}>
                      {t(REJECT_REASONS[r])}
                    </option>
                  ))}
                </select>
              );
            case 'disposition':
              return (
                <select {...p} value={text} onChange={(e) => set(spec.name, e.target.value)}>
                  <option value="">{t(O.chooseNone)}</option>
                  {openDispositions.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.division.name}
                    </option>
                  ))}
                </select>
              );
            case 'class':
            case 'theme':
            case 'permit': {
              const options =
                spec.kind === 'class'
                  ? (catalogues?.classes ?? []).map((c) => [c.id, `${lang === 'en' ? c.name_en : c.name_id} (${t(O.workingDays, { n: c.answer_days })})`] as const)
                  : spec.kind === 'theme'
                    ? (catalogues?.themes ?? []).map((c) => [c.id, lang === 'en' ? c.name_en : c.name_id] as const)
                    : (catalogues?.permitTypes ?? []).map((c) => [c.id, c.name] as const);
              return (
                <select {...p} value={text} onChange={(e) => set(spec.name, e.target.value)}>
                  <option value="">{t(O.chooseNone)}</option>
                  {options.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </select>
              );
            }
            default:
              return null;
          }
        }}
      </Field>
    );
  };

  const draft = [...complaint.answers].reverse().find((a) => a.status === 'draft');
  return (
    <section className="action-form" aria-labelledby="action-form-title" data-action={action}>
      <h3 id="action-form-title" tabIndex={-1} ref={headingRef}>
        {t(ACTION_NAMES[action] ?? { id: action, en: action })}
      </h3>
      <ErrorSummary items={errors} message={message} />
      <form
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
        noValidate
      >
        {action === 'approve_answer' && draft && (
          <>
            <p>{t(O.approveConfirm)}</p>
            <blockquote className="answer-preview">{draft.body}</blockquote>
            <ApprovePublishChoice trackingNumber={complaint.trackingNumber} version={complaint.version} value={publish} onChange={setPublish} errorOf={(path) => errors.find((e) => e.path === path)?.message} />
          </>
        )}
        {(FORMS[action] ?? [])
          .filter((s) => !s.when || s.when(values))
          .map((spec) => (
            <div key={spec.name}>
              {spec.template && <TemplatePicker trackingNumber={complaint.trackingNumber} action={action} onPick={(text) => set(spec.name, text)} />}
              {spec.template && action === 'draft_answer' && (
                <ArticlePicker field={spec.name} permitTypeId={complaint.permitType?.id ?? null} language={complaint.language} current={String(values[spec.name] ?? '')} onInsert={(text) => set(spec.name, text)} />
              )}
              {control(spec)}
            </div>
          ))}
        <div className="form-buttons">
          <Button type="submit" busy={busy}>
            {t(ACTION_NAMES[action] ?? O.submit)}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {t(O.cancel)}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** The actions this role may take now, as buttons; each opens its form below. */
export function ActionPanel({ complaint, reload, onEditingChange }: { complaint: StaffComplaint; reload: () => Promise<StaffComplaint | undefined>; onEditingChange?: (editing: boolean) => void }) {
  const { t } = useLanguage();
  const { handleError } = useSession();
  const staleMessage = useStaleMessage();
  const [open, setOpen] = useState<string>();
  const [showMore, setShowMore] = useState(false);
  useEffect(() => onEditingChange?.(open !== undefined), [open, onEditingChange]);
  // `version`: the complaint as this notice left it; once it moves on, the notice is old news.
  const [notice, setNotice] = useState<{ text: string; tone: 'success' | 'warning'; sheet?: string; version?: number | undefined }>();
  const [busy, setBusy] = useState<string>();
  const allowed = ORDER.filter((a) => complaint.allowedActions.includes(a));
  // The next SOP step's actions first; the rest behind "Tindakan lain" (all in a row when none is this user's).
  const next = complaint.nextStep;
  const primary = next ? allowed.filter((a) => a === next.action || ACTION_STEP[a] === next.step) : [];
  const others = primary.length ? allowed.filter((a) => !primary.includes(a)) : allowed;

  useEffect(() => {
    if (notice?.version !== undefined && notice.version !== complaint.version) setNotice(undefined);
  }, [complaint.version, notice]);

  // Close a form whose action is no longer possible (someone else moved the complaint on).
  useEffect(() => {
    if (open && !complaint.allowedActions.includes(open)) setOpen(undefined);
  }, [complaint.allowedActions, open]);

  // The printing is recorded only once the PDF has actually arrived, so a failed download records nothing.
  const printSheet = async () => {
    setBusy('print_sheet');
    try {
      const response = await fetch(`/api/staff/complaints/${complaint.trackingNumber}/sheet.pdf`, { credentials: 'same-origin' });
      if (!response.ok) {
        setNotice({ text: t(O.sheetNotReady), tone: 'warning' });
        return;
      }
      const sheet = URL.createObjectURL(await response.blob());
      await api('POST', `/api/staff/complaints/${complaint.trackingNumber}/actions/print_sheet`, { json: { version: complaint.version } });
      window.open(sheet, '_blank', 'noopener');
      const fresh = await reload();
      setNotice({ text: t(O.done_), tone: 'success', sheet, version: fresh?.version });
    } catch (e) {
      handleError(e);
      if (e instanceof ApiError && e.code === 'stale_version') {
        await reload();
        setNotice({ text: staleMessage(e), tone: 'warning' });
      } else setNotice({ text: problemMessage(e, t), tone: 'warning' });
    } finally {
      setBusy(undefined);
    }
  };

  const start = (action: string) => {
    setNotice(undefined);
    if (action === 'print_sheet') void printSheet();
    else setOpen(action);
  };

  const shortcuts: Record<string, () => void> = { Escape: () => setOpen(undefined) };
  for (const [action, key] of Object.entries(ACTION_KEYS)) {
    if (allowed.includes(action)) shortcuts[key] = () => start(action);
  }
  useShortcuts(shortcuts);

  return (
    <section className="panel action-panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t(O.actions)}</h2>
      {notice && (
        <Notice tone={notice.tone}>
          {notice.text}{' '}
          {notice.sheet && (
            <a href={notice.sheet} target="_blank" rel="noopener">
              {t(O.sheetOpen)}
            </a>
          )}
        </Notice>
      )}
      {allowed.length === 0 ? (
        <p className="muted">{t(O.noActions)}</p>
      ) : primary.length === 0 ? (
        <ActionButtons actions={others} open={open} busy={busy} onStart={start} />
      ) : (
        <>
          <ActionButtons actions={primary} open={open} busy={busy} onStart={start} />
          {others.length > 0 && (
            <details className="more-actions" open={showMore || (open !== undefined && others.includes(open))} onToggle={(e) => setShowMore(e.currentTarget.open)}>
              <summary>{t(LIVE.moreActions)}</summary>
              <ActionButtons actions={others} open={open} busy={busy} onStart={start} />
            </details>
          )}
        </>
      )}
      {open && (
        <ActionForm
          key={open}
          action={open}
          complaint={complaint}
          onCancel={() => setOpen(undefined)}
          onDone={async (text, stale) => {
            const fresh = await reload();
            setNotice({ text, tone: stale ? 'warning' : 'success', version: fresh?.version });
            if (!stale) setOpen(undefined);
          }}
        />
      )}
    </section>
  );
}

/** A row of action buttons, each with its SOP step and shortcut. */
function ActionButtons({ actions, open, busy, onStart }: { actions: string[]; open: string | undefined; busy: string | undefined; onStart: (action: string) => void }) {
  const { t } = useLanguage();
  return (
    <div className="action-buttons" role="group" aria-label={t(O.actions)}>
      {actions.map((action) => {
        const step = ACTION_STEP[action];
        const key = ACTION_KEYS[action];
        return (
          <button
            key={action}
            type="button"
            className={`btn ${open === action ? 'btn-primary' : 'btn-action'}${['reject', 'refer', 'hold'].includes(action) ? ' btn-caution' : ''}`}
            aria-expanded={action === 'print_sheet' ? undefined : open === action}
            aria-keyshortcuts={key}
            aria-busy={busy === action || undefined}
            disabled={busy === action}
            data-action={action}
            onClick={() => onStart(action)}
            title={key ? t(O.shortcutHint, { key }) : undefined}
          >
            {t(ACTION_NAMES[action] ?? { id: action, en: action })}
            {step && <span className="step-chip">{t(O.step, { n: step })}</span>}
          </button>
        );
      })}
    </div>
  );
}
