import { useState } from 'react';
import { api } from '../shared/api';
import { Button, problemMessage } from '../shared/components';
import { useLanguage } from '../shared/i18n';
import { A } from './account-messages';
import { Link, PATHS } from './router';
import { useMe, useSession } from './session';

interface Person {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

/**
 * An admin resets someone's password from the users list: a generated password shown here once,
 * or a reset link mailed to them. One's own goes through "My account".
 */
export function AdminPasswordReset({ user }: { user: Person }) {
  const { t } = useLanguage();
  const me = useMe();
  const { handleError } = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string }>();

  if (user.id === me.id) {
    return (
      <Link href={PATHS.account} className="btn btn-link">
        {t(A.adminOwn)}
      </Link>
    );
  }

  const reset = async (method: 'generate' | 'mail') => {
    setBusy(true);
    setResult(undefined);
    try {
      const answer = await api<{ password: string | null }>('POST', `/api/admin/users/${user.id}/password-reset`, { json: { method } });
      setResult({
        tone: 'success',
        text: answer.password ? t(A.adminGenerated, { name: user.name, password: answer.password }) : t(A.adminMailed, { email: user.email }),
      });
    } catch (e) {
      handleError(e);
      setResult({ tone: 'error', text: problemMessage(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="password-reset">
      <Button variant="secondary" busy={busy} onClick={() => void reset('generate')} aria-label={`${t(A.adminGenerate)}: ${user.name}`}>
        {t(A.adminGenerate)}
      </Button>
      <Button variant="secondary" busy={busy} disabled={!user.active} onClick={() => void reset('mail')} aria-label={`${t(A.adminMail)}: ${user.name}`}>
        {t(A.adminMail)}
      </Button>
      {result && (
        <p className={result.tone === 'error' ? 'error-text' : 'generated-password'} role={result.tone === 'error' ? 'alert' : 'status'} data-testid={`password-reset-${user.id}`}>
          {result.text}
        </p>
      )}
    </div>
  );
}
