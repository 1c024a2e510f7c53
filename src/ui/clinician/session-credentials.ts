// The SMART session's credentials for Chartside's own backend: the EHR's iss and patient, a fresh access token
// per call (the backend checks it with the EHR), and the id_token that names the clinician.
import type { SmartSession } from '../../smart/launch.ts';
import type { ApiCredentials } from '../api/chartside-api.ts';

export function apiCredentials(session: SmartSession, origin: string): ApiCredentials {
  return {
    origin,
    iss: session.serverUrl,
    patientId: session.patientId,
    accessToken: session.credentials.freshAccessToken,
    idToken: session.credentials.idToken(),
  };
}
