// The EHR stand-in on a real local HTTP server (node:http), for the bench and anything that needs real sockets
// (keep-alive, connection limits, actual round trips) rather than msw's in-process interception.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchProfilePath } from '../../mocks/ehr/profiles.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { fromIncomingMessage, toNodeHeaders } from '../../src/sandbox/fetch-adapter.ts';

export interface ServedStandIn {
  readonly standIn: EhrStandIn;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly close: () => Promise<void>;
}

export interface ServeOptions {
  readonly standIn?: EhrStandIn;
  /**
   * Answer a repeated FHIR GET (same URL and token) with the stand-in's first answer, after the configured
   * latency, instead of searching again. The stand-in's searches cost milliseconds of CPU each on one thread
   * (medplum evaluates FHIRPath per resource); a real EHR spreads that over many servers. Replay removes that
   * cost so a benchmark measures the client, not the stand-in.
   */
  readonly replay?: boolean;
  readonly port?: number;
}

interface StoredResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

export async function serveStandIn(options: ServeOptions = {}): Promise<ServedStandIn> {
  const ehr = options.standIn ?? (await createEhrStandIn());
  const replayed = options.replay ? new Map<string, StoredResponse>() : undefined;
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    answer(ehr, origin, incoming, outgoing, replayed).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : 'stand-in failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    standIn: ehr,
    origin,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

async function answer(
  standIn: EhrStandIn,
  origin: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  replayed: Map<string, StoredResponse> | undefined,
): Promise<void> {
  const method = incoming.method ?? 'GET';
  const url = `${origin}${incoming.url ?? '/'}`;
  const replayKey =
    replayed && method === 'GET' && isFhirPath(url)
      ? `${url} ${incoming.headers.authorization ?? ''}`
      : undefined;
  const stored = replayKey === undefined ? undefined : replayed?.get(replayKey);
  if (stored) {
    const { latencyMs } = standIn.faults.current();
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    send(outgoing, stored);
    return;
  }

  const request = await fromIncomingMessage(incoming, origin);
  const response = (await standIn.handle(request)) ?? new Response('Not found', { status: 404 });
  const answered: StoredResponse = {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
  if (replayKey !== undefined && response.status === 200) replayed?.set(replayKey, answered);
  send(outgoing, answered);
}

/** FHIR API paths of the stand-in's profiles (not its auth server, simulator or control endpoint). */
function isFhirPath(url: string): boolean {
  return matchProfilePath(new URL(url).pathname)?.area === 'fhir';
}

function send(outgoing: ServerResponse, response: StoredResponse): void {
  outgoing.writeHead(response.status, {
    ...toNodeHeaders(response.headers),
    'content-length': String(response.body.length),
  });
  outgoing.end(response.body);
}
