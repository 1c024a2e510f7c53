// The SMART authorization server of the EHR stand-in: authorize, token, jwks and the SMART style document,
// under each profile's auth base path (see profiles.ts). Called by the stand-in router (stand-in.ts).
import { handleAuthorize } from './auth-authorize.ts';
import { withCors } from './auth-http.ts';
import { handleToken } from './auth-token.ts';
import type { EhrProfile } from './profiles.ts';
import { json } from './responses.ts';
import { smartStyle } from './smart-style.ts';
import type { StandInContext } from './stand-in-context.ts';

/** `rest` is the path after `profile.authBasePath`, e.g. `/token`. */
export async function handleAuthRequest(
  request: Request,
  url: URL,
  profile: EhrProfile,
  rest: string,
  context: StandInContext,
): Promise<Response> {
  switch (rest) {
    case '/authorize':
      return handleAuthorize(request, url, profile, context);
    case '/token':
      return handleToken(request, url, profile, context);
    case '/jwks':
      return readOnly(request, () => withCors(json(context.keys.jwks)));
    case '/smart-style.json':
      return readOnly(request, () =>
        withCors(json(smartStyle(profile), 200, { 'cache-control': 'max-age=3600' })),
      );
    default:
      return json(
        { error: 'not_found', error_description: `No such authorization endpoint: ${url.pathname}` },
        404,
      );
  }
}

function readOnly(request: Request, respond: () => Response): Response {
  if (request.method === 'GET' || request.method === 'HEAD') return respond();
  return withCors(
    json({ error: 'method_not_allowed', error_description: 'Use GET' }, 405, { allow: 'GET, HEAD' }),
  );
}
