// Loading the real extension into the fake host of ./vscode-host.

import { FakeHost, installFakeVscode, type Range } from './vscode-host';

export type Extension = typeof import('../src/extension');

export interface LoadedExtension {
  host: FakeHost;
  ext: Extension;
  context: { subscriptions: Array<{ dispose(): unknown }> };
  /** Deactivates the extension and removes the fake `vscode` module. */
  dispose(): Promise<void>;
}

/** One per test file: the extension keeps its state in module globals. */
export function loadExtension(): LoadedExtension {
  const host = new FakeHost();
  const uninstall = installFakeVscode(host);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require('../src/extension') as Extension;
  const context = { subscriptions: [] as Array<{ dispose(): unknown }> };
  return {
    host,
    ext,
    context,
    async dispose() {
      await ext.deactivate();
      for (const d of context.subscriptions) d.dispose();
      uninstall();
    },
  };
}

export async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A vscode.Range as a plain LSP-shaped object, for deepEqual against rangeOf(). */
export function plainRange(r: Range) {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export const noCancellation = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
