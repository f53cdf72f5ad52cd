import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

type Param = string | number;

/**
 * A hot read compiled once. Kysely builds and compiles every query anew, which under load costs
 * more than SQLite takes to answer a point lookup (a quarter of the tracking page's CPU at
 * 1,000,000 complaints, see docs/benchmarks.md). The query is built with one placeholder value
 * per parameter; each call swaps the real values in at the positions those placeholders took, so
 * the builder's shape must not depend on the values (no conditional clauses, no lists). The
 * database keeps the text prepared (PostgreSQL: a named statement per connection), so use it
 * only for reads whose best plan does not depend on the values.
 */
export function precompiled<P extends readonly Param[], R>(db: Db, arity: P['length'], build: (...params: P) => Compilable<R>): (...params: P) => Promise<R[]> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000param ${i}\u0000`);
  const compiled: CompiledQuery<R> = build(...(placeholders as unknown as P)).compile();
  const slots = compiled.parameters.map((p) => (typeof p === 'string' ? placeholders.indexOf(p) : -1));
  for (let i = 0; i < arity; i++) {
    if (slots.filter((s) => s === i).length !== 1) throw new Error(`precompiled: parameter ${i} must appear exactly once in the query`);
  }
  db.keepPrepared(compiled.sql);
  return async (...params: P) => {
    const parameters = compiled.parameters.map((p, i) => {
      const slot = slots[i] as number;
      return slot === -1 ? p : params[slot];
    });
    return (await db.kysely.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
