/**
 * Entry point of the browser suite: the extension's `browser` entry runs in the workbench's
 * web-worker extension host, these tests in the Node one beside it (the runner's "browser" run).
 * They reach the extension only as a user does: commands, providers, the Problems panel.
 */
import { join } from 'node:path';
import { runMochaFiles } from '../mocha';

export function run(): Promise<void> {
  return runMochaFiles([join(__dirname, 'browser.test.js')]);
}
