import { useState } from 'react';
import { api } from '../shared/api';
import { Button } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { TableEditor, type Row } from './TableEditor';
import { Problem } from './ui';

/** The admin's words for webhook subscriptions (decision 0027). */
const W = {
  title: { id: 'Webhook', en: 'Webhooks' },
  intro: {
    id: 'Sistem lain menerima pemberitahuan peristiwa pengaduan di alamat ini, ditandatangani HMAC (X-Aduan-Signature). Tidak pernah memuat identitas pelapor.',
    en: 'Other systems are told of complaint events at this address, signed with HMAC (X-Aduan-Signature). Never with the reporter’s identity.',
  },
  url: { id: 'Alamat (https)', en: 'Address (https)' },
  events: { id: 'Peristiwa', en: 'Events' },
  scope: { id: 'Cakupan', en: 'Scope' },
  scopePublished: { id: 'Hanya pengaduan yang dipublikasikan', en: 'Published complaints only' },
  scopeAll: { id: 'Semua pengaduan (tanpa identitas pelapor)', en: 'Every complaint (never the reporter)' },
  disabled: { id: 'Dihentikan', en: 'Stopped' },
  disable: { id: 'Hentikan', en: 'Stop' },
  create: { id: 'Tambah webhook', en: 'Add a webhook' },
  secretOnce: { id: 'Salin rahasia penanda tangan ini sekarang; tidak akan ditampilkan lagi:', en: 'Copy this signing secret now; it will not be shown again:' },
} as const satisfies Record<string, Bilingual>;

const EVENTS = ['complaint_received', 'state_changed', 'answer_published'] as const;

interface Subscription {
  id: number;
  url: string;
  events: string[];
  scope: 'published' | 'all';
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
}

/** Webhook subscriptions: listed, added (the signing secret shown once), stopped. */
export function Webhooks() {
  const { t } = useLanguage();
  const subscriptions = useApiGet<{ items: Subscription[] }>('/api/admin/webhooks');
  const [secret, setSecret] = useState<string | null>(null);
  const scopes = [
    ['published', t(W.scopePublished)],
    ['all', t(W.scopeAll)],
  ] as const;
  const rows = subscriptions.data?.items.map(
    (s): Row => ({ id: String(s.id), url: s.url, events: s.events.join(', '), scope: t(s.scope === 'all' ? W.scopeAll : W.scopePublished), disabled: s.disabledAt ? `${s.disabledAt}${s.disabledReason ? ` (${s.disabledReason})` : ''}` : '' }),
  );
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t(W.title)}</h2>
      <p className="muted small">{t(W.intro)}</p>
      <Problem error={subscriptions.error} />
      {secret && (
        <p role="status" className="notice" data-testid="webhook-secret">
          {t(W.secretOnce)} <code>{secret}</code>
        </p>
      )}
      <TableEditor
        testId="webhooks"
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowName={(r) => String(r.url)}
        fields={[
          { key: 'url', label: W.url, type: 'readonly' },
          { key: 'events', label: W.events, type: 'readonly' },
          { key: 'scope', label: W.scope, type: 'readonly' },
          { key: 'disabled', label: W.disabled, type: 'readonly' },
        ]}
        reload={subscriptions.reload}
        save={{ mode: 'row', saveRow: async () => undefined }}
        rowActions={(row) =>
          row.disabled ? null : (
            <Button variant="secondary" onClick={() => void api('POST', `/api/admin/webhooks/${String(row.id)}/disable`, { json: {} }).then(subscriptions.reload)}>
              {t(W.disable)}
            </Button>
          )
        }
        create={{
          title: W.create,
          blank: () => ({ url: '', events: [...EVENTS], scope: 'published' }),
          fields: [
            { key: 'url', label: W.url, type: 'text', required: true },
            { key: 'events', label: W.events, type: 'checkboxes', options: EVENTS.map((e) => [e, e] as const) },
            { key: 'scope', label: W.scope, type: 'select', options: scopes },
          ],
          run: async (draft) => {
            const made = await api<{ secret: string }>('POST', '/api/admin/webhooks', { json: { url: draft.url, events: draft.events, scope: draft.scope } });
            setSecret(made.secret);
          },
        }}
      />
    </section>
  );
}
