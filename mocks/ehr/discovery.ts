// SMART discovery: `{iss}/.well-known/smart-configuration` (SMART App Launch 2.2 §Conformance) and the OAuth
// endpoints that `{iss}/metadata` also carries in its oauth-uris extension.
import type { EhrProfile } from './profiles.ts';

export interface OAuthEndpoints {
  readonly authorize: string;
  readonly token: string;
  readonly jwks: string;
  readonly issuer: string;
}

export function oauthEndpoints(profile: EhrProfile, origin: string): OAuthEndpoints {
  const base = `${origin}${profile.authBasePath}`;
  return { authorize: `${base}/authorize`, token: `${base}/token`, jwks: `${base}/jwks`, issuer: base };
}

export function smartConfiguration(profile: EhrProfile, origin: string): Record<string, unknown> {
  const endpoints = oauthEndpoints(profile, origin);
  const resourceScopes =
    profile.scopeVersion === 'v2' ? ['patient/*.rs', 'user/*.rs'] : ['patient/*.read', 'user/*.read'];
  return {
    issuer: endpoints.issuer,
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'none'],
    scopes_supported: [
      'openid',
      'fhirUser',
      'launch',
      'launch/patient',
      'launch/encounter',
      'offline_access',
      'online_access',
      ...resourceScopes,
    ],
    response_types_supported: ['code'],
    // Oracle Health's smart-configuration advertises no PKCE method; Epic and SMART 2.2 servers advertise S256.
    ...(profile.pkceS256 ? { code_challenge_methods_supported: ['S256'] } : {}),
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'context-ehr-patient',
      'context-ehr-encounter',
      'context-standalone-patient',
      'context-banner',
      'context-style',
      'sso-openid-connect',
      'permission-offline',
      'permission-patient',
      'permission-user',
      ...(profile.scopeVersion === 'v2' ? ['permission-v2'] : ['permission-v1']),
    ],
  };
}
