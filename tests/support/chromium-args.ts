// How the e2e tests and the UI bench start Chromium: headless, no sandbox (containers), no GPU, and none of the
// browser's own background work (network, component updates, sync, first-run). Chromium 156 also renders its
// omnibox popup (a WebUI page) in its own renderer for every new window, headless or not: on a two-core machine
// that took as much CPU as Chartside's page during a launch, so it is switched off too (there is no omnibox to
// show in headless mode).
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];
