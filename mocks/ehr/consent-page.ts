// The stand-in's sign-in and consent page for a standalone launch, and the error page shown when an
// authorization request cannot be sent back to the app. Plain HTML forms: no script is needed to sign in.
// Every piece of text that comes from the request or the fixtures goes through escapeHtml.
import type { PatientSummary } from './patient-store.ts';
import type { EhrProfile } from './profiles.ts';
import { escapeHtml } from './responses.ts';
import { parseResourceScope } from './scopes.ts';

export interface ConsentPageInput {
  readonly profile: EhrProfile;
  readonly clientId: string;
  /** Path the form posts to (the profile's authorize endpoint). */
  readonly formAction: string;
  /** The authorization request's parameters, posted back unchanged as hidden fields. */
  readonly hiddenFields: readonly (readonly [string, string])[];
  readonly grantedScopes: readonly string[];
  /** Requested scopes this EHR will not grant (write access, or a scope syntax it does not support). */
  readonly refusedScopes: readonly string[];
  /** Patients to choose from when the app asked for `launch/patient`; no picker when undefined. */
  readonly patients: readonly PatientSummary[] | undefined;
  readonly selectedPatientId?: string | undefined;
  /** Shown above the form after a rejected submission, e.g. no patient chosen. */
  readonly errorMessage?: string | undefined;
  /** `Practitioner/<id>` the clinician is signed in as. */
  readonly practitioner: string;
}

const STATIC_SCOPE_WORDS: Readonly<Record<string, string>> = {
  openid: 'Confirm who you are (OpenID Connect sign-in)',
  fhirUser: 'See which clinician you are (your FHIR user record)',
  profile: 'See your clinician profile',
  launch: 'Use the patient and encounter open in the EHR',
  'launch/patient': 'Know which patient you choose below',
  'launch/encounter': 'Know which encounter you are working in',
  offline_access: 'Keep access after you sign out (long-lived refresh token)',
  online_access: 'Keep access while you stay signed in to the EHR',
};

const PERMISSION_WORDS: Readonly<Record<string, string>> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};

const LEVEL_WORDS = {
  patient: 'of the selected patient',
  user: 'that you can see',
  system: 'of every patient (system access)',
} as const;

/** A scope in words a clinician understands, e.g. "Read and search lab and vital-sign records of the selected patient". */
export function describeScope(scope: string): string {
  const fixed = STATIC_SCOPE_WORDS[scope];
  if (fixed !== undefined) return fixed;
  const parsed = parseResourceScope(scope);
  if (!parsed) return `Unrecognised permission “${scope}”`;
  const actions = Object.entries(PERMISSION_WORDS)
    .filter(([letter]) => parsed.permissions.includes(letter))
    .map(([, word]) => word);
  const verbs = joinWords(actions);
  const records = parsed.resourceType === '*' ? 'all kinds of records' : `${parsed.resourceType} records`;
  const filter = scope.includes('?') ? ` (only ${decodeQuery(scope.slice(scope.indexOf('?') + 1))})` : '';
  return `${capitalize(verbs)} ${records} ${LEVEL_WORDS[parsed.level]}${filter}`;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const { profile } = input;
  const title = `${profile.label} EHR — sign in`;
  const hidden = input.hiddenFields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n        ');
  const granted = input.grantedScopes
    .map((scope) => `<li>${escapeHtml(describeScope(scope))} <code>${escapeHtml(scope)}</code></li>`)
    .join('\n          ');
  const refused =
    input.refusedScopes.length === 0
      ? ''
      : `<p>This EHR will not grant:</p>
        <ul class="refused">
          ${input.refusedScopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n          ')}
        </ul>`;
  const error =
    input.errorMessage === undefined
      ? ''
      : `<p class="error" role="alert">${escapeHtml(input.errorMessage)}</p>`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
      <p class="signed-in">Signed in as the demo clinician <code>${escapeHtml(input.practitioner || 'unknown')}</code>. No password is needed in this sandbox.</p>
      ${error}
      <form method="post" action="${escapeHtml(input.formAction)}">
        ${hidden}
        <h2>The app <strong>${escapeHtml(input.clientId)}</strong> asks to:</h2>
        <ul class="scopes">
          ${granted || '<li>Nothing beyond signing you in</li>'}
        </ul>
        ${refused}
        ${input.patients === undefined ? '' : patientPicker(input.patients, input.selectedPatientId)}
        <div class="actions">
          <button type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny" formnovalidate class="secondary">Deny</button>
        </div>
      </form>`,
  );
}

/**
 * Shown instead of a redirect when the request names no usable client_id or redirect_uri: RFC 6749 §4.1.2.1
 * forbids sending the user agent to an address that could not be verified.
 */
export function renderAuthorizeErrorPage(profile: EhrProfile, message: string): string {
  const title = `${profile.label} EHR — sign-in error`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
      <p class="error" role="alert">${escapeHtml(message)}</p>
      <p>The app's sign-in request could not be trusted, so this page cannot send you back to the app. Close this window and start the app again.</p>`,
  );
}

function patientPicker(patients: readonly PatientSummary[], selectedId: string | undefined): string {
  const options = patients
    .map((patient, index) => {
      const id = `patient-${index}`;
      const born = patient.birthDate.slice(0, 4) || 'unknown year';
      const deceased = patient.deceasedDateTime === undefined ? '' : ', deceased';
      const checked = patient.id === selectedId ? ' checked' : '';
      // `required` on one radio of the group makes choosing any one of them required.
      const required = index === 0 ? ' required' : '';
      return `<div class="patient">
            <input type="radio" name="patient" id="${id}" value="${escapeHtml(patient.id)}"${checked}${required}>
            <label for="${id}">${escapeHtml(patient.name || 'Unnamed patient')} <span class="detail">born ${escapeHtml(born)}, ${escapeHtml(patient.gender)}${deceased}</span></label>
          </div>`;
    })
    .join('\n          ');
  return `<fieldset>
          <legend>Patient</legend>
          ${options}
        </fieldset>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
    <style>
      body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
      main { max-width: 40rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.15); }
      h1 { font-size: 1.4rem; margin-top: 0; }
      h2 { font-size: 1.1rem; }
      code { font-size: 0.85em; color: #4a5161; }
      .error { color: #8f1d1d; background: #fdecec; padding: 0.5rem 0.75rem; border-radius: 4px; }
      .refused code { color: #8f1d1d; }
      fieldset { border: 1px solid #c9ced8; border-radius: 6px; margin: 1rem 0; }
      .patient { padding: 0.25rem 0; }
      .detail { color: #4a5161; }
      .actions { display: flex; gap: 0.75rem; margin-top: 1.25rem; }
      button { font: inherit; padding: 0.5rem 1.5rem; border-radius: 4px; border: 1px solid #1f5fbf; background: #1f5fbf; color: #fff; cursor: pointer; }
      button.secondary { background: #fff; color: #1f5fbf; }
      button:focus-visible, input:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
    </style>
  </head>
  <body>
    <main>
      ${body}
    </main>
  </body>
</html>
`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function decodeQuery(query: string): string {
  return [...new URLSearchParams(query)].map(([name, value]) => `${name} = ${value}`).join(', ');
}
