// @vitest-environment jsdom
import FHIR from 'fhirclient/lib/entry/browser';
import { describe, expect, it } from 'vitest';
import { configureFhirclient, isPowerChartEmbeddedBrowser } from './fhirclient-settings.ts';

function windowWithExternal(external: unknown): Window {
  return Object.create(window, { external: { value: external } }) as Window;
}

describe('configureFhirclient', () => {
  it('uses the shared SMART_KEY entry in an ordinary browser', () => {
    configureFhirclient(windowWithExternal({}));
    expect(FHIR.oauth2.settings).toMatchObject({
      fullSessionStorageSupport: true,
      refreshTokenWithClientId: true,
      replaceBrowserHistory: true,
    });
  });

  it('keys the launch state by the URL state in Oracle PowerChart, whose instances share sessionStorage', () => {
    const powerChart = windowWithExternal({ DiscernObjectFactory: () => undefined });
    expect(isPowerChartEmbeddedBrowser(powerChart)).toBe(true);
    configureFhirclient(powerChart);
    expect(FHIR.oauth2.settings.fullSessionStorageSupport).toBe(false);
    expect(FHIR.oauth2.settings.refreshTokenWithClientId).toBe(true);
  });

  it('treats a window.external that throws on access as not PowerChart', () => {
    const throwing = Object.create(window, {
      external: {
        get() {
          throw new Error('denied');
        },
      },
    }) as Window;
    expect(isPowerChartEmbeddedBrowser(throwing)).toBe(false);
  });
});
