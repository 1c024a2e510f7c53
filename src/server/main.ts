// The production entry: the built app and the backend API, never the sandbox (which lives in src/sandbox/ and is
// what `npm start` runs). It refuses to start with CHARTSIDE_SANDBOX on, rather than quietly leaving it off.
import { exitWhenDone, startServer } from './start-server.ts';

exitWhenDone(startServer({}));
