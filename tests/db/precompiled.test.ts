import { describe, expect, it } from 'vitest';
import { precompiled } from '../../src/db/precompiled.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

describe.each(DIALECTS)('precompiled queries on %s', (dialect) => {
  it('run the compiled text with each call’s values in the right places, constants kept', async () => {
    const db = await createTestDatabase(dialect);
    try {
      await db.kysely.insertInto('divisions').values([{ code: 'XA', name: 'Alpha', active: 1 }, { code: 'XB', name: 'Beta', active: 0 }, { code: 'XC', name: 'Gamma', active: 1 }]).execute();
      const byCodeOrName = precompiled(db, 2, (code: string, name: string) =>
        db.kysely.selectFrom('divisions').select('code').where('active', '=', 1).where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)])).orderBy('code'),
      );
      expect(await byCodeOrName('XA', 'Gamma')).toEqual([{ code: 'XA' }, { code: 'XC' }]);
      expect(await byCodeOrName('XB', 'Beta')).toEqual([]);
      expect(() => precompiled(db, 1, (_code: string) => db.kysely.selectFrom('divisions').select('code'))).toThrow(/parameter 0/);
    } finally {
      await db.close();
    }
  });
});
