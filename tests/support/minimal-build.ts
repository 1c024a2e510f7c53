// A stand-in for `dist/`: the two pages the server refuses to start without, an asset and the icon, for tests of
// the server's routes.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The app's page (the redirect URI `/`) and the launch page, distinct so a test can tell which was served. */
export const MINIMAL_INDEX_HTML = '<!doctype html><title>Chartside</title><div id="root"></div>';
export const MINIMAL_LAUNCH_HTML =
  '<!doctype html><title>Chartside</title><p role="status">Connecting to your EHR…</p>';
/** A hashed asset, as vite names them. */
export const MINIMAL_ASSET_PATH = 'assets/index-abc123.js';

/** A temporary folder with index.html, launch/index.html, one asset and favicon.svg; the caller removes it. */
export async function writeMinimalBuild(prefix: string): Promise<string> {
  const distDir = await mkdtemp(path.join(tmpdir(), prefix));
  await writeFile(path.join(distDir, 'index.html'), MINIMAL_INDEX_HTML);
  await mkdir(path.join(distDir, 'launch'));
  await writeFile(path.join(distDir, 'launch', 'index.html'), MINIMAL_LAUNCH_HTML);
  await mkdir(path.join(distDir, 'assets'));
  await writeFile(path.join(distDir, MINIMAL_ASSET_PATH), 'console.log(1)');
  await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return distDir;
}
