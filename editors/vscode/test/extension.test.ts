// The real extension (src/extension.ts) and the real vscode-languageclient,
// loaded into a fake VS Code host (./vscode-host) with the fixture folder
// open, driving the real server. Only what the real-VS-Code run (e2e/run.mjs)
// does not reach is tested here: the commands, and restarts.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, loadExtension, type LoadedExtension } from './extension-support';
import { fixturePath, fixtureText, fixtureUri, fixtureWorkspace, packageRoot, serverBinary } from './support';
import { textDocument } from './vscode-host';

const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }> };
};

describe('the extension in a fake VS Code host, with a folder of news documents open', () => {
  let loaded: LoadedExtension;
  const talks = textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md'));
  const hasUndefined = (ds: Array<{ code?: unknown }>) => ds.some((d) => d.code === 'undefined-entity');

  before(() => {
    loaded = loadExtension();
    loaded.host.openFolder(fixtureWorkspace);
    loaded.host.settings.set('newsls.server.path', serverBinary());
  });

  after(async () => {
    await loaded?.dispose();
  });

  it('activation (workspaceContains) starts the server and registers the commands', async () => {
    const { host, ext, context } = loaded;
    await ext.activate(context as never);
    // The manifest's commands, and those the server announces
    // (`executeCommandProvider`), which vscode-languageclient registers.
    const serverCommands = ['newsls.wikidata.apply'];
    assert.deepEqual(
      [...host.commands.keys()].sort(),
      [...manifest.contributes.commands.map((c) => c.command), ...serverCommands].sort(),
    );
    assert.ok(host.output.some((l) => /Starting .*newsls --stdio \(newsls \d+\.\d+\.\d+.*from newsls\.server\.path\)/.test(l)), host.output.join(''));
    assert.deepEqual(host.messages, []);
    host.openDocument(talks);
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), hasUndefined);
  });

  it('"newsls: Restart Server" brings up a fresh server that knows the open document', async () => {
    const { host } = loaded;
    host.diagnostics.clear();
    await host.commands.get('newsls.restartServer')!();
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), hasUndefined);
    assert.ok(host.output.some((l) => l.includes('Restarting the language server')), host.output.join(''));
  });

  it('changing newsls.server.path restarts the server', async () => {
    const { host } = loaded;
    const starts = () => host.output.filter((l) => l.includes('Starting ')).length;
    const before = starts();
    host.diagnostics.clear();
    host.changeSetting('newsls.server.path', serverBinary());
    await eventually('a restart', () => (starts() > before ? true : undefined));
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), hasUndefined);
  });

  it('changing a server setting does not restart the server', async () => {
    const { host } = loaded;
    const starts = () => host.output.filter((l) => l.includes('Starting ')).length;
    const before = starts();
    host.changeSetting('newsls.inlay-hints.enabled', true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(starts(), before);
  });

  it('"newsls: Show Output" reveals the output channel', async () => {
    await loaded.host.commands.get('newsls.showOutput')!();
    assert.ok(loaded.host.executed.some((e) => e.command === '<output.show>'));
  });
});
