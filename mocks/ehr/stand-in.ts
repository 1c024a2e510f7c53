// The EHR stand-in: one fetch-style handler (Request -> Response) for SMART auth, FHIR R4 and the simulator
// pages. It is mounted as msw handlers in tests (mocks/msw-handlers.ts) and inside the Fastify server for
// `npm start` and the e2e tests (src/sandbox/stand-in-plugins.ts), so both see exactly the same behaviour.
import { handleAuthRequest } from './auth-server.ts';
import { createFaultController, faultSettingsSchema, type FaultController } from './faults.ts';
import { handleFhirRequest } from './fhir-api.ts';
import { createPatientStore, type PatientStore } from './patient-store.ts';
import { matchProfilePath } from './profiles.ts';
import { fhirError, json } from './responses.ts';
import { createSigningKeys } from './signing-keys.ts';
import { handleSimulatorRequest } from './simulator-pages.ts';
import type { StandInContext } from './stand-in-context.ts';
import { createTokenStore } from './token-store.ts';

/** Every stand-in URL lives under this path, so the app and its API never collide with it. */
export const STAND_IN_PATH = '/ehr';

export interface EhrStandIn {
  /** Answers a request under /ehr, or undefined for any other path. */
  readonly handle: (request: Request) => Promise<Response | undefined>;
  readonly faults: FaultController;
  readonly patients: PatientStore;
}

export interface EhrStandInOptions {
  /** Folder of Synthea transaction Bundles; the project's fixtures by default. */
  readonly fixturesDir?: string;
  readonly nowMs?: () => number;
  /**
   * Serve every fixture with its dates moved so the patient's latest encounter is 1–7 days before `nowMs`
   * (date-shift.ts): the sandbox (`npm start`) looks current. Off by default: tests and the CLI read the
   * fixtures as written, with an explicit `--now`.
   */
  readonly dateShift?: { readonly nowMs: number };
}

export async function createEhrStandIn(options: EhrStandInOptions = {}): Promise<EhrStandIn> {
  const context: StandInContext = {
    faults: createFaultController(),
    tokens: createTokenStore(),
    patients: await createPatientStore(options.fixturesDir, { dateShift: options.dateShift }),
    keys: await createSigningKeys(),
    nowMs: options.nowMs ?? Date.now,
  };

  async function route(request: Request, url: URL): Promise<Response> {
    if (url.pathname === `${STAND_IN_PATH}/_control/faults`)
      return handleFaultControl(request, context.faults);
    const match = matchProfilePath(url.pathname);
    if (match?.area === 'fhir') return handleFhirRequest(request, url, match.profile, match.rest, context);
    if (match?.area === 'auth') return handleAuthRequest(request, url, match.profile, match.rest, context);
    return (
      (await handleSimulatorRequest(request, url, context)) ??
      fhirError(404, 'not-found', `No such EHR stand-in path: ${url.pathname}`)
    );
  }

  return {
    faults: context.faults,
    patients: context.patients,
    handle: async (request) => {
      const url = new URL(request.url);
      if (url.pathname !== STAND_IN_PATH && !url.pathname.startsWith(`${STAND_IN_PATH}/`)) return undefined;
      const { latencyMs } = context.faults.current();
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return route(request, url);
    },
  };
}

/** PUT sets the fault switches (JSON, see faults.ts), DELETE clears them, GET shows them. */
async function handleFaultControl(request: Request, faults: FaultController): Promise<Response> {
  switch (request.method) {
    case 'GET':
      return json(faults.current());
    case 'DELETE':
      faults.reset();
      return json(faults.current());
    case 'PUT': {
      try {
        const settings: unknown = await request.json();
        faults.set(faultSettingsSchema.parse(settings));
      } catch (error) {
        return json({ error: 'invalid fault settings', detail: String(error) }, 400);
      }
      return json(faults.current());
    }
    default:
      return json({ error: 'method not allowed' }, 405);
  }
}
