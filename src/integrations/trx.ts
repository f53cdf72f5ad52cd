import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export type Trx = Transaction<Database> | Kysely<Database>;
