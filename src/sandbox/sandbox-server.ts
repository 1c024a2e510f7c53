// The sandbox composition root: the production server (src/server/create-server.ts) plus the EHR stand-in
// under /ehr and the Azure stand-in under /azure-stand-in, trusting the sandbox's loopback registrations.
// Only this folder imports mocks/, so a production server carries no stand-in, fixtures or FHIR definitions.
import type { FastifyInstance } from 'fastify';
import { createAzureStandIn, type AzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { createServer, type ServerOptions } from '../server/create-server.ts';
import { azureStandInPlugin, ehrStandInPlugin } from './stand-in-plugins.ts';

export interface SandboxServerOptions extends Omit<ServerOptions, 'plugins' | 'trustSandboxEhrs'> {
  /** A stand-in to mount instead of a fresh one, so tests can drive its fault switches. */
  readonly standIn?: Pick<EhrStandIn, 'handle'>;
  /** An Azure stand-in to mount instead of a fresh one, so tests can script it. */
  readonly azureStandIn?: Pick<AzureStandIn, 'handle'>;
}

export async function createSandboxServer(options: SandboxServerOptions): Promise<FastifyInstance> {
  const { standIn, azureStandIn, ...serverOptions } = options;
  return createServer({
    ...serverOptions,
    trustSandboxEhrs: true,
    plugins: [
      ehrStandInPlugin(standIn ?? (await createEhrStandIn())),
      azureStandInPlugin(azureStandIn ?? createAzureStandIn()),
    ],
  });
}
