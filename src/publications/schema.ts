import { z } from 'zod';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** The public text the approver read and edited; never a reporter field (checked on publishing). */
export const PublicTextSchema = z.strictObject({
  title: text(5, 200).describe('Public title, redacted'),
  description: text(10, 5000).describe('Public description of the complaint, redacted'),
  answer: text(10, 10000).describe("The office's answer as published, redacted"),
});
export type PublicTextInput = z.output<typeof PublicTextSchema>;

const Bilingual = z.object({ id: z.string(), en: z.string() });

/** A published complaint as anyone sees it: no reporter, no channel, no staff, no exact place. */
export const PublishedComplaintSchema = z.object({
  trackingNumber: z.string(),
  url: z.string().describe('The stable public page (server-rendered HTML)'),
  title: z.string(),
  description: z.string(),
  answer: z.string(),
  status: Bilingual.describe('Public label of the state'),
  permitType: z.string().nullable(),
  receivedOn: z.string().describe('Jakarta date'),
  answeredOn: z.string().nullable().describe('Jakarta date'),
  workingDays: z.number().nullable().describe('Working days from received to answered'),
  publishedAt: z.string(),
  meToo: z.number().int().describe('"Saya juga mengalami ini" count'),
});
export type PublishedComplaint = z.infer<typeof PublishedComplaintSchema>;

export const PublishedListSchema = z.object({
  items: z.array(PublishedComplaintSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalIsLowerBound: z.boolean().describe('A word search counts at most 100'),
});

export const MAX_PAGE = 50;
export const PAGE_SIZE = 20;

export const PublishedListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Words; a word ending in * matches every word it begins'),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
});

/** What the office sees of a complaint's publication: whether it may go out, the proposal or the text out now, the count. */
export const StaffPublicationSchema = z.object({
  publishable: z.boolean(),
  reason: Bilingual.nullable().describe('Why it may not be published (confidential, no answer yet)'),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  text: z.object({ title: z.string(), description: z.string(), answer: z.string() }).nullable().describe('What is out now, or the automatic redaction to start from'),
  meToo: z.number().int(),
  url: z.string().nullable(),
});
