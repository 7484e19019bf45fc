// Drives the real newsls binary the way VS Code does: the same protocol
// library as vscode-languageclient, VS Code's client capabilities, stdio.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  type CompletionList,
  DiagnosticSeverity,
  TextDocumentSyncKind,
  type Definition,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Location,
  type LocationLink,
  type MarkupContent,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { fixturePath, fixtureText, fixtureUri, fixtureWorkspace, positionOf, rangeOf, serverBinary, startInitializedServer, type ServerSession } from './support';

const TALKS = 'talks.news.md';
const REGISTRY = 'registry.news.md';
const EMOJI = 'emoji.news.md';

function hasUndefined(id: string) {
  return (ds: Diagnostic[]) => ds.some((d) => d.code === 'undefined-entity' && d.message.includes(id));
}

function hoverText(hover: Hover): string {
  const c = hover.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((m) => (typeof m === 'string' ? m : m.value)).join('\n');
  return c.value;
}

/** Location[] or LocationLink[] (the client offers linkSupport) → uri + the range VS Code would reveal. */
function targets(result: Definition | LocationLink[] | null): Array<{ uri: string; range: Range }> {
  if (result === null) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.map((l: Location | LocationLink) =>
    'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : { uri: l.uri, range: l.range },
  );
}

describe('newsls over stdio, as VS Code drives it', () => {
  let bin: string;
  let server: ServerSession;
  let init: InitializeResult;

  before(async () => {
    bin = serverBinary();
    ({ server, init } = await startInitializedServer(bin));
  });

  after(async () => {
    // The last test shuts the server down properly; this only cleans up after a failure.
    if (!server) return;
    server.child.kill();
    await server.exited;
    server.connection.dispose();
  });

  it('`--version` prints a version', () => {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    assert.match(out, /\d+\.\d+\.\d+/);
  });

  it('announces what the extension relies on', () => {
    const caps = init.capabilities;
    const sync = caps.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync?.change;
    assert.equal(change, TextDocumentSyncKind.Incremental, 'incremental text sync');
    if (typeof sync === 'object') assert.equal(sync.openClose, true, 'didOpen/didClose wanted');
    assert.ok(caps.hoverProvider, 'hoverProvider');
    assert.ok(caps.definitionProvider, 'definitionProvider');
    // VS Code only offers UTF-16; absent means UTF-16 too.
    assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16', `positionEncoding ${caps.positionEncoding}`);
  });

  it('reports an undefined-entity error with the exact range on open', async () => {
    const text = fixtureText(TALKS);
    const uri = fixtureUri(TALKS);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'newsmd', version: 1, text },
    });
    const diags = await server.waitForDiagnostics(uri, hasUndefined('nobody'));
    const undef = diags.filter((d) => d.code === 'undefined-entity');
    assert.equal(undef.length, 1, `one undefined-entity diagnostic: ${JSON.stringify(diags)}`);
    const [d] = undef;
    assert.equal(d.source, 'newsls');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    // The server marks the `@id` reference inside the mention, not the brackets.
    assert.deepEqual(d.range, rangeOf(text, '@nobody'));
    // Known entities must not be reported as undefined.
    assert.ok(!diags.some((x) => x.code === 'undefined-entity' && /putin|witkoff/.test(x.message)), JSON.stringify(diags));
  });

  it('hover on a mention shows the entity name and role as Markdown', async () => {
    const text = fixtureText(TALKS);
    const hover: Hover | null = await server.request('textDocument/hover', {
      textDocument: { uri: fixtureUri(TALKS) },
      position: positionOf(text, '[@putin]', 3),
    });
    assert.ok(hover, 'hover result');
    if (typeof hover.contents === 'object' && 'kind' in hover.contents) {
      assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    }
    const value = hoverText(hover);
    assert.match(value, /Vladimir Putin/);
    assert.match(value, /President of Russia/);
    if (hover.range) assert.equal(hover.range.start.line, positionOf(text, '[@putin]').line);
  });

  it('definition jumps into a file that was never opened', async () => {
    const text = fixtureText(TALKS);
    const result: Definition | LocationLink[] | null = await server.request('textDocument/definition', {
      textDocument: { uri: fixtureUri(TALKS) },
      position: positionOf(text, '(@witkoff)', 3),
    });
    const found = targets(result);
    assert.equal(found.length, 1, JSON.stringify(result));
    assert.equal(found[0].uri, fixtureUri(REGISTRY));
    const registry = fixtureText(REGISTRY);
    assert.deepEqual(found[0].range, rangeOf(registry, 'witkoff'), `range of the \`witkoff:\` key in ${fixturePath(REGISTRY)}`);
  });

  it('completes entity ids inside a mention', async () => {
    const text = fixtureText(TALKS);
    const at = positionOf(text, '(@witkoff)', 4);
    const list: CompletionList | null = await server.request('textDocument/completion', {
      textDocument: { uri: fixtureUri(TALKS) },
      position: at,
      context: { triggerKind: 1 },
    });
    assert.ok(list && list.items.length > 0, JSON.stringify(list));
    assert.equal(list.items[0].label, 'witkoff');
    assert.match(list.items[0].detail ?? '', /Steve Witkoff/);
  });

  it('references and a quick fix come back in the shapes VS Code reads', async () => {
    const text = fixtureText(TALKS);
    const refs: Location[] | null = await server.request('textDocument/references', {
      textDocument: { uri: fixtureUri(TALKS) },
      position: positionOf(text, '(@witkoff)', 3),
      context: { includeDeclaration: true },
    });
    assert.ok(refs?.some((l) => l.uri === fixtureUri(REGISTRY)), JSON.stringify(refs));
    // "Putin" would be annotated by the quick fix of an unannotated mention;
    // here every name is annotated, so a range with no problem has no action.
    const actions: CodeAction[] | null = await server.request('textDocument/codeAction', {
      textDocument: { uri: fixtureUri(TALKS) },
      range: rangeOf(text, 'talks'),
      context: { diagnostics: [] },
    });
    assert.equal(actions, null);
  });

  it('incremental edits update the diagnostics', async () => {
    const text = fixtureText(TALKS);
    const uri = fixtureUri(TALKS);
    // `[@nobody]` → `[@putin]`, as VS Code sends a single-range replacement.
    const id = rangeOf(text, 'nobody');
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: id, rangeLength: 'nobody'.length, text: 'putin' }],
    });
    const diags = await server.waitForDiagnostics(uri, (ds) => !ds.some((d) => d.code === 'undefined-entity'));
    assert.deepEqual(diags.filter((d) => d.severity === DiagnosticSeverity.Error), []);
    const edited = text.replace('[@nobody]', '[@putin]');
    const hover: Hover | null = await server.request('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(edited, '[@putin]', 3, 1),
    });
    assert.ok(hover && /Vladimir Putin/.test(hoverText(hover)), `hover on the edited mention: ${JSON.stringify(hover)}`);
  });

  describe('a line with emoji before the mentions (UTF-16 columns)', () => {
    const uri = fixtureUri(EMOJI);
    const text = fixtureText(EMOJI);

    it('diagnostic columns count UTF-16 code units', async () => {
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'newsmd', version: 1, text },
      });
      const diags = await server.waitForDiagnostics(uri, hasUndefined('ghost'));
      const ghost = diags.find((d) => d.code === 'undefined-entity');
      const expected = rangeOf(text, '@ghost');
      // 🇷🇺🎉 are 6 UTF-16 units, 12 UTF-8 bytes, 3 code points; é is 1 unit, 2 bytes.
      // So `@ghost` starts at UTF-16 column 36 (byte 43, code point 33).
      assert.equal(expected.start.character, 36);
      assert.deepEqual(ghost?.range, expected);
    });

    it('hover after the emoji finds the mention', async () => {
      const hover: Hover | null = await server.request('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, '[@witkoff]', 4),
      });
      assert.ok(hover, 'hover result');
      assert.match(hoverText(hover), /Steve Witkoff/);
      assert.match(hoverText(hover), /US Special Envoy/);
    });

    it('an edit addressed in UTF-16 lands where VS Code means it', async () => {
      // Replace `ghost` by `witkoff`: a server that counts bytes or code
      // points would splice the text at the wrong place.
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: rangeOf(text, 'ghost'), rangeLength: 5, text: 'witkoff' }],
      });
      const diags = await server.waitForDiagnostics(uri, (ds) => !ds.some((d) => d.code === 'undefined-entity'));
      assert.deepEqual(diags.filter((d) => d.severity === DiagnosticSeverity.Error), []);
      const edited = text.replace('[@ghost]', '[@witkoff]');
      const result: Definition | LocationLink[] | null = await server.request('textDocument/definition', {
        textDocument: { uri },
        position: positionOf(edited, '[@witkoff]', 2, 1),
      });
      const found = targets(result);
      assert.equal(found.length, 1, JSON.stringify(result));
      assert.equal(found[0].uri, fixtureUri(REGISTRY));
    });
  });

  it('closing a document drops its unsaved edit: the report is of the text on disk again', async () => {
    const uri = fixtureUri(EMOJI);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.waitForDiagnostics(uri, hasUndefined('ghost'));
  });

  it('shuts down cleanly', async () => {
    await server.request('shutdown');
    await server.connection.sendNotification('exit');
    assert.equal(await server.exited, 0, `exit code; stderr:\n${server.stderr()}`);
    server.connection.dispose();
    server = undefined as unknown as ServerSession;
  });
});

describe('files changing on disk (VS Code reports them to the watcher the server registers)', () => {
  let folder: string;
  let server: ServerSession | undefined;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'newsls-watch-'));
    for (const name of fs.readdirSync(fixtureWorkspace)) fs.copyFileSync(path.join(fixtureWorkspace, name), path.join(folder, name));
    ({ server } = await startInitializedServer(serverBinary(), folder));
  });

  after(async () => {
    if (server) {
      await server.request('shutdown').catch(() => undefined);
      await server.connection.sendNotification('exit').catch(() => undefined);
      await server.exited;
      server.connection.dispose();
    }
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('a definition created or deleted on disk updates open documents', async () => {
    const s = server!;
    const talks = path.join(folder, TALKS);
    const uri = pathToFileURL(talks).href;
    await s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'newsmd', version: 1, text: fs.readFileSync(talks, 'utf8') },
    });
    await s.waitForDiagnostics(uri, hasUndefined('nobody'));

    const created = path.join(folder, 'nobody.news.md');
    fs.writeFileSync(created, '---\ntitle: Nobody\ndate: 2026-01-22\nentities:\n  nobody:\n    name: No Body\n    kind: person\n---\n');
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(created).href, type: 1 }] });
    await s.waitForDiagnostics(uri, (ds) => !hasUndefined('nobody')(ds));

    fs.unlinkSync(created);
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(created).href, type: 3 }] });
    await s.waitForDiagnostics(uri, hasUndefined('nobody'));
  });
});
