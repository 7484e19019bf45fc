// "newsls: Open Dossier": the real extension and vscode-languageclient in
// the fake host, against the real server: the webview beside the editor
// shows the server's page, follows the active document and its unsaved
// edits, and a click on an entity's name opens its definition.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { webviewHtml, type PageMessage } from '../src/dossier-page';
import { eventually, loadExtension, type LoadedExtension } from './extension-support';
import { fixturePath, fixtureText, fixtureUri, fixtureWorkspace, serverBinary } from './support';
import { textDocument, ViewColumn, type FakeWebviewPanel } from './vscode-host';

describe('"newsls: Open Dossier" in a fake VS Code host, against the real server', () => {
  let loaded: LoadedExtension;
  const talks = textDocument(fixturePath('talks.news.md'), fixtureText('talks.news.md'));
  const registry = textDocument(fixturePath('registry.news.md'), fixtureText('registry.news.md'));
  let panel: FakeWebviewPanel;

  /** The last page posted to the webview since its HTML was set. */
  const lastPosted = () => panel.posted.filter((m): m is PageMessage => (m as PageMessage)?.type === 'page').at(-1);
  /** What the webview shows: its HTML, or the last page posted to it. */
  const showing = () => lastPosted()?.html ?? panel.webview.html;
  /** Resolves once the panel shows a page that satisfies `accept`. */
  const shows = (accept: (html: string) => boolean, what: string) => eventually(what, () => (accept(showing()) ? showing() : undefined));

  before(async () => {
    loaded = loadExtension();
    loaded.host.openFolder(fixtureWorkspace);
    loaded.host.settings.set('newsls.server.path', serverBinary());
    await loaded.ext.activate(loaded.context as never);
  });

  after(async () => {
    await loaded?.dispose();
  });

  it('without a news document in the editor, says what to open', async () => {
    const { host } = loaded;
    await host.commands.get('newsls.openDossier')!();
    assert.equal(host.webviewPanels.length, 0);
    assert.match(host.messages.at(-1)?.message ?? '', /open a news document/);
  });

  it('opens the dossier of the active document beside it, with its page and a script only to follow clicks', async () => {
    const { host } = loaded;
    host.showDocument(talks, ViewColumn.One);
    await host.commands.get('newsls.openDossier')!();
    assert.equal(host.webviewPanels.length, 1);
    panel = host.webviewPanels[0];
    assert.equal(panel.viewType, 'newsls.dossier');
    assert.deepEqual(panel.showOptions, { viewColumn: ViewColumn.Beside, preserveFocus: true });
    const html = await shows((h) => h.includes('<h1>Dossier: US envoy Witkoff'), 'the dossier of talks.news.md');
    assert.equal(panel.title, 'Dossier: talks.news.md');
    // The server's page: people first, each with the role on the document's date.
    assert.ok(html.indexOf('Vladimir Putin') < html.indexOf('id="undefined"'), html);
    assert.ok(html.includes('US Special Envoy'), html);
    assert.ok(html.includes('No document defines <code>@nobody</code>'), html);
    // Only our script runs, by nonce; nothing loads from elsewhere.
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-([A-Za-z0-9]{32})';">/);
    const nonce = /'nonce-([A-Za-z0-9]{32})'/.exec(html)![1];
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}">`));
  });

  it('a click on an entity opens its definition in the editor column, not over the dossier', async () => {
    const { host } = loaded;
    host.executed.length = 0;
    panel.messages.fire({ type: 'reveal', id: 'witkoff' });
    const opened = await eventually('vscode.open', () => host.executed.find((e) => e.command === 'vscode.open'));
    const [uri, options] = opened.args as [{ toString(): string }, { selection: { start: { line: number; character: number } }; viewColumn: number }];
    assert.equal(uri.toString(), fixtureUri('registry.news.md'));
    assert.deepEqual({ ...options.selection.start }, { line: 4, character: 2 }); // the key `witkoff:`
    assert.equal(options.viewColumn, ViewColumn.One);
    // An id the page does not know, or a message of another shape: nothing.
    host.executed.length = 0;
    panel.messages.fire({ type: 'reveal', id: 'nobody' });
    panel.messages.fire({ type: 'other' });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(host.executed, []);
  });

  it('follows unsaved edits of the document', async () => {
    const { host } = loaded;
    const edited = talks.getText().replace('date: 2026-01-22', 'date: 2026-02-14').replace('[@nobody] is undefined.', '');
    const loadedHtml = panel.webview.html;
    host.editDocument(talks, edited);
    const html = await shows((h) => h.includes('2026-02-14'), 'the dossier of the edited text');
    assert.ok(!html.includes('@nobody'), 'the mention removed by the edit is gone');
    // In place: loading the HTML again would take the focus and the scroll position.
    assert.equal(panel.webview.html, loadedHtml);
    assert.equal(lastPosted()?.top, false, 'the same document keeps its scroll position');
  });

  it('follows the active news document, and stays when the focus moves to the dossier', async () => {
    const { host } = loaded;
    host.showDocument(registry, ViewColumn.One);
    await shows((h) => h.includes('<h1>Dossier: Entity registry for the Moscow talks'), 'the dossier of the registry');
    assert.equal(panel.title, 'Dossier: registry.news.md');
    assert.equal(lastPosted()?.top, true, 'another document opens at its top');
    host.activeTextEditor = undefined;
    host.onDidChangeActiveTextEditor.fire(undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(showing().includes('Entity registry for the Moscow talks'));
  });

  it('a dossier hidden and shown again shows the latest page, not the one its HTML was first made with', async () => {
    // VS Code makes a hidden webview again from its HTML when its tab shows.
    assert.ok(!panel.webview.html.includes('Entity registry for the Moscow talks'), 'the registry was posted, not loaded');
    panel.setVisible(false);
    panel.setVisible(true);
    assert.ok(panel.webview.html.includes('<h1>Dossier: Entity registry for the Moscow talks'));
    assert.equal(panel.webview.html.match(/<script/g)?.length, 1, 'with its script');
    // Edits while it is hidden reach its HTML, as nothing can be posted to it.
    const { host } = loaded;
    panel.setVisible(false);
    host.editDocument(registry, registry.getText().replace('Entity registry for the Moscow talks', 'Registry of the Moscow talks'));
    await eventually('the hidden dossier of the edited registry', () =>
      panel.webview.html.includes('<h1>Dossier: Registry of the Moscow talks') ? true : undefined,
    );
    panel.setVisible(true);
  });

  it('the command again reveals the same panel; closing it lets a new one open', async () => {
    const { host } = loaded;
    await host.commands.get('newsls.openDossier')!();
    assert.equal(host.webviewPanels.length, 1, 'no second panel');
    host.showDocument(registry, ViewColumn.One);
    await host.commands.get('newsls.openDossier')!();
    assert.equal(panel.revealed.length, 1);
    panel.dispose();
    await host.commands.get('newsls.openDossier')!();
    assert.equal(host.webviewPanels.length, 2);
  });
});

describe('the page as the webview shows it', () => {
  it('gets a content security policy in its head and one script before the end of its body', () => {
    const page = '<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n</head>\n<body>\n<p>$& $1</p>\n</body>\n</html>\n';
    const html = webviewHtml(page, 'abc');
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Security-Policy"'));
    assert.ok(html.includes("script-src 'nonce-abc'"));
    assert.ok(html.includes('<p>$& $1</p>'), 'the page text is kept as it is');
    assert.ok(/<script nonce="abc">[\s\S]*<\/script>\n<\/body>/.test(html));
  });
});
