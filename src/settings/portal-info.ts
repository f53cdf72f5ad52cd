import { z } from 'zod';
import { ATTACHMENT_MIME_TYPES } from '../complaints/attachments.js';
import type { AppContext } from '../context.js';
import { configuredPhoneChannels } from '../notifications/outbox.js';
import type { RouteRegistry } from '../shared/http.js';

const PortalInfoSchema = z.object({
  attachments: z.object({ maxBytes: z.number().int(), maxCount: z.number().int(), types: z.array(z.string()) }).describe('What the server accepts, so the form checks a file when it is chosen'),
  dataProtectionOfficer: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), office: z.string(), address: z.string() }),
  personalDataRequestDays: z.number().int().describe('Days the office has to answer a request about personal data'),
  reporterChannels: z.array(z.enum(['email', 'whatsapp', 'sms'])).describe('How a reporter may choose to hear from the office (reporter.preferredChannel): email always, WhatsApp and SMS when configured'),
  map: z
    .object({ tileUrlTemplate: z.string(), attribution: z.string(), center: z.tuple([z.number(), z.number()]), zoom: z.number().int() })
    .nullable()
    .describe("The complaint form's map tiles (TILE_URL_TEMPLATE); null: no map, the address alone"),
});

/** What the public portal shows from the configuration: the attachment limits, the data-protection contact, the channels a reporter may choose and the map's tiles. */
export function registerPortalInfoRoute(routes: RouteRegistry, ctx: AppContext): void {
  const { config } = ctx;
  routes.add({
    method: 'GET',
    url: '/api/public/portal-info',
    tag: 'public',
    summary: 'Attachment limits and the office’s data-protection contact (UU 27/2022), from the configuration',
    access: 'public',
    response: { status: 200, schema: PortalInfoSchema },
    handler: async () => ({
      attachments: { maxBytes: config.attachmentMaxBytes, maxCount: config.attachmentMaxCount, types: [...ATTACHMENT_MIME_TYPES] },
      dataProtectionOfficer: {
        name: config.dataProtectionOfficer.name,
        email: config.dataProtectionOfficer.email ?? null,
        phone: config.dataProtectionOfficer.phone ?? null,
        office: config.office.name,
        address: config.office.address,
      },
      personalDataRequestDays: config.personalDataRequestDays,
      reporterChannels: ['email' as const, ...configuredPhoneChannels(config)],
      map: config.map.tileUrlTemplate ? { ...config.map, tileUrlTemplate: config.map.tileUrlTemplate } : null,
    }),
  });
}
