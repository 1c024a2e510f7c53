// Test-only: the real EHR stand-in behind msw at a fixed origin, with every request it receives and every
// status it answers recorded, so integration tests can assert what the loader sent (and never sent).
import { setupServer } from 'msw/node';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';

export const TEST_ORIGIN = 'http://127.0.0.1:5998';

export interface SeenExchange {
  readonly url: string;
  /** Undefined until the response is sent (and for requests aborted before it). */
  status: number | undefined;
}

export interface MswStandIn {
  readonly standIn: EhrStandIn;
  readonly server: ReturnType<typeof setupServer>;
  /** Every request msw saw since the last `clearExchanges()`, in the order they started. */
  readonly exchanges: () => readonly SeenExchange[];
  readonly clearExchanges: () => void;
  readonly close: () => void;
}

/** Call from `beforeAll`; `close()` from `afterAll`. Unhandled requests fail the test. */
export async function startMswStandIn(options?: Parameters<typeof createEhrStandIn>[0]): Promise<MswStandIn> {
  const standIn = await createEhrStandIn(options);
  const server = setupServer(...ehrStandInHandlers(standIn));
  const seen = new Map<string, SeenExchange>();
  server.events.on('request:start', ({ request, requestId }) => {
    seen.set(requestId, { url: request.url, status: undefined });
  });
  server.events.on('response:mocked', ({ response, requestId }) => {
    const exchange = seen.get(requestId);
    if (exchange) exchange.status = response.status;
  });
  server.listen({ onUnhandledRequest: 'error' });
  return {
    standIn,
    server,
    exchanges: () => [...seen.values()],
    clearExchanges: () => {
      seen.clear();
    },
    close: () => {
      server.close();
    },
  };
}

/** The FHIR requests among the exchanges (auth requests left out), as paths relative to the FHIR base. */
export function fhirRequestPaths(exchanges: readonly SeenExchange[], fhirBaseUrl: string): string[] {
  return exchanges
    .filter((exchange) => exchange.url.startsWith(`${fhirBaseUrl}/`))
    .map((exchange) => exchange.url.slice(fhirBaseUrl.length + 1));
}
