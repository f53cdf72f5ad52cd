import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/generate-api-types.js';

describe('the web’s API types', () => {
  it('are the ones the server’s OpenAPI document gives today (run `npm run generate:api-types` after changing a route)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === (await generateApiTypes()), 'web/src/shared/api-types.ts is out of date: npm run generate:api-types').toBe(true);
  });
});
