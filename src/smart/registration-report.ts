// The report on a registered-EHRs document that `chartside registration check` prints and that the server prints
// when it refuses to start: pure, so both say exactly the same thing.
import { parseRegisteredEhrs, type RegisteredEhr } from './registered-ehrs.ts';

export interface RegistrationReport {
  readonly ok: boolean;
  readonly text: string;
}

/** One line per entry: name, profile, iss pattern and how many scopes it requests. */
export function describeRegistration(registration: RegisteredEhr): string {
  const scopes = `${registration.scopes.length} ${registration.scopes.length === 1 ? 'scope' : 'scopes'}`;
  return `${JSON.stringify(registration.name)}: profile ${registration.profile}, iss ${registration.issPattern}, ${scopes}`;
}

/**
 * Checks a registered-EHRs document (`source` names it in the report). One bad entry fails the whole document:
 * Chartside does not guess which of the other entries were meant to be trusted.
 */
export function checkRegistrationDocument(source: string, document: unknown): RegistrationReport {
  const result = parseRegisteredEhrs(document);
  if (!result.ok) {
    const count = `${result.issues.length} ${result.issues.length === 1 ? 'problem' : 'problems'}`;
    return {
      ok: false,
      text: `${source} is invalid (${count}):\n${result.issues.map((issue) => `  - ${issue}\n`).join('')}`,
    };
  }
  const entries = `${result.value.length} registered ${result.value.length === 1 ? 'EHR' : 'EHRs'}`;
  return {
    ok: true,
    text: `${source} is valid: ${entries}\n${result.value.map((entry) => `  - ${describeRegistration(entry)}\n`).join('')}`,
  };
}
