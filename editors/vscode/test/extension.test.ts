// The real extension (src/extension.ts) and the real vscode-languageclient,
// loaded into a fake VS Code host (./vscode-host), driving the real server.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeHost, Hover, Location, MarkdownString, Position, installFakeVscode, textDocument, type Diagnostic } from './vscode-host';
import { fixturePath, fixtureText, fixtureUri, packageRoot, positionOf, rangeOf, serverBinary } from './support';

type Extension = typeof import('../src/extension');

const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }> };
};

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

function plainRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

describe('the extension in a fake VS Code host', () => {
  const host = new FakeHost();
  let uninstall: () => void;
  let ext: Extension;
  let savedPath: string | undefined;
  let emptyDir: string;
  const context = { subscriptions: [] as Array<{ dispose(): unknown }> };
  const talks = textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md'));

  before(() => {
    // Nothing on PATH: the only way to a server is the setting.
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-empty-path-'));
    savedPath = process.env.PATH;
    process.env.PATH = emptyDir;
    uninstall = installFakeVscode(host);
    ext = require('../src/extension') as Extension;
  });

  after(async () => {
    await ext?.deactivate();
    for (const d of context.subscriptions) d.dispose();
    uninstall?.();
    process.env.PATH = savedPath;
    fs.rmSync(emptyDir, { recursive: true, force: true });
  });

  it('activates without starting the server when no news document is around', async () => {
    host.settings.set('newsls.server.path', path.join(emptyDir, 'no-such-newsls'));
    await ext.activate(context as never);
    assert.deepEqual([...host.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    // A plain Markdown file (onLanguage:markdown) must not start newsls nor complain.
    host.openDocument(textDocument(path.join(emptyDir, 'README.md'), '# Hello\n'));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(host.messages, []);
  });

  it('opening a *.news.md file starts it; a missing binary gives an error whose button opens the setting', async () => {
    host.answer = (m) => (m.severity === 'error' ? 'Open Settings' : undefined);
    host.openDocument(talks);
    const shown = await eventually('an error message', () => host.messages.find((m) => m.severity === 'error'));
    assert.match(shown.message, /could not start the language server/);
    assert.match(shown.message, /newsls\.server\.path/);
    assert.ok(shown.items.includes('Open Settings'), JSON.stringify(shown));
    const opened = await eventually('the settings UI', () => host.executed.find((e) => e.command === 'workbench.action.openSettings'));
    assert.deepEqual(opened.args, ['newsls.server.path']);
  });

  it('fixing newsls.server.path starts the server, which pushes diagnostics for the open document', async () => {
    host.messages.length = 0;
    host.changeSetting('newsls.server.path', serverBinary());
    const diags = await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'), 20_000);
    const undef = diags.find((d) => d.code === 'undefined-entity') as Diagnostic;
    assert.equal(undef.source, 'newsls');
    assert.equal(undef.severity, 0 /* vscode.DiagnosticSeverity.Error */);
    assert.deepEqual(plainRange(undef.range), rangeOf(talks.getText(), '[@nobody]'));
    assert.deepEqual(host.messages.filter((m) => m.severity === 'error'), []);
  });

  it('hover goes through the client to the server and comes back as untrusted Markdown', async () => {
    const hover = (await host.provider('hover').provideHover(talks, toPosition(positionOf(talks.getText(), '[@putin]', 3)), token)) as Hover;
    assert.ok(hover instanceof Hover, `a vscode.Hover: ${JSON.stringify(hover)}`);
    const md = hover.contents.find((c): c is MarkdownString => c instanceof MarkdownString);
    assert.ok(md, 'Markdown contents');
    assert.match(md.value, /Vladimir Putin/);
    assert.match(md.value, /President of Russia/);
    assert.notEqual(md.isTrusted, true);
  });

  it('definition resolves into the registry file, which was never opened', async () => {
    const result = (await host.provider('definition').provideDefinition(talks, toPosition(positionOf(talks.getText(), '(@witkoff)', 3)), token)) as
      | Location[]
      | Array<{ targetUri: { toString(): string }; targetSelectionRange: Location['range'] }>;
    assert.equal(result.length, 1, JSON.stringify(result));
    const first = result[0];
    const [uri, range] = first instanceof Location ? [first.uri.toString(), first.range] : [first.targetUri.toString(), first.targetSelectionRange];
    assert.equal(uri, fixtureUri('registry.news.md'));
    assert.deepEqual(plainRange(range as never), rangeOf(fixtureText('registry.news.md'), 'witkoff'));
  });

  it('"newsls: Restart Server" brings up a fresh server', async () => {
    host.diagnostics.clear();
    await host.commands.get('newsls.restartServer')!();
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'), 20_000);
    assert.ok(host.output.some((l) => l.includes('Restarting the language server')), host.output.join(''));
  });

  it('"newsls: Show Output" reveals the output channel', async () => {
    await host.commands.get('newsls.showOutput')!();
    assert.ok(host.executed.some((e) => e.command === '<output.show>'));
  });

  it('deactivate stops the server', async () => {
    await ext.deactivate();
    assert.ok(host.output.some((l) => /Starting .*newsls --stdio/.test(l)), host.output.join(''));
  });
});

function toPosition(p: { line: number; character: number }): Position {
  return new Position(p.line, p.character);
}
