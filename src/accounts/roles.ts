import { z } from 'zod';
import { STAFF_ROLES } from '../workflow/state-machine.js';

export const RoleSchema = z.enum(STAFF_ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The intake desk: who may see an anonymous reporter's identity (glossary: Anonim). */
export const INTAKE_ROLES: readonly Role[] = ['staff', 'section_head', 'division_head'];
