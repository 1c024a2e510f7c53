// The three EHR profiles the stand-in imitates. Each value cites the vendor behaviour it copies.

export type EhrProfileId = 'sandbox' | 'epic' | 'oracle';

export interface EhrProfile {
  readonly id: EhrProfileId;
  readonly label: string;
  /** Path of the FHIR base under the stand-in's origin (the `iss`). */
  readonly fhirBasePath: string;
  /** Path under which authorize, token and jwks live. */
  readonly authBasePath: string;
  /** Oracle Health puts a tenant id in the FHIR base URL and returns it in the token response. */
  readonly tenant: string | undefined;
  /** SMART scope syntax the server grants: v2 (`.rs`) or v1 (`.read`). */
  readonly scopeVersion: 'v1' | 'v2';
  /** Whether `code_challenge_methods_supported` advertises S256 (and a verifier is then required). */
  readonly pkceS256: boolean;
  readonly accessTokenSeconds: number;
  /** Oracle Health refresh responses carry no new refresh_token (the old one stays valid). */
  readonly refreshReturnsNewRefreshToken: boolean;
  /** Value sent as `need_patient_banner` on an EHR launch: Epic sends the string "false". */
  readonly needPatientBannerOnEhrLaunch: boolean | 'false';
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Oracle Health returns searches newest first. */
  readonly newestFirst: boolean;
  /** Epic rejects Observation searches without `category` (400, OperationOutcome code `required`). */
  readonly observationRequiresCategory: boolean;
  /** Epic reports search warnings as OperationOutcome entries (search.mode `outcome`) inside the Bundle. */
  readonly warningsInBundle: boolean;
  readonly smartVersion: '2.2.0';
}

/** A fixed, made-up tenant id for the Oracle-Health-like profile. */
export const ORACLE_TENANT = '3f5d1c2a-7b8e-4c91-a0d6-5e2f9b1c8a47';

export const EHR_PROFILES: readonly EhrProfile[] = [
  {
    id: 'sandbox',
    label: 'Sandbox (SMART App Launch 2.2)',
    fhirBasePath: '/ehr/sandbox/fhir',
    authBasePath: '/ehr/sandbox/auth',
    tenant: undefined,
    scopeVersion: 'v2',
    pkceS256: true,
    accessTokenSeconds: 3600,
    refreshReturnsNewRefreshToken: true,
    needPatientBannerOnEhrLaunch: true,
    defaultPageSize: 50,
    maxPageSize: 1000,
    newestFirst: false,
    observationRequiresCategory: false,
    warningsInBundle: false,
    smartVersion: '2.2.0',
  },
  {
    // fhir.epic.com: base .../api/FHIR/R4, OAuth under /oauth2; need_patient_banner "false" (OAuth 2.0 tutorial,
    // "Retrieving Launch Context"); Observation.Search requires category (Epic Observation API specs).
    id: 'epic',
    label: 'Epic-like',
    fhirBasePath: '/ehr/epic/api/FHIR/R4',
    authBasePath: '/ehr/epic/oauth2',
    tenant: undefined,
    scopeVersion: 'v2',
    pkceS256: true,
    accessTokenSeconds: 3600,
    refreshReturnsNewRefreshToken: false,
    needPatientBannerOnEhrLaunch: 'false',
    defaultPageSize: 100,
    maxPageSize: 1000,
    newestFirst: false,
    observationRequiresCategory: true,
    warningsInBundle: true,
    smartVersion: '2.2.0',
  },
  {
    // fhir.cerner.com (Millennium R4): base /r4/{tenant}; authorization under
    // /tenants/{tenant}/protocols/oauth2/profiles/smart-v1; v1 scopes; expires_in 570; no PKCE advertised;
    // _count capped at 200; results newest first.
    id: 'oracle',
    label: 'Oracle-Health-like',
    fhirBasePath: `/ehr/oracle/r4/${ORACLE_TENANT}`,
    authBasePath: `/ehr/oracle/tenants/${ORACLE_TENANT}/protocols/oauth2/profiles/smart-v1/personas/provider`,
    tenant: ORACLE_TENANT,
    scopeVersion: 'v1',
    pkceS256: false,
    accessTokenSeconds: 570,
    refreshReturnsNewRefreshToken: false,
    needPatientBannerOnEhrLaunch: false,
    defaultPageSize: 50,
    maxPageSize: 200,
    newestFirst: true,
    observationRequiresCategory: false,
    warningsInBundle: false,
    smartVersion: '2.2.0',
  },
];

export function findProfile(id: string): EhrProfile | undefined {
  return EHR_PROFILES.find((profile) => profile.id === id);
}

/** The profile whose FHIR base or auth base contains this path, with the rest of the path after that base. */
export function matchProfilePath(
  pathname: string,
): { profile: EhrProfile; area: 'fhir' | 'auth'; rest: string } | undefined {
  for (const profile of EHR_PROFILES) {
    for (const [area, base] of [
      ['fhir', profile.fhirBasePath],
      ['auth', profile.authBasePath],
    ] as const) {
      if (pathname === base || pathname.startsWith(`${base}/`)) {
        return { profile, area, rest: pathname.slice(base.length) || '/' };
      }
    }
  }
  return undefined;
}
