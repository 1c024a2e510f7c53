// The EHR stand-in mounted as msw handlers: tests get the same SMART + FHIR behaviour as `npm start`.
import { http, passthrough } from 'msw';
import type { EhrStandIn } from './ehr/stand-in.ts';

export function ehrStandInHandlers(standIn: EhrStandIn) {
  return [http.all(/\/ehr(\/|$)/, async ({ request }) => (await standIn.handle(request)) ?? passthrough())];
}
