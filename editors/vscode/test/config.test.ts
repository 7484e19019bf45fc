// The extension's own logic (src/config.ts), which does not need VS Code.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildClientOptions,
  buildServerOptions,
  documentSelector,
  expandServerPath,
  findOnPath,
  probeServer,
  resolveServerCommand,
  serverNotFoundMessage,
  serverSettings,
} from '../src/config';
import { packageRoot, serverBinary } from './support';

let tmp: string;

/** Writes an executable shell script `dir/name` that prints `stdout` and exits with `code`. */
function script(dir: string, name: string, stdout: string, code = 0): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho '${stdout}'\nexit ${code}\n`, { mode: 0o755 });
  return file;
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-vscode-'));
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

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

describe('expandServerPath', () => {
  const env = { HOME: '/home/ana' };
  it('expands ~ and ${userHome}', () => {
    assert.equal(expandServerPath('~/bin/newsls', {}, env, 'linux'), '/home/ana/bin/newsls');
    assert.equal(expandServerPath('${userHome}/bin/newsls', {}, env, 'linux'), '/home/ana/bin/newsls');
  });
  it('expands ${workspaceFolder} and ${env:NAME}, resolves relative paths against the workspace', () => {
    const config = { workspaceFolder: '/work/news' };
    assert.equal(expandServerPath('${workspaceFolder}/target/debug/newsls', config, env, 'linux'), '/work/news/target/debug/newsls');
    assert.equal(expandServerPath('target/debug/newsls', config, env, 'linux'), '/work/news/target/debug/newsls');
    assert.equal(expandServerPath('${env:CARGO_HOME}/bin/newsls', config, { CARGO_HOME: '/c' }, 'linux'), '/c/bin/newsls');
  });
  it('leaves a bare command name for PATH lookup', () => {
    assert.equal(expandServerPath('  newsls-dev ', { workspaceFolder: '/w' }, env, 'linux'), 'newsls-dev');
  });
});

describe('findOnPath', () => {
  it('finds the first executable named newsls on PATH, skipping non-executables', () => {
    const a = path.join(tmp, 'path-a');
    fs.mkdirSync(a, { recursive: true });
    fs.writeFileSync(path.join(a, 'newsls'), 'not executable', { mode: 0o644 });
    const b = script(path.join(tmp, 'path-b'), 'newsls', 'newsls 9.9.9');
    const env = { PATH: ['', path.join(tmp, 'missing'), a, path.dirname(b)].join(path.delimiter) };
    assert.equal(findOnPath('newsls', env, 'linux'), b);
    assert.equal(findOnPath('newsls', { PATH: a }, 'linux'), undefined);
    assert.equal(findOnPath('newsls', {}, 'linux'), undefined);
  });
});

describe('resolveServerCommand', () => {
  it('uses newsls.server.path when it runs', async () => {
    const configured = script(path.join(tmp, 'configured'), 'my-newsls', 'newsls 1.2.3');
    const onPath = script(path.join(tmp, 'onpath1'), 'newsls', 'newsls 0.0.1');
    const res = await resolveServerCommand(
      { serverPath: configured },
      { PATH: path.dirname(onPath) },
    );
    assert.ok(res.ok, JSON.stringify(res));
    assert.deepEqual(res.server, { command: configured, args: ['--stdio'], source: 'setting' });
    assert.equal(res.version, 'newsls 1.2.3');
    assert.deepEqual(res.skipped, []);
  });

  it('falls back to newsls on PATH when no path is set', async () => {
    const onPath = script(path.join(tmp, 'onpath2'), 'newsls', 'newsls 0.0.2');
    for (const serverPath of [undefined, null, '', '   ']) {
      const res = await resolveServerCommand({ serverPath }, { PATH: path.dirname(onPath) });
      assert.ok(res.ok, JSON.stringify(res));
      assert.equal(res.server.command, onPath);
      assert.equal(res.server.source, 'path');
      assert.deepEqual(res.skipped, []);
    }
  });

  it('falls back to PATH when the configured binary does not run, and says so', async () => {
    const broken = script(path.join(tmp, 'broken'), 'newsls', 'boom', 3);
    const onPath = script(path.join(tmp, 'onpath3'), 'newsls', 'newsls 0.0.3');
    const res = await resolveServerCommand({ serverPath: broken }, { PATH: path.dirname(onPath) });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.command, onPath);
    assert.equal(res.skipped.length, 1);
    assert.equal(res.skipped[0].source, 'setting');
    assert.match(res.skipped[0].reason, /--version` failed/);
  });

  it('reports every candidate when neither runs', async () => {
    const missing = path.join(tmp, 'nope', 'newsls');
    const res = await resolveServerCommand({ serverPath: missing }, { PATH: path.join(tmp, 'empty') });
    assert.ok(!res.ok);
    assert.deepEqual(
      res.failures.map((f) => [f.source, f.command]),
      [
        ['setting', missing],
        ['path', 'newsls'],
      ],
    );
    assert.match(res.failures[0].reason, /does not exist/);
    const message = serverNotFoundMessage(res.failures);
    assert.match(message, /could not start the language server/);
    assert.match(message, /newsls\.server\.path/);
    assert.ok(message.includes(missing), message);
    assert.match(message, /"newsls" was not found on PATH/);
  });

  it('rejects a configured file that is not executable, and one on PATH that crashes', async () => {
    const plain = path.join(tmp, 'plain.txt');
    fs.writeFileSync(plain, 'hello', { mode: 0o644 });
    const crashing = script(path.join(tmp, 'crash'), 'newsls', 'segfault', 139);
    const res = await resolveServerCommand({ serverPath: plain }, { PATH: path.dirname(crashing) });
    assert.ok(!res.ok);
    assert.match(res.failures[0].reason, /not an executable file/);
    assert.equal(res.failures[1].command, crashing);
    assert.match(res.failures[1].reason, /failed/);
  });

  it('looks a bare configured name up on PATH', async () => {
    const dev = script(path.join(tmp, 'bare'), 'newsls-dev', 'newsls 0.9.0-dev');
    const res = await resolveServerCommand({ serverPath: 'newsls-dev' }, { PATH: path.dirname(dev) });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.command, dev);
    assert.equal(res.server.source, 'setting');
  });

  it('accepts the real newsls binary', async () => {
    const bin = serverBinary();
    const probe = await probeServer(bin);
    assert.ok(probe.ok, JSON.stringify(probe));
    // `cargo install --path .` installs this version: the extension's own.
    const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(probe.version, `newsls ${version}`);
    const res = await resolveServerCommand({ serverPath: bin }, { PATH: '' });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.command, bin);
  });
});
