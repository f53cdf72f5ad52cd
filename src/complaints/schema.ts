import { z } from 'zod';
import { STATES } from '../workflow/state-machine.js';
import { CalendarDateSchema, DateTimeSchema } from '../shared/dates.js';
import { RowIdSchema } from '../shared/ids.js';
import { bilingual } from '../shared/errors.js';

export const CHANNELS = ['web', 'letter', 'phone', 'walk_in', 'email', 'social_media', 'whatsapp', 'sms', 'lapor'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;
export const StateSchema = z.enum(STATES);
export const LanguageSchema = z.enum(['id', 'en']);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const ReporterInputSchema = z.strictObject({
  name: optionalText(120),
  email: z
    .union([z.literal(''), z.email().max(254)])
    .optional()
    .transform((v) => (v ? v.toLowerCase() : undefined)),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'nomor telepon/WhatsApp tidak valid / invalid phone number')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  address: optionalText(300),
  /** How the reporter wants to hear from us; WhatsApp and SMS only when the office configured them (portal info). */
  preferredChannel: z.enum(['email', 'whatsapp', 'sms']).optional(),
});

/**
 * Where it happened (issue 16): an address, a map pin (WGS84), or both; a pin has both
 * coordinates or none.
 */
export const LocationInputSchema = z
  .strictObject({
    address: optionalText(300),
    lat: z.number().min(-90).max(90).nullish(),
    lng: z.number().min(-180).max(180).nullish(),
  })
  .refine((v) => (v.lat === undefined || v.lat === null) === (v.lng === undefined || v.lng === null), {
    path: ['lng'],
    ...bilingual('Titik peta perlu lintang dan bujur sekaligus.', 'A map pin needs both latitude and longitude.'),
  });
export type LocationInput = z.output<typeof LocationInputSchema>;

const ComplaintFields = {
  reporter: ReporterInputSchema.default({ name: undefined, email: undefined, phone: undefined, address: undefined, preferredChannel: undefined }),
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
  permitTypeId: RowIdSchema.nullable().default(null),
  applicationNumber: optionalText(60),
  subject: z.string().trim().min(5).max(200),
  description: z.string().trim().min(20).max(5000),
  incidentDate: CalendarDateSchema.optional(),
  language: LanguageSchema.optional(),
  location: LocationInputSchema.optional(),
};

/** What a reporter sends from the website. */
export const PublicSubmissionSchema = z.strictObject({
  ...ComplaintFields,
  consent: z.literal(true, { error: 'persetujuan pemrosesan data pribadi wajib / consent to personal-data processing is required' }),
  /** "Send me a copy with the access code" by email. */
  emailCopy: z.boolean().default(false),
  /** Honeypot: people leave it empty; bots fill it. */
  homepage: z.string().max(200).optional(),
});
export type PublicSubmission = z.output<typeof PublicSubmissionSchema>;

/**
 * SP4N-LAPOR!'s tracking ID as LAPOR! shows it (a number, "#3381534" or "3381534"); stored as
 * digits only (decision 0030).
 */
export const LaporTrackingIdSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/^#/, ''))
  .pipe(z.string().regex(/^\d{6,10}$/, 'ID pelacakan LAPOR! berupa 6–10 angka / a LAPOR! tracking ID is 6–10 digits'));

/** What staff type in from a letter, a phone call, a walk-in, an email, social media or SP4N-LAPOR!. */
export const StaffRegistrationSchema = z.strictObject({
  ...ComplaintFields,
  channel: ChannelSchema.exclude(['web']),
  consent: z.boolean().default(false),
  receivedAt: DateTimeSchema.optional(),
  /** Required for channel `lapor`, refused for any other. */
  laporTrackingId: LaporTrackingIdSchema.optional(),
});
export type StaffRegistration = z.output<typeof StaffRegistrationSchema>;

export const SubmissionReceiptSchema = z.object({
  trackingNumber: z.string(),
  accessCode: z.string().describe('Shown once; stored only as a hash'),
  state: StateSchema,
  subject: z.string(),
  receivedAt: z.string(),
  firstResponseDueAt: z.string(),
});

export const TrackingNumberParam = z.strictObject({
  trackingNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^ADU-\d{4}-\d{6}$/, 'format ADU-TTTT-NNNNNN / format ADU-YYYY-NNNNNN'),
});
