// The Azure stand-in mounted as msw handlers: either endpoint form (`…/models/chat/completions`,
// `…/openai/v1/chat/completions`), on any host or only on the given origins (so two stand-ins, or msw and a
// real local socket, can be used side by side). Other requests pass through to the next handler or the network.
import { http, passthrough } from 'msw';
import type { AzureStandIn } from './azure-stand-in.ts';

export function azureStandInHandlers(
  standIn: AzureStandIn,
  options: { readonly origins?: readonly string[] } = {},
) {
  return [
    http.post(/\/chat\/completions(?:\?|$)/, async ({ request }) => {
      if (options.origins !== undefined && !options.origins.includes(new URL(request.url).origin))
        return passthrough();
      return (await standIn.handle(request)) ?? passthrough();
    }),
  ];
}
