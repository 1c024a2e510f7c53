// A stand-in for `dist/`: the two pages the server refuses to start without, for tests of the backend routes.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary folder with index.html and launch/index.html; the caller removes it. */
export async function writeMinimalBuild(prefix: string): Promise<string> {
  const distDir = await mkdtemp(path.join(tmpdir(), prefix));
  await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>Chartside</title>');
  await mkdir(path.join(distDir, 'launch'));
  await writeFile(path.join(distDir, 'launch', 'index.html'), '<!doctype html><title>Chartside</title>');
  return distDir;
}
