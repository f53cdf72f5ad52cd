/**
 * Who signs each step on the complaint sheet: the person who took it, read from what the
 * workflow recorded (the acknowledge or print_sheet event, the disposition, the division's
 * follow-up, the approved answer). A step not yet taken has no signer and prints an empty line.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { staffSignatory, type Signatory } from './signatory.js';

export interface SheetSigner {
  /** What the signature attests, e.g. "Didisposisikan oleh". */
  step: string;
  signer: Signatory | null;
  at: string | null;
}

export async function sheetSigners(db: Kysely<Database>, trackingNumber: string): Promise<SheetSigner[]> {
  const complaint = await db.selectFrom('complaints').select('id').where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!complaint) return [];
  const [received, dispositions, approved] = await Promise.all([
    db
      .selectFrom('complaint_events')
      .select(['actor_user_id', 'at'])
      .where('complaint_id', '=', complaint.id)
      .where('type', 'in', ['acknowledge', 'print_sheet'])
      .where('actor_user_id', 'is not', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('dispositions')
      .innerJoin('divisions', 'divisions.id', 'dispositions.division_id')
      .select(['dispositions.disposed_by', 'dispositions.disposed_at', 'dispositions.followed_up_by', 'dispositions.followed_up_at', 'divisions.name as division'])
      .where('dispositions.complaint_id', '=', complaint.id)
      .orderBy('dispositions.id')
      .execute(),
    db
      .selectFrom('answers')
      .select(['reviewed_by', 'reviewed_at'])
      .where('complaint_id', '=', complaint.id)
      .where('status', '=', 'published')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const person = async (userId: number | null | undefined) => (userId ? staffSignatory(db, userId) : null);
  const first = dispositions[0];
  const signers: SheetSigner[] = [
    { step: 'Diterima oleh', signer: await person(received?.actor_user_id), at: received?.at ?? null },
    { step: 'Didisposisikan oleh', signer: await person(first?.disposed_by), at: first?.disposed_at ?? null },
  ];
  if (dispositions.length === 0) signers.push({ step: 'Ditindaklanjuti oleh', signer: null, at: null });
  for (const d of dispositions) {
    signers.push({ step: `Ditindaklanjuti oleh (${d.division})`, signer: await person(d.followed_up_by), at: d.followed_up_at });
  }
  signers.push({ step: 'Jawaban disetujui oleh', signer: await person(approved?.reviewed_by), at: approved?.reviewed_at ?? null });
  return signers;
}
