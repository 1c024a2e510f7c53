// The Azure stand-in on a real local HTTP server (node:http), for anything that must cross a socket: the
// SDK's plain-http path (`allowInsecureConnection` to 127.0.0.1) and streamed answers arriving frame by frame.
// Closing the client connection aborts the request, as a real server would notice a hang-up.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fromIncomingMessage, hangUpSignal, toNodeHeaders } from '../../src/sandbox/fetch-adapter.ts';
import { createAzureStandIn, type AzureStandIn } from './azure-stand-in.ts';

export interface ServedAzureStandIn {
  readonly standIn: AzureStandIn;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly close: () => Promise<void>;
}

export async function serveAzureStandIn(
  standIn: AzureStandIn = createAzureStandIn(),
): Promise<ServedAzureStandIn> {
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const signal = hangUpSignal(outgoing);
    (async () => {
      const request = await fromIncomingMessage(incoming, origin, signal);
      const response = (await standIn.handle(request)) ?? new Response('Not found', { status: 404 });
      outgoing.writeHead(response.status, toNodeHeaders(response.headers));
      if (!response.body) {
        outgoing.end();
        return;
      }
      // Frame by frame: a streamed answer must reach the client as it is produced, not when it ends.
      Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>).pipe(outgoing);
    })().catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : 'stand-in failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    standIn,
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
