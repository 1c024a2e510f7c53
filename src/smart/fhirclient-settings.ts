// fhirclient's global settings (FHIR.oauth2.settings), applied before authorize() and ready().
import FHIR from 'fhirclient/lib/entry/browser';

/**
 * Oracle Health's PowerChart hosts SMART apps in an embedded browser whose app instances share one
 * sessionStorage (Cerner's SMART app developer documentation on PowerChart; fhirclient's BrowserAdapter
 * comment on `fullSessionStorageSupport`). There `window.external.DiscernObjectFactory` exists, and the launch
 * state must be keyed by the `state` URL parameter instead of the shared SMART_KEY entry, or two open charts
 * would read each other's tokens.
 */
export function isPowerChartEmbeddedBrowser(win: Window = window): boolean {
  try {
    // window.external is deprecated on the web, and is exactly what PowerChart's embedded browser extends.
    const external: unknown = Reflect.get(win, 'external');
    return typeof external === 'object' && external !== null && 'DiscernObjectFactory' in external;
  } catch {
    return false;
  }
}

export function configureFhirclient(win: Window = window): void {
  const settings = FHIR.oauth2.settings;
  settings.fullSessionStorageSupport = !isPowerChartEmbeddedBrowser(win);
  // Chartside is a public client: the refresh request must name it (RFC 6749 §6 with §3.2.1), as Epic requires.
  settings.refreshTokenWithClientId = true;
  // Take `code` (and `state`, when safe) out of the address bar so a reload or a copied URL never replays it.
  settings.replaceBrowserHistory = true;
}
