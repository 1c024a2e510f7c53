// The server's start-up check of launch/registered-ehrs.json. A bad entry used to surface only at the first
// launch, as a "connection failure" for every EHR; now the server does not start, and says which entry and field.
import { checkRegistrationDocument } from '../smart/registration-report.ts';
import { SHIPPED_REGISTERED_EHRS_DOCUMENT } from '../smart/registered-ehrs.ts';

export const REGISTERED_EHRS_FILE = 'launch/registered-ehrs.json';

/** What to print before refusing to start, or undefined when the registry is valid. */
export function registryStartupError(
  document: unknown = SHIPPED_REGISTERED_EHRS_DOCUMENT,
): string | undefined {
  const report = checkRegistrationDocument(REGISTERED_EHRS_FILE, document);
  if (report.ok) return undefined;
  return (
    `Chartside does not start with an invalid EHR registry: the launch page and the API would refuse every EHR.\n` +
    report.text +
    `Fix the entries above (launch/README.md), check with \`npm run chartside -- registration check ${REGISTERED_EHRS_FILE}\`, then start again.\n`
  );
}
