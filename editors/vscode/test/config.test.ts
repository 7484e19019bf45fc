// The extension's own logic (src/config.ts), which does not need VS Code.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClientOptions, buildServerOptions, documentSelector, serverSettings } from '../src/config';

describe('client options', () => {
  it('selects *.news.md files on disk in the newsmd language', () => {
    assert.deepEqual(documentSelector, [{ scheme: 'file', language: 'newsmd', pattern: '**/*.news.md' }]);
    const options = buildClientOptions({ 'inlay-hints': { enabled: true } });
    assert.deepEqual(options.documentSelector, [{ scheme: 'file', language: 'newsmd', pattern: '**/*.news.md' }]);
    assert.equal(options.diagnosticCollectionName, 'newsls');
    assert.deepEqual(options.markdown, { isTrusted: false, supportHtml: false });
    assert.deepEqual(options.initializationOptions, { 'inlay-hints': { enabled: true } });
    // The server watches files itself: a client watcher would deliver each change twice.
    assert.deepEqual(options.synchronize, { configurationSection: 'newsls' });
  });

  it('launches the server over stdio with --stdio', () => {
    const exe = buildServerOptions({ command: '/opt/newsls', args: ['--stdio'], source: 'setting' }, { PATH: '/bin' });
    assert.equal(exe.command, '/opt/newsls');
    assert.deepEqual(exe.args, ['--stdio']);
    // With transport=stdio vscode-languageclient would append another `--stdio`.
    assert.equal(exe.transport, undefined);
    assert.equal(exe.options?.env?.PATH, '/bin');
    assert.equal(exe.options?.env?.RUST_BACKTRACE, '1');
  });
});

describe('serverSettings', () => {
  type Levels = Record<string, { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown }>;
  const from = (levels: Levels) => serverSettings((key) => levels[key]);

  it('sends nothing the user did not set, so .newsls.toml keeps deciding', () => {
    assert.deepEqual(from({}), {});
    assert.deepEqual(from({ 'code-lens.enabled': {} }), {});
  });

  it('nests the keys as .newsls.toml does, most specific level first', () => {
    assert.deepEqual(
      from({
        'inlay-hints.enabled': { globalValue: true },
        'code-lens.enabled': { globalValue: true, workspaceValue: false },
        'workspace.registries': { workspaceValue: ['../desk-registry'] },
        'workspace.follow-links': { globalValue: false },
        // Not the server's: never sent.
        'server.path': { globalValue: '/opt/newsls' },
        'trace.server': { globalValue: 'verbose' },
      }),
      {
        'inlay-hints': { enabled: true },
        'code-lens': { enabled: false },
        workspace: { registries: ['../desk-registry'], 'follow-links': false },
      },
    );
  });

  it('merges diagnostics levels code by code, and passes a bad value on for the server to report', () => {
    assert.deepEqual(
      from({
        diagnostics: {
          globalValue: { 'unannotated-mention': 'off', 'surface-mismatch': 'error' },
          workspaceFolderValue: { 'surface-mismatch': 'hint' },
        },
      }),
      { diagnostics: { 'unannotated-mention': 'off', 'surface-mismatch': 'hint' } },
    );
    assert.deepEqual(from({ diagnostics: { globalValue: { a: 'off' }, workspaceValue: 'loud' } }), { diagnostics: 'loud' });
  });
});
