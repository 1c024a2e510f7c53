// Whether a caller holds a live SMART session for a patient, asked of the EHR itself: the server has no
// token introspection endpoint at Epic or Oracle Health, but a read of the Patient with the caller's token
// succeeds only if the EHR still accepts that token for that patient. Answers are cached briefly under a
// SHA-256 of token, iss and patient, so a burst of requests costs one EHR read and the raw token is never
// kept as a key.
import { createHash } from 'node:crypto';

export type SessionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 502; readonly error: string; readonly message: string };

export interface EhrSessionVerifier {
  verify(input: { iss: string; patientId: string; accessToken: string }): Promise<SessionCheck>;
}

export interface EhrSessionVerifierOptions {
  /** How long an accepted session is trusted without asking again. */
  readonly cacheMs?: number;
  readonly maxEntries?: number;
  readonly timeoutMs?: number;
  readonly nowMs?: () => number;
  readonly fetch?: (request: Request) => Promise<Response>;
}

export const SESSION_CACHE_MS = 60_000;

export function createEhrSessionVerifier(options: EhrSessionVerifierOptions = {}): EhrSessionVerifier {
  const cacheMs = options.cacheMs ?? SESSION_CACHE_MS;
  const maxEntries = options.maxEntries ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const nowMs = options.nowMs ?? Date.now;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  /** Session key -> expiry (epoch ms). Insertion order is age order, for eviction. */
  const accepted = new Map<string, number>();

  return {
    async verify({ iss, patientId, accessToken }) {
      const key = sessionKey(accessToken, iss, patientId);
      const expiresAt = accepted.get(key);
      if (expiresAt !== undefined && expiresAt > nowMs()) return { ok: true };
      accepted.delete(key);

      const check = await readPatient(send, iss, patientId, accessToken, timeoutMs);
      if (check.ok) {
        if (accepted.size >= maxEntries) {
          const oldest = accepted.keys().next();
          if (oldest.done !== true) accepted.delete(oldest.value);
        }
        accepted.set(key, nowMs() + cacheMs);
      }
      return check;
    },
  };
}

/** SHA-256 over the three parts, separated so that no two different triples can collide by concatenation. */
export function sessionKey(accessToken: string, iss: string, patientId: string): string {
  return createHash('sha256').update(`${accessToken}\n${iss}\n${patientId}`).digest('hex');
}

const SESSION_REFUSED: SessionCheck = {
  ok: false,
  status: 401,
  error: 'session_not_accepted',
  message: 'The EHR did not accept this session for this patient. Launch Chartside again from the chart.',
};

async function readPatient(
  send: (request: Request) => Promise<Response>,
  iss: string,
  patientId: string,
  accessToken: string,
  timeoutMs: number,
): Promise<SessionCheck> {
  let response: Response;
  try {
    response = await send(
      new Request(`${iss}/Patient/${encodeURIComponent(patientId)}`, {
        headers: { accept: 'application/fhir+json', authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
  } catch {
    return {
      ok: false,
      status: 502,
      error: 'ehr_unreachable',
      message: 'Chartside could not reach the EHR to check this session.',
    };
  }
  // 401: token expired or revoked; 403: not allowed for this patient; 404: no such patient in the token's
  // compartment (Epic and Oracle Health answer an out-of-compartment read either way).
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    await drain(response);
    return SESSION_REFUSED;
  }
  if (!response.ok) {
    await drain(response);
    return {
      ok: false,
      status: 502,
      error: 'ehr_unavailable',
      message: `The EHR could not check this session (HTTP ${response.status}).`,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return SESSION_REFUSED;
  }
  const isThePatient =
    typeof body === 'object' &&
    body !== null &&
    'resourceType' in body &&
    body.resourceType === 'Patient' &&
    'id' in body &&
    body.id === patientId;
  return isThePatient ? { ok: true } : SESSION_REFUSED;
}

/** Reads and discards an error body (an OperationOutcome), so the connection can be reused. */
async function drain(response: Response): Promise<void> {
  try {
    await response.arrayBuffer();
  } catch {
    // The body is of no use to us; a failure to read it changes nothing.
  }
}
