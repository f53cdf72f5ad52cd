import { useState } from 'react';
import { api } from '../shared/api';
import { Button } from '../shared/components';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { useApiGet } from './data';
import { TableEditor, type Row } from './TableEditor';
import { Problem } from './ui';

/** The admin's words for keys of other systems (decision 0027). */
export const K = {
  title: { id: 'Kunci API', en: 'API keys' },
  name: { id: 'Nama sistem', en: 'System name' },
  prefix: { id: 'Awalan kunci', en: 'Key prefix' },
  scopes: { id: 'Cakupan', en: 'Scopes' },
  actAs: { id: 'Bertindak sebagai akun (untuk act_as_role)', en: 'Acts as account (for act_as_role)' },
  lastUsed: { id: 'Terakhir dipakai', en: 'Last used' },
  revoked: { id: 'Dicabut', en: 'Revoked' },
  revoke: { id: 'Cabut', en: 'Revoke' },
  create: { id: 'Buat kunci API', en: 'Make an API key' },
  secretOnce: { id: 'Salin kunci ini sekarang; kunci tidak akan ditampilkan lagi:', en: 'Copy this key now; it will not be shown again:' },
  none: { id: '— tidak ada —', en: '— none —' },
} as const satisfies Record<string, Bilingual>;

const SCOPES = ['read_published', 'read_all', 'file_complaints', 'act_as_role:staff', 'act_as_role:section_head', 'act_as_role:division_head', 'act_as_role:division_officer'] as const;

interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  actAsUser: { id: number; name: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Keys of other systems: listed without their secrets, made (the secret shown once), revoked. */
export function ApiKeys() {
  const { t } = useLanguage();
  const keys = useApiGet<{ items: ApiKey[] }>('/api/admin/api-keys');
  const users = useApiGet<{ items: { id: number; name: string; role: string; active: boolean }[] }>('/api/admin/users');
  const [secret, setSecret] = useState<string | null>(null);
  const userOptions = [['', t(K.none)] as const, ...(users.data?.items ?? []).filter((u) => u.active && u.role !== 'admin').map((u) => [String(u.id), `${u.name} (${u.role})`] as const)];
  const rows = keys.data?.items.map((k): Row => ({ id: String(k.id), name: k.name, prefix: k.prefix, scopes: k.scopes.join(', '), actAs: k.actAsUser?.name ?? '', lastUsed: k.lastUsedAt ?? '', revoked: k.revokedAt ?? '' }));
  return (
    <>
      <Problem error={keys.error} />
      {secret && (
        <p role="status" className="notice" data-testid="api-key-secret">
          {t(K.secretOnce)} <code>{secret}</code>
        </p>
      )}
      <TableEditor
        testId="api-keys"
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowName={(r) => String(r.name)}
        fields={[
          { key: 'name', label: K.name, type: 'readonly' },
          { key: 'prefix', label: K.prefix, type: 'readonly' },
          { key: 'scopes', label: K.scopes, type: 'readonly' },
          { key: 'actAs', label: K.actAs, type: 'readonly' },
          { key: 'lastUsed', label: K.lastUsed, type: 'readonly' },
          { key: 'revoked', label: K.revoked, type: 'readonly' },
        ]}
        reload={keys.reload}
        save={{ mode: 'row', saveRow: async () => undefined }}
        rowActions={(row) =>
          row.revoked ? null : (
            <Button variant="secondary" onClick={() => void api('POST', `/api/admin/api-keys/${String(row.id)}/revoke`, { json: {} }).then(keys.reload)}>
              {t(K.revoke)}
            </Button>
          )
        }
        create={{
          title: K.create,
          blank: () => ({ name: '', scopes: [], actAsUserId: '' }),
          fields: [
            { key: 'name', label: K.name, type: 'text', required: true },
            { key: 'scopes', label: K.scopes, type: 'checkboxes', options: SCOPES.map((s) => [s, s] as const) },
            { key: 'actAsUserId', label: K.actAs, type: 'select', options: userOptions },
          ],
          run: async (draft) => {
            const made = await api<{ secret: string }>('POST', '/api/admin/api-keys', { json: { name: draft.name, scopes: draft.scopes, actAsUserId: draft.actAsUserId ? Number(draft.actAsUserId) : null } });
            setSecret(made.secret);
          },
        }}
      />
    </>
  );
}
