// The SMART session's tokens for the calls Chartside makes besides FHIR (its own backend) and for the record
// loader, which takes a plain token rather than the fhirclient Client. Refreshed through the Client when close
// to expiry (Oracle Health access tokens last 570 s; `online_access` gives a refresh token for the session).
import type { SmartSession } from '../../smart/launch.ts';
import type { ApiCredentials } from '../api/chartside-api.ts';

export function currentAccessToken(session: SmartSession): string {
  return session.client.state.tokenResponse?.access_token ?? '';
}

export async function freshAccessToken(session: SmartSession): Promise<string> {
  try {
    await session.client.refreshIfNeeded();
  } catch {
    // A refused refresh leaves the current token: the next request's 401 says the session is over.
  }
  return currentAccessToken(session);
}

export function apiCredentials(session: SmartSession, origin: string): ApiCredentials {
  return {
    origin,
    iss: session.serverUrl,
    patientId: session.patientId,
    accessToken: () => freshAccessToken(session),
    idToken: session.client.state.tokenResponse?.id_token,
  };
}
