// What VS Code reads from the extension: package.json, and the packaged .vsix.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { CLIENT_ID, COMMAND_RESTART, COMMAND_SHOW_OUTPUT, NEWS_GLOB, SETTING_SERVER_PATH } from '../src/config';
import { packageRoot } from './support';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  license: string;
  scripts: Record<string, string>;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    languages?: unknown[];
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { type: string | string[]; default: unknown; enum?: string[]; items?: { type: string } }> };
  };
  devDependencies: Record<string, string>;
}

const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('activates on news workspaces and Markdown documents', () => {
    assert.deepEqual(manifest.activationEvents, [`workspaceContains:${NEWS_GLOB}`, 'onLanguage:markdown']);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('contributes no language: *.news.md stays markdown', () => {
    assert.equal(manifest.contributes.languages, undefined);
  });

  it('contributes the two commands with their palette titles', () => {
    const titles = manifest.contributes.commands.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]);
    assert.deepEqual(titles, [
      [COMMAND_RESTART, 'newsls: Restart Server'],
      [COMMAND_SHOW_OUTPUT, 'newsls: Show Output'],
    ]);
  });

  it('contributes the settings', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), [SETTING_SERVER_PATH, 'newsls.server.extraArgs', `${CLIENT_ID}.trace.server`].sort());
    assert.ok([props[SETTING_SERVER_PATH].type].flat().includes('string'));
    assert.equal(props[SETTING_SERVER_PATH].default, null);
    assert.equal(props['newsls.server.extraArgs'].type, 'array');
    assert.deepEqual(props['newsls.server.extraArgs'].default, []);
    assert.equal(props['newsls.server.extraArgs'].items?.type, 'string');
    // vscode-languageclient reads `<client id>.trace.server`.
    assert.deepEqual(props['newsls.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(props['newsls.trace.server'].default, 'off');
  });

  it('never lets an untrusted workspace choose the server binary', () => {
    const u = manifest.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual(u.restrictedConfigurations.sort(), [SETTING_SERVER_PATH, 'newsls.server.extraArgs'].sort());
  });

  it('has what vsce needs to package without prompting', () => {
    assert.ok(manifest.publisher);
    assert.ok(manifest.license);
    // No repository is published yet; vsce must be told so, or it prompts.
    assert.match(manifest.scripts.package, /--allow-missing-repository/);
    assert.ok(fs.existsSync(path.join(packageRoot, 'LICENSE')));
    assert.ok(fs.existsSync(path.join(packageRoot, 'README.md')));
    // @types/vscode must not be newer than the lowest VS Code we claim to run on.
    const engine = manifest.engines.vscode.replace(/^[\^~]/, '').split('.').slice(0, 2).join('.');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '').split('.').slice(0, 2).join('.');
    assert.equal(types, engine);
  });
});

/** Minimal ZIP reader (stored and deflated entries), enough for a .vsix. */
function readZip(file: string): Map<string, () => Buffer> {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, () => {
      const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
      const data = buf.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${name}: unsupported zip method ${method}`);
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('packaged .vsix', () => {
  const vsix = path.join(packageRoot, `${manifest.name}-${manifest.version}.vsix`);
  const skip = fs.existsSync(vsix) ? false : `${path.basename(vsix)} not built; run \`npm run package\` first`;

  it('ships the bundle and the manifest, and nothing from the build', { skip }, () => {
    const entries = readZip(vsix);
    const names = [...entries.keys()];
    for (const required of ['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/readme.md']) {
      assert.ok(names.some((n) => n.toLowerCase() === required), `${required} in ${names.join(', ')}`);
    }
    assert.ok(names.some((n) => /^extension\/license(\.txt|\.md)?$/i.test(n)), `LICENSE in ${names.join(', ')}`);
    const unwanted = names.filter((n) => /^extension\/(node_modules|src|test|out)\/|\.ts$|\.map$|\.vsix$|tsconfig/.test(n));
    assert.deepEqual(unwanted, []);

    const packed: Manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    assert.deepEqual(packed.activationEvents, manifest.activationEvents);
    assert.deepEqual(packed.contributes, manifest.contributes);
    assert.equal(packed.main, manifest.main);

    const vsixManifest = entries.get('extension.vsixmanifest')!().toString('utf8');
    assert.match(vsixManifest, new RegExp(`Id="${manifest.name}"`));
    assert.match(vsixManifest, new RegExp(`Version="${manifest.version.replace(/\./g, '\\.')}"`));
    assert.match(vsixManifest, new RegExp(`Publisher="${manifest.publisher}"`));

    // vscode-languageclient is bundled in; only `vscode` is left for the host to provide.
    const bundle = entries.get('extension/dist/extension.js')!().toString('utf8');
    assert.match(bundle, /require\("vscode"\)/);
    assert.doesNotMatch(bundle, /require\("vscode-languageclient/);
    for (const id of [COMMAND_RESTART, COMMAND_SHOW_OUTPUT, SETTING_SERVER_PATH]) {
      assert.ok(bundle.includes(id), `${id} in the bundle`);
    }
    assert.ok(bundle.includes(NEWS_GLOB), 'document selector glob in the bundle');
  });
});
