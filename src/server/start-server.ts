// Starting a server from the environment, shared by the production entry (main.ts) and the sandbox's
// (src/sandbox/main.ts): read the environment, serve the built app, connect the model if AZURE_AI_ENDPOINT is
// set, and print where to open it. `--dev` serves the sources through Vite instead of the build.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createAzureModelClient } from '../model/azure-model-client.ts';
import { parseServerConfig } from './config.ts';
import { createServer, MissingBuildError, type ServerOptions } from './create-server.ts';
import { openFeedbackStore } from './feedback/feedback-routes.ts';
import { registryStartupError } from './registry-startup.ts';

const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface StartServerOptions {
  /** How the entry builds a server with the sandbox on; without one, CHARTSIDE_SANDBOX=on is refused. */
  readonly createSandboxServer?: (options: ServerOptions) => Promise<FastifyInstance>;
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts the server and returns 0, or prints why it cannot and returns the exit code. */
export async function startServer(options: StartServerOptions): Promise<number> {
  const env = options.env ?? process.env;
  /** `npm run dev`: the app's sources through Vite (live reload) instead of the build. */
  const isDev = (options.argv ?? process.argv).includes('--dev');
  const registryError = registryStartupError();
  if (registryError !== undefined) {
    console.error(registryError);
    return 1;
  }
  const config = parseServerConfig(env);
  if (!config.ok) {
    console.error(
      `Chartside server configuration is invalid (see .env.example):\n${config.issues.map((issue) => `  - ${issue}`).join('\n')}`,
    );
    return 1;
  }
  const { host, port, sandbox, model: modelConfig, suggestionsPerMinute } = config.value;
  const { createSandboxServer } = options;
  if (sandbox && createSandboxServer === undefined) {
    console.error(
      'This is the production entry: it never mounts the sandbox. Set CHARTSIDE_SANDBOX=off, or run the sandbox with `npm start`.',
    );
    return 1;
  }
  const model = modelConfig === undefined ? undefined : await createAzureModelClient(modelConfig);
  const feedbackStore = await openFeedbackStore({
    databaseUrl: config.value.databaseUrl,
    dataDir: config.value.dataDir,
  });

  const serverOptions: ServerOptions = {
    distDir: DIST_DIR,
    logLevel: 'warn',
    suggestionsPerMinute,
    feedbackStore,
    ...(model ? { model } : {}),
    ...(isDev ? { devRoot: ROOT_DIR } : {}),
  };
  let server;
  try {
    server =
      sandbox && createSandboxServer
        ? await createSandboxServer(serverOptions)
        : await createServer(serverOptions);
  } catch (error) {
    // The store holds a database connection (PGlite or PostgreSQL) that would keep the process alive.
    await feedbackStore.close();
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

/** Sets the exit code from startServer's answer, or reports a failure to start. */
export function exitWhenDone(started: Promise<number>): void {
  started.then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error('Chartside server failed to start:', error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
