import { z } from 'zod';

/**
 * Row ids and versions are 32-bit integers on both databases. A bigger number from outside is
 * refused here (422) instead of overflowing PostgreSQL's `integer` in a query (a 500).
 */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id (or version) in a JSON body. */
export const RowIdSchema = z.number().int().positive().max(MAX_ROW_ID);

/** A row id in a path or query string. */
export const RowIdParamSchema = z.coerce.number().int().positive().max(MAX_ROW_ID);
