// "newsls: Open Dossier": the dossier of the active news document (the
// server's `newsls/dossier` request) in a webview beside the editor. It
// follows the active news document and its edits; a click on an entity's
// name goes to its definition.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { webviewHtml, type PageMessage } from './dossier-page';

export const COMMAND_OPEN_DOSSIER = 'newsls.openDossier';
export const DOSSIER_REQUEST = 'newsls/dossier';
const VIEW_TYPE = 'newsls.dossier';
/** How long edits must pause before the dossier is asked for again. */
const EDIT_PAUSE_MS = 250;

interface LspPosition {
  line: number;
  character: number;
}

interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

/** What `newsls/dossier` answers (`null` for a document the server does not know). */
export interface DossierResult {
  markdown: string;
  html: string;
  /** Each entity's definition in force, by id. */
  definitions: Record<string, LspLocation>;
}

/** What the page posts when an entity's name is clicked. */
interface RevealMessage {
  type: 'reveal';
  id: string;
}

/** A page with one message, while there is no dossier to show. */
function messagePage(message: string): string {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"><title>Dossier</title></head><body><p>${escaped}</p></body></html>`;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let text = '';
  for (let i = 0; i < 32; i++) text += chars.charAt(Math.floor(Math.random() * chars.length));
  return text;
}

/** The one dossier panel, and the document it shows. */
class DossierPanel {
  private document: vscode.TextDocument | undefined;
  private definitions: Record<string, LspLocation> = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts requests, so that an older answer never replaces a newer one. */
  private asked = 0;
  /** Where the document was shown: definitions open there, not over the dossier. */
  private sourceColumn: vscode.ViewColumn | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last dossier page the server made, shown or to show. */
  private page: string | undefined;
  /** Whether the webview's HTML is a dossier page, able to show the next one in place. */
  private pageLoaded = false;
  /** Whether pages were posted since the HTML was set: a webview made again from its HTML would show an older one. */
  private htmlStale = false;
  /** Whether the next page is another document's (it opens at its top). */
  private newDocument = true;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: () => LanguageClient | undefined,
    private readonly isNews: (doc: vscode.TextDocument) => boolean,
    private readonly onDispose: () => void,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: RevealMessage) => {
        if (message?.type === 'reveal' && typeof message.id === 'string') void this.reveal(message.id);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus on the dossier itself leaves no active editor: keep the page.
        if (editor && this.isNews(editor.document)) this.show(editor.document, editor.viewColumn);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.document && event.document.uri.toString() === this.document.uri.toString()) this.refreshSoon();
      }),
      // A hidden webview is made again from its HTML when it shows.
      panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.htmlStale && this.page !== undefined) this.setPage(this.page);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  show(document: vscode.TextDocument, column: vscode.ViewColumn | undefined): void {
    const same = this.document?.uri.toString() === document.uri.toString();
    this.document = document;
    if (column !== undefined) this.sourceColumn = column;
    if (!same) {
      this.panel.title = `Dossier: ${document.uri.path.split('/').pop() ?? ''}`;
      this.newDocument = true;
    }
    void this.refresh();
  }

  /** Shows the server's page: in place when the webview shows one already, else as its HTML. */
  private showPage(page: string): void {
    this.page = page;
    const top = this.newDocument;
    this.newDocument = false;
    if (!this.pageLoaded || !this.panel.visible) {
      this.setPage(page);
      return;
    }
    this.htmlStale = true;
    const message: PageMessage = { type: 'page', html: page, top };
    void this.panel.webview.postMessage(message).then(
      (delivered) => {
        // Not delivered (the webview went away meanwhile): its HTML shows the latest page instead.
        if (!delivered && this.page !== undefined) this.setPage(this.page);
      },
      () => undefined,
    );
  }

  private setPage(page: string): void {
    this.panel.webview.html = webviewHtml(page, nonce());
    this.pageLoaded = true;
    this.htmlStale = false;
  }

  private showMessage(message: string): void {
    this.panel.webview.html = messagePage(message);
    this.page = undefined;
    this.pageLoaded = false;
    this.htmlStale = false;
  }

  private refreshSoon(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, EDIT_PAUSE_MS);
  }

  /** Asks the server for the dossier of the document as it is now. */
  async refresh(): Promise<void> {
    const document = this.document;
    const client = this.client();
    if (!document) return;
    if (!client) {
      this.showMessage('The newsls language server is not running: see "newsls: Show Output".');
      return;
    }
    const asked = ++this.asked;
    try {
      const result = await client.sendRequest<DossierResult | null>(DOSSIER_REQUEST, {
        textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
      });
      if (asked !== this.asked) return;
      if (!result) {
        this.definitions = {};
        this.showMessage(`newsls does not know ${document.uri.toString()}.`);
        return;
      }
      this.definitions = result.definitions ?? {};
      this.showPage(result.html);
    } catch (err) {
      if (asked !== this.asked) return;
      this.showMessage(`The dossier could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Opens the definition of `id` in force on the dossier's date. */
  async reveal(id: string): Promise<void> {
    const location = this.definitions[id];
    const client = this.client();
    if (!location || !client) return;
    const p2c = client.protocol2CodeConverter;
    await vscode.commands.executeCommand('vscode.open', p2c.asUri(location.uri), {
      selection: p2c.asRange(location.range),
      viewColumn: this.sourceColumn ?? vscode.ViewColumn.One,
    });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Registers "newsls: Open Dossier"; `client` gives the running language client, if any. */
export function registerDossier(client: () => LanguageClient | undefined, isNews: (doc: vscode.TextDocument) => boolean): vscode.Disposable {
  let current: DossierPanel | undefined;
  const command = vscode.commands.registerCommand(COMMAND_OPEN_DOSSIER, () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isNews(editor.document)) {
      void vscode.window.showInformationMessage('newsls: open a news document (*.news.md) to see its dossier.');
      return;
    }
    if (!current) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Dossier',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
      );
      current = new DossierPanel(panel, client, isNews, () => {
        current = undefined;
      });
    } else {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    current.show(editor.document, editor.viewColumn);
  });
  return new vscode.Disposable(() => {
    command.dispose();
    current?.panel.dispose();
  });
}
