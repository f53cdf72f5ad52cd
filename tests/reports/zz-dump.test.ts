import fs from 'node:fs';
import { it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import { buildRecapFixture } from './fixture.js';
import { downloader } from './files.js';
it('dump', async () => {
  const t = await startTestApp('sqlite', { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', OFFICE_NAME: 'Dinas Uji Coba Kota Tangerang', OFFICE_ADDRESS: 'Jl. Satria–Sudirman No. 1' } });
  const f = await buildRecapFixture(t);
  const k = await downloader(t, 'kasie@test.local');
  fs.writeFileSync('/tmp/sheet.pdf', (await k(`/api/staff/complaints/${f.tn.A}/sheet.pdf`)).body);
  fs.writeFileSync('/tmp/recap.pdf', (await k(`/api/staff/recap.pdf?period=2026-10`)).body);
  fs.writeFileSync('/tmp/register.pdf', (await k(`/api/staff/register.pdf?from=2026-10-01&to=2026-10-31`)).body);
  await t.close();
}, 60000);
