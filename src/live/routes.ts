import { z } from 'zod';
import type { AppContext } from '../context.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { markPresence } from './presence.js';
import { LiveStreams } from './stream.js';

const ViewersSchema = z.object({ viewers: z.array(z.object({ userId: z.number().int(), name: z.string() })) });

/** The live office: the event stream and who has a complaint open. Returns the streams, to end them when the server closes. */
export async function registerLiveRoutes(routes: RouteRegistry, ctx: AppContext): Promise<LiveStreams> {
  const streams = new LiveStreams(ctx);
  await streams.start();

  routes.add({
    method: 'GET',
    url: '/api/staff/events',
    tag: 'live',
    summary:
      'Server-Sent Events: `complaint` {trackingNumber, version, state, action, actorName, actorType, at} after each committed change, `presence` {trackingNumber, viewers}, `notification` {userId}, `resync` (re-read what you show). Comment heartbeats every 20 s; honours Last-Event-ID; ends at logout or when the session expires',
    access: ANY_STAFF,
    response: { status: 200, schema: z.string(), description: 'text/event-stream' },
    headers: { accept: 'text/event-stream' },
    handler: async ({ request, reply, principal }) => {
      // A client that did not ask for a stream (a script, a link followed by mistake) would wait forever.
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) throw new AppError('not_acceptable');
      streams.open(request, reply, principal);
    },
  });

  // The page says it is open (every 20 s) or that it closed; both answer who has the complaint open.
  const presence = [
    { method: 'POST', here: true, summary: 'This user has the complaint page open (send every 20 s; gone after 45 s without); answers who has it open' },
    { method: 'DELETE', here: false, summary: 'This user left the complaint page; answers who still has it open' },
  ] as const;
  for (const { method, here, summary } of presence) {
    routes.add({
      method,
      url: '/api/staff/complaints/:trackingNumber/presence',
      tag: 'live',
      summary,
      access: ANY_STAFF,
      params: TrackingNumberParam,
      response: { status: 200, schema: ViewersSchema },
      handler: async ({ principal, params }) => ({ viewers: await markPresence(ctx, principal, params.trackingNumber, here) }),
    });
  }

  return streams;
}
