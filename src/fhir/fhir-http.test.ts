import { describe, expect, it } from 'vitest';
import { SessionExpiredError, type FhirRequestError } from './fhir-errors.ts';
import { createFhirHttpClient, type FetchFunction } from './fhir-http.ts';
import { createSemaphore } from './semaphore.ts';

const URL_OBSERVATIONS = 'https://ehr.example/fhir/Observation?patient=p1&category=laboratory';

function client(fetchFn: FetchFunction, extra: { requestTimeoutMs?: number; accessToken?: string } = {}) {
  const controller = new AbortController();
  return createFhirHttpClient({
    fetch: fetchFn,
    accessToken: extra.accessToken,
    requestTimeoutMs: extra.requestTimeoutMs ?? 1000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2000 },
    semaphore: createSemaphore(2, controller.signal),
    signal: controller.signal,
  });
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/fhir+json', ...headers },
  });
}

const OUTCOME = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'throttled', details: { text: 'Slow down' } }],
};

describe('createFhirHttpClient', () => {
  it('sends the bearer token and asks for FHIR JSON', async () => {
    const seen: Headers[] = [];
    const http = client(
      (_url, init) => {
        seen.push(new Headers(init.headers));
        return Promise.resolve(json({ resourceType: 'Bundle', type: 'searchset' }));
      },
      { accessToken: 'tok-1' },
    );
    await expect(http.getJson(URL_OBSERVATIONS)).resolves.toEqual({
      resourceType: 'Bundle',
      type: 'searchset',
    });
    expect(seen[0]?.get('authorization')).toBe('Bearer tok-1');
    expect(seen[0]?.get('accept')).toBe('application/fhir+json');
  });

  it('sends no Authorization header without a token', async () => {
    let authorization: string | null = 'unset';
    const http = client((_url, init) => {
      authorization = new Headers(init.headers).get('authorization');
      return Promise.resolve(json({}));
    });
    await http.getJson(URL_OBSERVATIONS);
    expect(authorization).toBeNull();
  });

  it('honours a Retry-After HTTP-date, then succeeds', async () => {
    const answers = [
      json(OUTCOME, 429, { 'retry-after': new Date(Date.now() + 1500).toUTCString() }),
      json({ ok: true }),
    ];
    const startedMs = Date.now();
    const http = client(() => Promise.resolve(answers.shift() ?? json({}, 500)));
    await expect(http.getJson(URL_OBSERVATIONS)).resolves.toEqual({ ok: true });
    // HTTP-dates have whole seconds: the wait is 0.5–1.5 s, not the 1 ms back-off.
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(450);
    expect(http.stats).toEqual({ requests: 2, retries: 1 });
  });

  it('gives up on throttling after maxAttempts with the last error', async () => {
    const http = client(() => Promise.resolve(json(OUTCOME, 503)));
    await expect(http.getJson(URL_OBSERVATIONS)).rejects.toMatchObject({
      name: 'FhirRequestError',
      status: 503,
      outcomeText: 'Slow down',
    });
    expect(http.stats).toEqual({ requests: 3, retries: 2 });
  });

  it('turns 401 into SessionExpiredError', async () => {
    const http = client(() =>
      Promise.resolve(
        json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'login', diagnostics: 'Token expired.' }],
          },
          401,
        ),
      ),
    );
    const failure = http.getJson(URL_OBSERVATIONS);
    await expect(failure).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(failure).rejects.toThrow(
      "The EHR no longer accepts this session's access token (401): Token expired. Launch the app again from the chart.",
    );
  });

  it.each<[string, () => Promise<Response>, Partial<FhirRequestError>]>([
    [
      'a body that is not JSON',
      () => Promise.resolve(new Response('<html>', { status: 200 })),
      { kind: 'invalid-response', status: 200 },
    ],
    [
      'a 500 without a body',
      () => Promise.resolve(new Response(null, { status: 500 })),
      { kind: 'http', status: 500, message: 'HTTP 500' },
    ],
    [
      'an OAuth-style error body',
      () =>
        Promise.resolve(
          json({ error: 'insufficient_scope', error_description: 'needs patient/Goal.rs' }, 403),
        ),
      { status: 403, outcomeText: 'needs patient/Goal.rs' },
    ],
  ])('reports %s as a FhirRequestError', async (_label, answer, expected) => {
    await expect(client(answer).getJson(URL_OBSERVATIONS)).rejects.toMatchObject(expected);
  });

  it('times out a stalled request', async () => {
    const stalled: FetchFunction = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    await expect(client(stalled, { requestTimeoutMs: 20 }).getJson(URL_OBSERVATIONS)).rejects.toMatchObject({
      kind: 'timeout',
      message: 'no answer from the EHR within 20 ms',
    });
  });
});
