// Test-only (jsdom): Chartside's page loads acted out in one jsdom window. fhirclient's browser adapter reads the
// page URL once and keeps it, as a page load would; here every read sees the current address. jsdom does not
// navigate to other documents, so authorize()'s redirect is recorded in `redirects` instead of followed.
// Importing this module installs both on fhirclient's BrowserAdapter.
import BrowserAdapter from 'fhirclient/lib/adapters/BrowserAdapter';
import { vi } from 'vitest';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';

export const redirects: string[] = [];

BrowserAdapter.prototype.getUrl = function getUrl(): URL {
  return new URL(window.location.href);
};
BrowserAdapter.prototype.redirect = function redirect(to: string): void {
  redirects.push(to);
};

/** Moves the jsdom window to `url`, as a page load would. */
export function navigate(url: string): void {
  (globalThis as unknown as { jsdom: { reconfigure: (options: { url: string }) => void } }).jsdom.reconfigure(
    { url },
  );
}

/**
 * An EHR launch of `patientId` from `iss` (on Chartside's own origin, as the stand-in is mounted) up to the EHR's
 * redirect back to Chartside: the launch URL, the authorize request fetched by hand, and the window moved to the
 * redirect URI with its code. Fresh modules, as on a new page.
 */
export async function launchUntilRedirect(iss: string, patientId: string): Promise<void> {
  vi.resetModules();
  const { startLaunch } = await import('../../src/smart/launch.ts');
  navigate(
    `${new URL(iss).origin}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: patientId })}`,
  );
  const authorizeUrl = await startLaunch(window.location, { noRedirect: true });
  if (authorizeUrl === undefined) throw new Error('no authorize URL');
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  navigate(response.headers.get('location') ?? '');
}

/** A server-sent event stream of `events`, `gapMs` apart, then closed (unless `holdOpen`). */
export function serverSentEvents(
  events: readonly (readonly [string, unknown])[],
  options: { readonly gapMs?: number; readonly holdOpen?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      for (const [event, data] of events) {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
      }
      if (!options.holdOpen) controller.close();
    },
  });
}
