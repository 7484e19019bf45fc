// Finding the server (src/server.ts): the setting, the server inside the
// extension package, then `newsls` on PATH.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bundledServerPath,
  expandServerPath,
  findOnPath,
  probeServer,
  resolveServerCommand,
  serverNotFoundMessage,
  serverSkippedMessage,
} from '../src/server';
import { packageRoot, serverBinary } from './support';

let tmp: string;

/** Writes an executable shell script `dir/name` that prints `stdout` and exits with `code`. */
function script(dir: string, name: string, stdout: string, code = 0): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho '${stdout}'\nexit ${code}\n`, { mode: 0o755 });
  return file;
}

/** An installed extension's folder whose package carries a server printing `stdout`. */
function extensionWithServer(name: string, stdout: string, code = 0): string {
  const root = path.join(tmp, name);
  script(path.join(root, 'server'), 'newsls', stdout, code);
  return root;
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-vscode-'));
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
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

  it('reports every candidate when none runs, then says how to fix it', async () => {
    const missing = path.join(tmp, 'nope', 'newsls');
    const universal = path.join(tmp, 'universal-extension');
    fs.mkdirSync(universal, { recursive: true });
    const res = await resolveServerCommand({ serverPath: missing }, { PATH: path.join(tmp, 'empty') }, { extensionPath: universal });
    assert.ok(!res.ok);
    assert.deepEqual(
      res.failures.map((f) => [f.source, f.command]),
      [
        ['setting', missing],
        ['bundled', path.join(universal, 'server', 'newsls')],
        ['path', 'newsls'],
      ],
    );
    assert.match(res.failures[0].reason, /does not exist/);
    const message = serverNotFoundMessage(res.failures);
    assert.match(message, /could not start the language server/);
    assert.ok(message.includes(missing), message);
    assert.match(message, /this extension package carries no server/);
    assert.match(message, /"newsls" was not found on PATH/);
    // The fix, each way: the platform package, an installer or cargo, the setting.
    assert.match(message, /extension package made for your platform/);
    assert.match(message, /installer/);
    assert.match(message, /`cargo install newsls`/);
    assert.match(message, /set "newsls\.server\.path"/);
    // One sentence for a person, not a stack trace.
    assert.doesNotMatch(message, /\n|\bat .*:\d+:\d+/);
  });

  it('rejects a configured file that is not executable, and one on PATH that crashes', async () => {
    const plain = path.join(tmp, 'plain.txt');
    fs.writeFileSync(plain, 'hello', { mode: 0o644 });
    const crashing = script(path.join(tmp, 'crash'), 'newsls', 'segfault', 139);
    const res = await resolveServerCommand({ serverPath: plain }, { PATH: path.dirname(crashing) });
    assert.ok(!res.ok);
    assert.match(res.failures[0].reason, /not an executable file/);
    const fromPath = res.failures.find((f) => f.source === 'path');
    assert.equal(fromPath?.command, crashing);
    assert.match(fromPath?.reason ?? '', /--version` failed \(exit 139\): segfault$/);
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

describe('the server inside the extension package', () => {
  it('lives in server/ of the installed extension, newsls.exe on Windows', () => {
    assert.equal(bundledServerPath('/ext/newsls.newsls-0.1.0-linux-x64', 'linux'), '/ext/newsls.newsls-0.1.0-linux-x64/server/newsls');
    assert.equal(bundledServerPath('C:\\ext\\newsls', 'win32'), 'C:\\ext\\newsls\\server\\newsls.exe');
  });

  it('is used when no path is set, before newsls on PATH', async () => {
    const extension = extensionWithServer('with-server-1', 'newsls 0.1.0');
    const onPath = script(path.join(tmp, 'onpath-b1'), 'newsls', 'newsls 0.0.1');
    const res = await resolveServerCommand({ serverPath: null }, { PATH: path.dirname(onPath) }, { extensionPath: extension });
    assert.ok(res.ok, JSON.stringify(res));
    assert.deepEqual(res.server, { command: path.join(extension, 'server', 'newsls'), args: ['--stdio'], source: 'bundled' });
    assert.equal(res.version, 'newsls 0.1.0');
    assert.deepEqual(res.skipped, []);
  });

  it('gives way to newsls.server.path', async () => {
    const extension = extensionWithServer('with-server-2', 'newsls 0.1.0');
    const configured = script(path.join(tmp, 'configured-b2'), 'newsls', 'newsls 9.0.0-dev');
    const res = await resolveServerCommand({ serverPath: configured }, { PATH: '' }, { extensionPath: extension });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.command, configured);
    assert.equal(res.server.source, 'setting');
  });

  it('takes over from a broken setting, and the user is told', async () => {
    const extension = extensionWithServer('with-server-3', 'newsls 0.1.0');
    const broken = path.join(tmp, 'nope-b3', 'newsls');
    const res = await resolveServerCommand({ serverPath: broken }, { PATH: '' }, { extensionPath: extension });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.source, 'bundled');
    assert.deepEqual(
      res.skipped.map((f) => f.source),
      ['setting'],
    );
    const warning = serverSkippedMessage(res.skipped[0], res.server);
    assert.ok(warning.includes(`ignoring newsls.server.path (${broken} does not exist)`), warning);
    assert.ok(warning.includes(`using ${res.server.command} from the extension package`), warning);
  });

  it('that does not run is passed over for newsls on PATH, with a warning', async () => {
    const extension = extensionWithServer('with-server-4', 'cannot execute binary file', 126);
    const onPath = script(path.join(tmp, 'onpath-b4'), 'newsls', 'newsls 0.0.4');
    const res = await resolveServerCommand({}, { PATH: path.dirname(onPath) }, { extensionPath: extension });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.command, onPath);
    assert.deepEqual(
      res.skipped.map((f) => f.source),
      ['bundled'],
    );
    assert.match(serverSkippedMessage(res.skipped[0], res.server), /the server inside the extension package does not run .*from PATH instead/);
  });

  it('absent (the universal package) is no reason to warn when newsls is on PATH', async () => {
    const universal = path.join(tmp, 'universal-b5');
    fs.mkdirSync(universal, { recursive: true });
    const onPath = script(path.join(tmp, 'onpath-b5'), 'newsls', 'newsls 0.0.5');
    const res = await resolveServerCommand({}, { PATH: path.dirname(onPath) }, { extensionPath: universal });
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.server.source, 'path');
    assert.deepEqual(res.skipped, []);
  });
});
