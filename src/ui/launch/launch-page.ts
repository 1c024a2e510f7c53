// `/launch` (launch/index.html): starts the SMART handshake and, unless it fails, navigates to the EHR's
// authorize endpoint. No React here: the page exists for a fraction of a second, and every kilobyte it must
// compile delays the authorize request. Only a failure loads the error screen (React), on demand.
import { startLaunch } from '../../smart/launch.ts';

/** Runs the launch page once for this address; on failure renders the error screen into `container`. */
export async function runLaunchPage(
  location: { readonly href: string },
  container: HTMLElement,
): Promise<void> {
  try {
    // On success the page is navigating away to the EHR: nothing more to do here.
    await startLaunch(location);
  } catch (error) {
    const { renderLaunchError } = await import('./launch-error-view.tsx');
    renderLaunchError(container, error);
  }
}
