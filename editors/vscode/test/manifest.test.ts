// What VS Code reads from the extension: package.json, and the packaged .vsix.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { CLIENT_ID, COMMAND_RESTART, COMMAND_SHOW_OUTPUT, LANGUAGE_ID, NEWS_GLOB, SERVER_SETTING_KEYS, SETTING_SERVER_PATH } from '../src/config';
import { packageRoot } from './support';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  license: string;
  repository: { type: string; url: string; directory: string };
  scripts: Record<string, string>;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    languages?: Array<{ id: string; aliases: string[]; filenamePatterns: string[]; configuration: string }>;
    grammars?: Array<{ language: string; scopeName: string; path: string }>;
    semanticTokenTypes: Array<{ id: string; superType: string; description: string }>;
    semanticTokenModifiers: Array<{ id: string; description: string }>;
    semanticTokenScopes: Array<{ language: string; scopes: Record<string, string[]> }>;
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: {
      properties: Record<
        string,
        {
          type: string | string[];
          default: unknown;
          enum?: string[];
          items?: { type: string };
          scope?: string;
          markdownDescription?: string;
          properties?: Record<string, { enum: string[] }>;
          additionalProperties?: { enum: string[] };
        }
      >;
    };
  };
  devDependencies: Record<string, string>;
}

const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
const repoRoot = path.resolve(packageRoot, '..', '..');

/** A `key = "value"` of the `[package]` table of the server's Cargo.toml. */
function cargoField(key: string): string {
  const text = fs.readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8');
  const table = text.split(/^\[/m).find((t) => t.startsWith('package]')) ?? '';
  const value = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(table)?.[1];
  assert.ok(value, `${key} in Cargo.toml's [package]`);
  return value;
}

describe('versions', () => {
  it('the extension carries the version of the server (Cargo.toml) and of its changelogs', () => {
    assert.equal(manifest.version, cargoField('version'));
    for (const changelog of [path.join(packageRoot, 'CHANGELOG.md'), path.join(repoRoot, 'CHANGELOG.md')]) {
      const first = /^## \[?(\d+\.\d+\.\d+[^\]\s]*)/m.exec(fs.readFileSync(changelog, 'utf8'))?.[1];
      assert.equal(first, manifest.version, `the newest entry of ${changelog}`);
    }
  });
});

describe('package.json', () => {
  it('activates on news documents and news workspaces only', () => {
    assert.deepEqual(manifest.activationEvents, [`onLanguage:${LANGUAGE_ID}`, `workspaceContains:${NEWS_GLOB}`]);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('gives *.news.md a language of its own that embeds the Markdown grammar', () => {
    assert.deepEqual(manifest.contributes.languages, [
      { id: LANGUAGE_ID, aliases: ['News Markdown', 'newsmd'], filenamePatterns: ['*.news.md'], configuration: './language-configuration.json' },
    ]);
    const [grammar] = manifest.contributes.grammars ?? [];
    assert.equal(grammar.language, LANGUAGE_ID);
    const tm = JSON.parse(fs.readFileSync(path.join(packageRoot, grammar.path), 'utf8'));
    assert.equal(tm.scopeName, grammar.scopeName);
    assert.deepEqual(tm.patterns, [{ include: 'text.html.markdown' }]);
    JSON.parse(fs.readFileSync(path.join(packageRoot, 'language-configuration.json'), 'utf8'));
  });

  it('contributes every token type and modifier of the server\'s legend, so that themes colour them', () => {
    // The legend the server announces (src/server/convert/to_proto/semantic_tokens.rs).
    const source = fs.readFileSync(path.join(repoRoot, 'src', 'server', 'convert', 'to_proto', 'semantic_tokens.rs'), 'utf8');
    const legend = (name: string) => {
      const list = new RegExp(`pub const ${name}: \\[&str; \\d+\\] =\\s*\\[([^\\]]*)\\]`).exec(source)?.[1];
      assert.ok(list, `${name} in semantic_tokens.rs`);
      return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    };
    const types = legend('TOKEN_TYPES');
    const { semanticTokenTypes, semanticTokenModifiers, semanticTokenScopes } = manifest.contributes;
    // `event` is one of VS Code's own types; the others fall back to one.
    assert.deepEqual(
      semanticTokenTypes.map((t) => t.id),
      types.filter((t) => t !== 'event'),
    );
    for (const t of semanticTokenTypes) assert.ok(['variable', 'class', 'namespace'].includes(t.superType), t.id);
    assert.deepEqual(
      semanticTokenModifiers.map((m) => m.id),
      legend('TOKEN_MODIFIERS'),
    );
    const [scopes] = semanticTokenScopes;
    assert.equal(scopes.language, LANGUAGE_ID);
    for (const t of types) assert.ok((scopes.scopes[t] ?? []).length > 0, `TextMate scopes for ${t}`);
  });

  it('contributes the commands with their palette titles', () => {
    const titles = manifest.contributes.commands.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]);
    assert.deepEqual(titles, [
      [COMMAND_RESTART, 'newsls: Restart Server'],
      [COMMAND_SHOW_OUTPUT, 'newsls: Show Output'],
      ['newsls.openDossier', 'newsls: Open Dossier'],
    ]);
  });

  it('contributes the server settings under the keys of .newsls.toml, with descriptions', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(props).sort(),
      [SETTING_SERVER_PATH, `${CLIENT_ID}.trace.server`, ...SERVER_SETTING_KEYS.map((k) => `${CLIENT_ID}.${k}`)].sort(),
    );
    for (const [key, prop] of Object.entries(props)) assert.ok((prop.markdownDescription ?? '').length > 20, `${key} has a description`);
    assert.ok([props[SETTING_SERVER_PATH].type].flat().includes('string'));
    assert.equal(props[SETTING_SERVER_PATH].default, null);
    // vscode-languageclient reads `<client id>.trace.server`.
    assert.deepEqual(props['newsls.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(props['newsls.trace.server'].default, 'off');

    const levels = ['off', 'error', 'warning', 'info', 'hint'];
    const diagnostics = props['newsls.diagnostics'];
    assert.equal(diagnostics.type, 'object');
    assert.deepEqual(diagnostics.default, {});
    // Codes newer than this manifest still take a level.
    assert.deepEqual(diagnostics.additionalProperties?.enum, levels);
    assert.ok(Object.keys(diagnostics.properties ?? {}).includes('unannotated-mention'));
    for (const prop of Object.values(diagnostics.properties ?? {})) assert.deepEqual(prop.enum, levels);
    // The server's defaults, so that the Settings UI shows what applies.
    assert.deepEqual(
      ['inlay-hints.enabled', 'code-lens.enabled', 'workspace.follow-links', 'workspace.registries'].map((k) => [k, props[`newsls.${k}`].type, props[`newsls.${k}`].default]),
      [
        ['inlay-hints.enabled', 'boolean', false],
        ['code-lens.enabled', 'boolean', true],
        ['workspace.follow-links', 'boolean', false],
        ['workspace.registries', 'array', []],
      ],
    );
    // Per folder: a multi-root workspace may point each folder at its own registry.
    for (const k of SERVER_SETTING_KEYS) assert.equal(props[`newsls.${k}`].scope, 'resource', k);
  });

  it('never lets an untrusted workspace choose the server binary', () => {
    const u = manifest.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual(u.restrictedConfigurations, [SETTING_SERVER_PATH]);
  });

  it('has what vsce needs to package without prompting', () => {
    assert.equal(manifest.publisher, 'newsls');
    // The server's licence (Cargo.toml), with both texts in the package.
    assert.equal(manifest.license, cargoField('license'));
    assert.equal(manifest.license, 'MIT OR Apache-2.0');
    for (const file of ['LICENSE-MIT', 'LICENSE-APACHE']) {
      assert.equal(fs.readFileSync(path.join(packageRoot, file), 'utf8'), fs.readFileSync(path.join(repoRoot, file), 'utf8'));
    }
    // The server's repository (Cargo.toml); without one vsce prompts.
    assert.equal(manifest.repository.url, cargoField('repository'));
    assert.ok(fs.existsSync(path.join(packageRoot, 'LICENSE')));
    assert.ok(fs.existsSync(path.join(packageRoot, 'README.md')));
    // @types/vscode must not be newer than the lowest VS Code we claim to run on.
    const engine = manifest.engines.vscode.replace(/^[\^~]/, '').split('.').slice(0, 2).join('.');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '').split('.').slice(0, 2).join('.');
    assert.equal(types, engine);
  });
});

/** A zip entry: reads its bytes; `mode` is its Unix mode (0 when none was stored). */
type ZipEntry = (() => Buffer) & { mode: number };

/** Minimal ZIP reader (stored and deflated entries), enough for a .vsix. */
function readZip(file: string): Map<string, ZipEntry> {
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
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const read = () => {
      const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
      const data = buf.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${name}: unsupported zip method ${method}`);
    };
    entries.set(name, Object.assign(read, { mode }));
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
    for (const file of ['LICENSE-MIT', 'LICENSE-APACHE', 'language-configuration.json', 'syntaxes/newsmd.tmLanguage.json']) {
      assert.equal(entries.get(`extension/${file}`)?.().toString('utf8'), fs.readFileSync(path.join(packageRoot, file), 'utf8'), file);
    }
    const unwanted = names.filter((n) => /^extension\/(node_modules|src|test|out)\/|\.ts$|\.map$|\.vsix$|tsconfig/.test(n));
    assert.deepEqual(unwanted, []);

    const packed: Manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    assert.deepEqual(packed.activationEvents, manifest.activationEvents);
    assert.deepEqual(packed.contributes, manifest.contributes);
    assert.equal(packed.main, manifest.main);

    const vsixManifest = entries.get('extension.vsixmanifest')!().toString('utf8');
    assert.match(vsixManifest, new RegExp(`Id="${manifest.name}"`));
    // The same version as `cargo install --path .` builds (`newsls --version`).
    assert.match(vsixManifest, new RegExp(`Version="${cargoField('version').replace(/\./g, '\\.')}"`));
    assert.match(vsixManifest, new RegExp(`Publisher="${manifest.publisher}"`));
    // Universal: no server inside, no target platform; the extension finds newsls by the setting or on PATH.
    assert.deepEqual(
      names.filter((n) => n.startsWith('extension/server')),
      [],
    );
    assert.doesNotMatch(vsixManifest, /TargetPlatform/);

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

describe('platform .vsix (scripts/package-vscode)', () => {
  /** VS Code's name for this machine's platform, as scripts/package-vscode names its package by default. */
  const platform = `${process.platform}-${process.arch}`;
  const vsix = path.join(packageRoot, `${manifest.name}-${platform}-${manifest.version}.vsix`);
  const skip = fs.existsSync(vsix) ? false : `${path.basename(vsix)} not built; run scripts/package-vscode first`;

  it('carries the server, executable, and names its target platform', { skip }, () => {
    const entries = readZip(vsix);
    const exe = process.platform === 'win32' ? 'newsls.exe' : 'newsls';
    const server = entries.get(`extension/server/${exe}`);
    assert.ok(server, `extension/server/${exe} in ${[...entries.keys()].join(', ')}`);
    if (process.platform !== 'win32') assert.equal(server.mode & 0o777, 0o755, `mode ${server.mode.toString(8)}`);
    assert.match(entries.get('extension.vsixmanifest')!().toString('utf8'), new RegExp(`TargetPlatform="${platform}"`));
    // Everything else is the universal package's.
    for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/LICENSE-MIT', 'extension/LICENSE-APACHE']) {
      assert.ok(entries.has(required), required);
    }
    const unwanted = [...entries.keys()].filter((n) => /^extension\/(node_modules|src|test|out)\/|\.ts$|\.map$|\.vsix$|tsconfig/.test(n));
    assert.deepEqual(unwanted, []);
  });
});

describe('release configuration', () => {
  const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

  it('packages the extension for every target cargo-dist releases, with the server of that target', () => {
    const dist = read('dist-workspace.toml');
    const targets = JSON.parse(/^targets = (\[.*\])$/m.exec(dist)?.[1] ?? '[]') as string[];
    assert.equal(targets.length, 5, dist);
    const workflow = read('.github/workflows/vscode-package.yml');
    const matrix = [...workflow.matchAll(/\{ vscode: ([\w-]+), rust: ([\w-]+), archive: (\w[\w.]*), exe: ([\w.]+) \}/g)].map((m) => m.slice(1));
    assert.deepEqual(matrix.map(([, rust]) => rust).sort(), [...targets].sort());
    for (const [vscodeTarget, rust, archive, exe] of matrix) {
      const windows = rust.includes('windows');
      assert.equal(archive, windows ? 'zip' : 'tar.xz', rust);
      assert.equal(exe, windows ? 'newsls.exe' : 'newsls', rust);
      assert.ok(vscodeTarget.startsWith(windows ? 'win32-' : rust.includes('apple') ? 'darwin-' : 'linux-'), `${vscodeTarget} for ${rust}`);
    }
    // The custom jobs release.yml calls exist.
    const release = read('.github/workflows/release.yml');
    for (const job of ['vscode-package', 'publish-vscode']) {
      assert.match(release, new RegExp(`\\.github/workflows/${job}\\.yml`));
      assert.ok(fs.existsSync(path.join(repoRoot, '.github', 'workflows', `${job}.yml`)), job);
    }
  });

  it('scripts/package-vscode knows each platform by its VS Code name and its Rust target', () => {
    const workflow = read('.github/workflows/vscode-package.yml');
    const pairs = [...workflow.matchAll(/\{ vscode: ([\w-]+), rust: ([\w-]+)/g)].map((m) => [m[1], m[2]]);
    const script = path.join(repoRoot, 'scripts', 'package-vscode');
    for (const [vscodeTarget, rust] of pairs) {
      for (const name of [vscodeTarget, rust]) {
        // A known target gets as far as looking for the server to package.
        const run = spawnSync(script, ['--target', name, '--server', '/nonexistent/newsls'], { encoding: 'utf8' });
        assert.equal(run.status, 1, `${name}: ${run.stderr}`);
        assert.match(run.stderr, /no server binary at \/nonexistent\/newsls/, name);
      }
    }
    const unknown = spawnSync(script, ['--target', 'sparc-sun-solaris', '--server', '/nonexistent/newsls'], { encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown target sparc-sun-solaris/);
  });
});
