// The real extension (src/extension.ts) and the real vscode-languageclient,
// loaded into a fake VS Code host (./vscode-host) with the fixture folder
// open, driving the real server.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, loadExtension, noCancellation, plainRange, type LoadedExtension } from './extension-support';
import { fixturePath, fixtureText, fixtureUri, fixtureWorkspace, packageRoot, positionOf, rangeOf, serverBinary } from './support';
import { Hover, Location, MarkdownString, Position, textDocument, type Range } from './vscode-host';

const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }> };
};

function at(p: { line: number; character: number }): Position {
  return new Position(p.line, p.character);
}

describe('the extension in a fake VS Code host, with a folder of news documents open', () => {
  let loaded: LoadedExtension;
  const talks = textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md'));

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
    assert.deepEqual([...host.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.ok(host.output.some((l) => /Starting .*newsls --stdio \(newsls \d+\.\d+\.\d+.*from newsls\.server\.path\)/.test(l)), host.output.join(''));
    assert.deepEqual(host.messages, []);
  });

  it('opening a document pushes its diagnostics into the problems collection', async () => {
    const { host } = loaded;
    host.openDocument(talks);
    const diags = await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'));
    const undef = diags.filter((d) => d.code === 'undefined-entity');
    // @witkoff comes from registry.news.md, which the server indexed from the folder.
    assert.equal(undef.length, 1, JSON.stringify(diags));
    assert.equal(undef[0].source, 'newsls');
    assert.equal(undef[0].severity, 0 /* vscode.DiagnosticSeverity.Error */);
    assert.deepEqual(plainRange(undef[0].range), rangeOf(talks.getText(), '@nobody'));
  });

  it('hover goes through the client to the server and comes back as untrusted Markdown', async () => {
    const hover = await loaded.host.provider('hover').provideHover(talks, at(positionOf(talks.getText(), '[@putin]', 3)), noCancellation);
    assert.ok(hover instanceof Hover, `a vscode.Hover: ${JSON.stringify(hover)}`);
    const md = hover.contents.find((c): c is MarkdownString => c instanceof MarkdownString);
    assert.ok(md, 'Markdown contents');
    assert.match(md.value, /Vladimir Putin/);
    assert.match(md.value, /President of Russia/);
    assert.notEqual(md.isTrusted, true);
  });

  it('definition resolves into the registry file, which was never opened', async () => {
    const result = (await loaded.host
      .provider('definition')
      .provideDefinition(talks, at(positionOf(talks.getText(), '(@witkoff)', 3)), noCancellation)) as Array<
      Location | { targetUri: { toString(): string }; targetSelectionRange: Range }
    >;
    assert.ok(Array.isArray(result) && result.length === 1, JSON.stringify(result));
    const first = result[0];
    const [uri, range] = first instanceof Location ? [first.uri.toString(), first.range as Range] : [first.targetUri.toString(), first.targetSelectionRange];
    assert.equal(uri, fixtureUri('registry.news.md'));
    assert.deepEqual(plainRange(range), rangeOf(fixtureText('registry.news.md'), 'witkoff'));
  });

  it('"newsls: Restart Server" brings up a fresh server that knows the open document', async () => {
    const { host } = loaded;
    host.diagnostics.clear();
    await host.commands.get('newsls.restartServer')!();
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'));
    assert.ok(host.output.some((l) => l.includes('Restarting the language server')), host.output.join(''));
  });

  it('changing a newsls.server.* setting restarts the server', async () => {
    const { host } = loaded;
    const starts = () => host.output.filter((l) => l.includes('Starting ')).length;
    const before = starts();
    host.diagnostics.clear();
    host.changeSetting('newsls.server.extraArgs', []);
    await eventually('a restart', () => (starts() > before ? true : undefined));
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'));
  });

  it('"newsls: Show Output" reveals the output channel', async () => {
    await loaded.host.commands.get('newsls.showOutput')!();
    assert.ok(loaded.host.executed.some((e) => e.command === '<output.show>'));
  });
});
