// How the e2e tests and the UI bench start Chromium: headless, no sandbox (containers), no GPU, and none of the
// browser's own background work (network, component updates, sync, first-run). Chromium 156 in headless mode
// also renders its omnibox popup (a WebUI page) in a renderer of its own for every new window: in a traced launch
// on a two-core machine it used more CPU than Chartside's page, so it is switched off too (headless mode has no
// omnibox to show).
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
