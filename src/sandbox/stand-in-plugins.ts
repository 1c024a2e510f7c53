// The sandbox's stand-ins as plugins for createServer: each a scope of its own under the path it has always
// had, so that `npm start` and the e2e suite reach exactly the handlers the msw-based tests use.
import type { AzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import { AZURE_STAND_IN_PATH } from '../../mocks/azure/azure-stand-in.ts';
import type { EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { STAND_IN_PATH } from '../../mocks/ehr/stand-in.ts';
import type { ServerPlugin } from '../server/create-server.ts';
import { mountFetchHandler } from './fetch-adapter.ts';

/** /ehr: SMART auth, FHIR R4, the simulator pages and the fault switches, any method and body. */
export function ehrStandInPlugin(standIn: Pick<EhrStandIn, 'handle'>): ServerPlugin {
  return {
    paths: [STAND_IN_PATH],
    register: (scope) => {
      mountFetchHandler(scope, [STAND_IN_PATH, `${STAND_IN_PATH}/*`], (request) => standIn.handle(request));
    },
  };
}

/**
 * /azure-stand-in: answers as Azure would, streamed answers passed on frame by frame. Point AZURE_AI_ENDPOINT
 * at `http://127.0.0.1:<port>/azure-stand-in/models` for a demo without Azure.
 */
export function azureStandInPlugin(azureStandIn: Pick<AzureStandIn, 'handle'>): ServerPlugin {
  return {
    paths: [AZURE_STAND_IN_PATH],
    register: (scope) => {
      mountFetchHandler(scope, [`${AZURE_STAND_IN_PATH}/*`], (request) => azureStandIn.handle(request), {
        stream: true,
      });
    },
  };
}
