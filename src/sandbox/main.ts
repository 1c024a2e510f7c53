// `npm start` / `npm run dev`: the server with the sandbox EHR and the Azure stand-in mounted (the default), or,
// with CHARTSIDE_SANDBOX=off, exactly the production server (src/server/main.ts). The sandbox is imported only
// when it is on, so a server started here with it off loads nothing from mocks/ either.
import { exitWhenDone, startServer } from '../server/start-server.ts';

exitWhenDone(
  startServer({
    createSandboxServer: async (options) => {
      const [{ createSandboxServer }, { createEhrStandIn }] = await Promise.all([
        import('./sandbox-server.ts'),
        import('../../mocks/ehr/stand-in.ts'),
      ]);
      // The Synthea fixtures with their dates moved so each patient's latest encounter is in the week before the
      // server started (mocks/ehr/date-shift.ts): years-old records would make every result "6 years ago" and
      // every screening overdue.
      return createSandboxServer({
        ...options,
        standIn: await createEhrStandIn({ dateShift: { nowMs: Date.now() } }),
      });
    },
  }),
);
