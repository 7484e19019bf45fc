// The real extension in a fake VS Code host, installed as a platform
// package: its folder holds server/newsls, nothing is on PATH and no
// setting is set. The real-VS-Code run (e2e/) checks the same with the
// package installed into code-server.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadExtension, type LoadedExtension } from './extension-support';
import { fixturePath, fixtureText, fixtureUri, fixtureWorkspace, serverBinary } from './support';
import { textDocument } from './vscode-host';

describe('the extension of a platform package, with no newsls on PATH and no setting', () => {
  let loaded: LoadedExtension;
  let installed: string;
  let savedPath: string | undefined;

  before(() => {
    installed = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-installed-extension-'));
    fs.mkdirSync(path.join(installed, 'server'));
    fs.symlinkSync(serverBinary(), path.join(installed, 'server', 'newsls'));
    savedPath = process.env.PATH;
    process.env.PATH = path.join(installed, 'empty');
    loaded = loadExtension();
    loaded.host.openFolder(fixtureWorkspace);
  });

  after(async () => {
    await loaded?.dispose();
    process.env.PATH = savedPath;
    fs.rmSync(installed, { recursive: true, force: true });
  });

  it('starts the server inside the package', async () => {
    const { host, ext, context } = loaded;
    await ext.activate({ ...context, extensionPath: installed } as never);
    const started = host.output.find((l) => l.includes('Starting '));
    assert.ok(started?.includes(`${path.join(installed, 'server', 'newsls')} --stdio`), host.output.join(''));
    assert.match(started ?? '', /from the extension package\)/);
    assert.deepEqual(host.messages, []);
    host.openDocument(textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md')));
    await host.waitForDiagnostics(fixtureUri('talks.news.md'), (ds) => ds.some((d) => d.code === 'undefined-entity'));
  });
});
