// The suite's temporary files go under one folder of its own, removed when the run ends. Tests make their folders
// with mkdtemp(tmpdir()) and remove them at their process's exit, but vitest ends its worker processes without
// that exit running: every run left some hundred databases behind in the system's temporary folder (gigabytes on a
// developer's machine). Workers and the okno processes tests start inherit TMPDIR, so os.tmpdir() is this folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  // Each of vitest.config.ts's projects runs this: the first one's folder serves both.
  if (process.env.OKNO_TEST_TMPDIR) return () => {};
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-test-run-'));
  process.env.OKNO_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
