// `npm start`: read the environment, serve the built app (and the sandbox EHR unless CHARTSIDE_SANDBOX=off),
// connect the model if AZURE_AI_ENDPOINT is set, and print where to open it. `npm run dev` (--dev) serves the
// sources through Vite instead of the build.
import { fileURLToPath } from 'node:url';
import type { EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { createAzureModelClient } from '../model/azure-model-client.ts';
import { parseServerConfig } from './config.ts';
import { createServer, MissingBuildError } from './create-server.ts';
import { openFeedbackStore } from './feedback/feedback-routes.ts';
import { registryStartupError } from './registry-startup.ts';

const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
/** `npm run dev`: the app's sources through Vite (live reload) instead of the build. */
const isDev = process.argv.includes('--dev');

async function main(): Promise<number> {
  const registryError = registryStartupError();
  if (registryError !== undefined) {
    console.error(registryError);
    return 1;
  }
  const config = parseServerConfig(process.env);
  if (!config.ok) {
    console.error(
      `Chartside server configuration is invalid (see .env.example):\n${config.issues.map((issue) => `  - ${issue}`).join('\n')}`,
    );
    return 1;
  }
  const { host, port, sandbox, model: modelConfig, suggestionsPerMinute } = config.value;
  const model = modelConfig === undefined ? undefined : await createAzureModelClient(modelConfig);
  const feedbackStore = await openFeedbackStore({
    databaseUrl: config.value.databaseUrl,
    dataDir: config.value.dataDir,
  });

  const standIn = sandbox ? await createSandboxStandIn() : undefined;

  let server;
  try {
    server = await createServer({
      sandbox,
      ...(standIn ? { standIn } : {}),
      distDir: DIST_DIR,
      logLevel: 'warn',
      suggestionsPerMinute,
      feedbackStore,
      ...(model ? { model } : {}),
      ...(isDev ? { devRoot: ROOT_DIR } : {}),
    });
  } catch (error) {
    if (error instanceof MissingBuildError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }

  await server.listen({ host, port });
  const address = server.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  console.log(
    modelConfig === undefined
      ? 'Model: off (AZURE_AI_ENDPOINT is not set): Chartside runs on its rules alone.'
      : `Model: ${modelConfig.deployment} at ${new URL(modelConfig.endpoint).host} (${modelConfig.auth.kind === 'key' ? 'API key' : 'Microsoft Entra ID'})`,
  );
  if (sandbox)
    console.log(`Chartside sandbox EHR: ${origin}/ehr/ (Azure stand-in: ${origin}/azure-stand-in/models)`);
  else console.log(`Chartside: ${origin}/ (launch URL ${origin}/launch, redirect URI ${origin}/)`);

  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

/**
 * The sandbox serves the Synthea fixtures with their dates moved so each patient's latest encounter is in the
 * week before the server started (mocks/ehr/date-shift.ts): years-old records would make every result "6 years
 * ago" and every screening overdue. Imported only in sandbox mode, as createServer does.
 */
async function createSandboxStandIn(): Promise<EhrStandIn> {
  const { createEhrStandIn } = await import('../../mocks/ehr/stand-in.ts');
  return createEhrStandIn({ dateShift: { nowMs: Date.now() } });
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error('Chartside server failed to start:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
