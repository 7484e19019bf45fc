// The real extension in a fake VS Code host, in an empty window (no folder):
// the `onLanguage:newsmd` activation path, and a server that cannot be found
// (what the real-VS-Code run in e2e/ does not reach).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, loadExtension, plainRange, type LoadedExtension } from './extension-support';
import { fixturePath, fixtureText, fixtureUri, rangeOf, serverBinary } from './support';
import { textDocument } from './vscode-host';

describe('the extension in an empty window, without newsls on PATH', () => {
  let loaded: LoadedExtension;
  let emptyDir: string;
  let savedPath: string | undefined;
  const talks = textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md'));

  before(() => {
    // Nothing on PATH: the only way to a server is the setting.
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-empty-path-'));
    savedPath = process.env.PATH;
    process.env.PATH = emptyDir;
    loaded = loadExtension();
    loaded.host.settings.set('newsls.server.path', path.join(emptyDir, 'no-such-newsls'));
  });

  after(async () => {
    await loaded?.dispose();
    process.env.PATH = savedPath;
    fs.rmSync(emptyDir, { recursive: true, force: true });
  });

  it('opening a *.news.md file starts it; a missing binary gives an error whose button opens the setting', async () => {
    const { host, ext, context } = loaded;
    host.answer = (m) => (m.severity === 'error' ? 'Open Settings' : undefined);
    host.openDocument(talks);
    await ext.activate(context as never);
    const shown = await eventually('an error message', () => host.messages.find((m) => m.severity === 'error'));
    assert.match(shown.message, /could not start the language server/);
    assert.match(shown.message, /newsls\.server\.path/);
    assert.ok(shown.message.includes(path.join(emptyDir, 'no-such-newsls')), shown.message);
    assert.ok(shown.items.includes('Open Settings'), JSON.stringify(shown));
    const opened = await eventually('the settings UI', () => host.executed.find((e) => e.command === 'workbench.action.openSettings'));
    assert.deepEqual(opened.args, ['newsls.server.path']);
    // Said once, with the fix, and not as a stack trace.
    assert.match(shown.message, /extension package made for your platform.*`cargo install newsls`.*set "newsls\.server\.path"/);
    assert.doesNotMatch(shown.message, /\n\s+at /);
    host.openDocument(textDocument(fixturePath('registry.news.md'), fixtureText('registry.news.md')));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(host.messages.length, 1, JSON.stringify(host.messages));
  });

  it('fixing newsls.server.path starts the server without a reload', async () => {
    const { host } = loaded;
    host.messages.length = 0;
    host.changeSetting('newsls.server.path', serverBinary());
    const diags = await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.message.includes('@nobody')), 20_000);
    const nobody = diags.find((d) => d.message.includes('@nobody'))!;
    assert.equal(nobody.code, 'undefined-entity');
    assert.deepEqual(plainRange(nobody.range), rangeOf(talks.getText(), '@nobody'));
    assert.deepEqual(host.messages, []);
  });
});
