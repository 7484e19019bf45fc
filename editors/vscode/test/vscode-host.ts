// A small in-process stand-in for the `vscode` module, enough to load the
// real extension (src/extension.ts) with the real vscode-languageclient and
// let it drive the real server. No VS Code can run on the CI machines; this
// fake host records what the extension asks of the editor (messages,
// commands, diagnostics, registered providers) so the tests can look.
//
// Only the API surface the extension and vscode-languageclient touch is
// modelled; everything else falls back to no-op functions that return
// disposables, so a new call does not crash the test but does nothing.

import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  constructor(private readonly onDispose: () => unknown = () => undefined) {}
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = (e) => listener.call(thisArg, e);
    this.listeners.push(bound);
    const d = new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== bound);
    });
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}

export class Selection extends Range {}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly href: string,
  ) {}
  static parse(value: string): Uri {
    return new Uri(value.slice(0, value.indexOf(':')), value);
  }
  static file(fsPath: string): Uri {
    return new Uri('file', pathToFileURL(fsPath).href);
  }
  get fsPath(): string {
    return fileURLToPath(this.href);
  }
  get path(): string {
    return new URL(this.href).pathname;
  }
  toString(): string {
    return this.href;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
  with(): Uri {
    return this;
  }
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range | Position,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }
  appendText(value: string): this {
    this.value += value;
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export class Hover {
  readonly contents: Array<MarkdownString | string>;
  constructor(
    contents: MarkdownString | string | Array<MarkdownString | string>,
    readonly range?: Range,
  ) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

/** Hierarchical code action kinds, as vscode-languageclient builds them. */
export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly RefactorExtract = new CodeActionKind('refactor.extract');
  static readonly RefactorInline = new CodeActionKind('refactor.inline');
  static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceOrganizeImports = new CodeActionKind('source.organizeImports');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export enum DiagnosticTag {
  Unnecessary = 1,
  Deprecated = 2,
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  tags?: DiagnosticTag[];
  relatedInformation?: unknown[];
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class DiagnosticRelatedInformation {
  constructor(
    readonly location: Location,
    readonly message: string,
  ) {}
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
  Three = 3,
}

/**
 * A webview panel as the extension sees it: `webview.html` is the page it
 * loaded, `posted` what the extension posted to that page since; a hidden
 * webview gets no messages, as in VS Code.
 */
export class FakeWebviewPanel {
  readonly messages = new EventEmitter<unknown>();
  readonly posted: unknown[] = [];
  readonly viewStateChanged = new EventEmitter<unknown>();
  readonly disposed = new EventEmitter<void>();
  /** Fires each time the extension sets the page. */
  readonly htmlChanged = new EventEmitter<string>();
  readonly revealed: unknown[][] = [];
  isDisposed = false;
  visible = true;
  active = false;
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.viewStateChanged.event;
  readonly webview: {
    html: string;
    options: unknown;
    cspSource: string;
    onDidReceiveMessage: EventEmitter<unknown>['event'];
    postMessage(message: unknown): Promise<boolean>;
    asWebviewUri(uri: Uri): Uri;
  };
  constructor(
    readonly viewType: string,
    public title: string,
    readonly showOptions: unknown,
    readonly options: unknown,
  ) {
    let shown = '';
    const changed = this.htmlChanged;
    const posted = this.posted;
    this.webview = {
      get html() {
        return shown;
      },
      set html(value: string) {
        shown = value;
        posted.length = 0;
        changed.fire(value);
      },
      options,
      cspSource: 'vscode-webview:',
      onDidReceiveMessage: this.messages.event,
      postMessage: (message: unknown) => {
        if (this.visible) posted.push(message);
        return Promise.resolve(this.visible);
      },
      asWebviewUri: (uri: Uri) => uri,
    };
  }
  reveal(...args: unknown[]): void {
    this.revealed.push(args);
  }
  /** The user hides or shows the panel's tab. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewStateChanged.fire({ webviewPanel: this });
  }
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
  }
}

export class CancellationError extends Error {}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

/** Classes that vscode-languageclient subclasses at load time; never instantiated here. */
class Placeholder {
  constructor(..._args: unknown[]) {}
}

export interface FakeTextDocument {
  uri: Uri;
  fileName: string;
  languageId: string;
  version: number;
  isClosed: boolean;
  isDirty: boolean;
  isUntitled: boolean;
  lineCount: number;
  eol: number;
  getText(): string;
}

/** A document as VS Code opens it: `*.news.md` in the extension's newsmd language, other files as Markdown. */
export function textDocument(fsPath: string, text: string, languageId = fsPath.endsWith('.news.md') ? 'newsmd' : 'markdown', version = 1): FakeTextDocument {
  const doc: FakeTextDocument = {
    uri: Uri.file(fsPath),
    fileName: fsPath,
    languageId,
    version,
    isClosed: false,
    isDirty: false,
    isUntitled: false,
    lineCount: text.split('\n').length,
    eol: 1,
    getText: () => text,
  };
  return doc;
}

/** Replaces the whole text of `doc` as typing would (a new version, unsaved); returns the change event to fire. */
export function editWhole(doc: FakeTextDocument, text: string): unknown {
  const old = doc.getText();
  const lines = old.split('\n');
  const end = new Position(lines.length - 1, lines[lines.length - 1].length);
  doc.getText = () => text;
  doc.version += 1;
  doc.isDirty = true;
  doc.lineCount = text.split('\n').length;
  return {
    document: doc,
    reason: undefined,
    contentChanges: [{ range: new Range(new Position(0, 0), end), rangeOffset: 0, rangeLength: old.length, text }],
  };
}

type Filter = { scheme?: string; language?: string; pattern?: string };

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** What `vscode.languages.match` does for the filters used here (10 = a match). */
export function match(selector: Filter | string | Array<Filter | string>, doc: FakeTextDocument): number {
  const filters = Array.isArray(selector) ? selector : [selector];
  let best = 0;
  for (const f of filters) {
    if (typeof f === 'string') {
      if (f === doc.languageId) best = Math.max(best, 10);
      continue;
    }
    if (f.scheme && f.scheme !== doc.uri.scheme) continue;
    if (f.language && f.language !== doc.languageId) continue;
    if (f.pattern && !globToRegExp(f.pattern).test(doc.uri.path)) continue;
    best = Math.max(best, 10);
  }
  return best;
}

export interface MessageShown {
  severity: 'error' | 'warning' | 'information';
  message: string;
  items: string[];
}

/** Everything the fake host records, plus the knobs a test turns. */
export class FakeHost {
  readonly settings = new Map<string, unknown>();
  readonly messages: MessageShown[] = [];
  /** Which button the "user" presses on the next message; undefined dismisses it. */
  answer: (m: MessageShown) => string | undefined = () => undefined;
  readonly executed: Array<{ command: string; args: unknown[] }> = [];
  readonly commands = new Map<string, (...args: unknown[]) => unknown>();
  readonly output: string[] = [];
  readonly providers = new Map<string, Array<{ selector: unknown; provider: Record<string, (...a: unknown[]) => unknown> }>>();
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly diagnosticsChanged = new EventEmitter<string>();
  readonly textDocuments: FakeTextDocument[] = [];
  workspaceFolders: Array<{ uri: Uri; name: string; index: number }> | undefined;

  /** Opens `folder` as the (single) workspace folder, as `code <folder>` would. */
  openFolder(folder: string): void {
    this.workspaceFolders = [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }];
  }

  /** `workspace.findFiles` over the workspace folders, for the simple globs used here. */
  findFiles(include: string, max = Infinity): Uri[] {
    const re = globToRegExp(include);
    const found: Uri[] = [];
    const walk = (dir: string, rel: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (found.length >= max) return;
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(path.join(dir, entry.name), relPath);
        } else if (re.test(relPath)) found.push(Uri.file(path.join(dir, entry.name)));
      }
    };
    for (const f of this.workspaceFolders ?? []) walk(f.uri.fsPath, '');
    return found;
  }

  readonly onDidOpenTextDocument = new EventEmitter<FakeTextDocument>();
  readonly onDidCloseTextDocument = new EventEmitter<FakeTextDocument>();
  readonly onDidChangeTextDocument = new EventEmitter<unknown>();
  readonly onDidChangeConfiguration = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  readonly onDidChangeActiveTextEditor = new EventEmitter<unknown>();
  readonly webviewPanels: FakeWebviewPanel[] = [];
  activeTextEditor: { document: FakeTextDocument; viewColumn: ViewColumn } | undefined;

  /** Shows `doc` in an editor that takes the focus, as clicking its tab would. */
  showDocument(doc: FakeTextDocument, viewColumn = ViewColumn.One): void {
    if (!this.textDocuments.includes(doc)) this.openDocument(doc);
    this.activeTextEditor = { document: doc, viewColumn };
    this.onDidChangeActiveTextEditor.fire(this.activeTextEditor);
  }

  /** Types: replaces `doc`'s whole text, unsaved. */
  editDocument(doc: FakeTextDocument, text: string): void {
    this.onDidChangeTextDocument.fire(editWhole(doc, text));
  }

  openDocument(doc: FakeTextDocument): void {
    this.textDocuments.push(doc);
    this.onDidOpenTextDocument.fire(doc);
  }

  changeSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
    this.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(`${s}.`) });
  }

  /** Resolves once `uri` has diagnostics that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const now = this.diagnostics.get(uri);
    if (now && accept(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms: ${JSON.stringify(this.diagnostics.get(uri) ?? null)}\n${this.output.join('')}`));
      }, timeoutMs);
      const sub = this.diagnosticsChanged.event((changed) => {
        const d = this.diagnostics.get(uri);
        if (changed === uri && d && accept(d)) {
          clearTimeout(timer);
          sub.dispose();
          resolve(d);
        }
      });
    });
  }

  provider(kind: string): Record<string, (...a: unknown[]) => unknown> {
    const list = this.providers.get(kind);
    if (!list?.length) throw new Error(`no ${kind} provider registered; registered: ${[...this.providers.keys()].join(', ')}`);
    return list[list.length - 1].provider;
  }

  /** Builds the fake `vscode` module. */
  module(): Record<string, unknown> {
    const host = this;
    const noopEvent = () => new Disposable();
    const show = (severity: MessageShown['severity']) => (message: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      const shown = { severity, message, items };
      host.messages.push(shown);
      return Promise.resolve(host.answer(shown));
    };
    const outputChannel = (name: string) => {
      const line = (level: string) => (msg: string) => host.output.push(`[${level}] ${msg}\n`);
      return {
        name,
        logLevel: 2,
        onDidChangeLogLevel: noopEvent,
        append: (s: string) => host.output.push(s),
        appendLine: (s: string) => host.output.push(`${s}\n`),
        replace: () => undefined,
        clear: () => undefined,
        show: () => host.executed.push({ command: '<output.show>', args: [name] }),
        hide: () => undefined,
        dispose: () => undefined,
        trace: line('trace'),
        debug: line('debug'),
        info: line('info'),
        warn: line('warn'),
        error: (e: unknown) => line('error')(e instanceof Error ? e.message : String(e)),
      };
    };
    const register = (kind: string) => (selector: unknown, provider: Record<string, (...a: unknown[]) => unknown>) => {
      const list = host.providers.get(kind) ?? [];
      const entry = { selector, provider };
      list.push(entry);
      host.providers.set(kind, list);
      return new Disposable(() => host.providers.set(kind, (host.providers.get(kind) ?? []).filter((e) => e !== entry)));
    };

    const real: Record<string, unknown> = {
      version: '1.85.0',
      Disposable,
      EventEmitter,
      Position,
      Range,
      Selection,
      Uri,
      Location,
      MarkdownString,
      Hover,
      CodeActionKind,
      Diagnostic,
      DiagnosticSeverity,
      DiagnosticTag,
      DiagnosticRelatedInformation,
      CancellationError,
      CancellationTokenSource,
      ViewColumn,
      ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
      env: { language: 'en', appName: 'Visual Studio Code', openExternal: () => Promise.resolve(true) },
      window: {
        createOutputChannel: outputChannel,
        showErrorMessage: show('error'),
        showWarningMessage: show('warning'),
        showInformationMessage: show('information'),
        get activeTextEditor() {
          return host.activeTextEditor;
        },
        visibleTextEditors: [],
        onDidChangeActiveTextEditor: host.onDidChangeActiveTextEditor.event,
        createWebviewPanel: (viewType: string, title: string, showOptions: unknown, options: unknown) => {
          const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
          host.webviewPanels.push(panel);
          return panel;
        },
        onDidChangeVisibleTextEditors: noopEvent,
        tabGroups: { all: [], onDidChangeTabs: noopEvent, onDidChangeTabGroups: noopEvent },
        withProgress: (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
          task({ report: () => undefined }, new CancellationTokenSource().token),
      },
      commands: {
        registerCommand: (command: string, callback: (...args: unknown[]) => unknown) => {
          host.commands.set(command, callback);
          return new Disposable(() => host.commands.delete(command));
        },
        executeCommand: async (command: string, ...args: unknown[]) => {
          host.executed.push({ command, args });
          return host.commands.get(command)?.(...args);
        },
      },
      workspace: {
        getConfiguration: (section?: string) => ({
          get: (key: string, fallback?: unknown) => {
            const full = section ? `${section}.${key}` : key;
            return host.settings.has(full) ? host.settings.get(full) : fallback;
          },
          has: (key: string) => host.settings.has(section ? `${section}.${key}` : key),
          inspect: (key: string) => {
            const full = section ? `${section}.${key}` : key;
            return host.settings.has(full) ? { key: full, globalValue: host.settings.get(full) } : undefined;
          },
          update: () => Promise.resolve(),
        }),
        get workspaceFolders() {
          return host.workspaceFolders;
        },
        get textDocuments() {
          return host.textDocuments;
        },
        notebookDocuments: [],
        findFiles: async (include: string, _exclude?: string, max?: number) => host.findFiles(include, max),
        getWorkspaceFolder: (uri: Uri) => host.workspaceFolders?.find((f) => uri.fsPath.startsWith(f.uri.fsPath + path.sep)),
        createFileSystemWatcher: () => ({
          onDidCreate: noopEvent,
          onDidChange: noopEvent,
          onDidDelete: noopEvent,
          ignoreCreateEvents: false,
          ignoreChangeEvents: false,
          ignoreDeleteEvents: false,
          dispose: () => undefined,
        }),
        onDidOpenTextDocument: host.onDidOpenTextDocument.event,
        onDidCloseTextDocument: host.onDidCloseTextDocument.event,
        onDidChangeTextDocument: host.onDidChangeTextDocument.event,
        onDidChangeConfiguration: host.onDidChangeConfiguration.event,
        applyEdit: () => Promise.resolve(false),
      },
      languages: {
        match,
        createDiagnosticCollection: (name: string) => ({
          name,
          set: (uri: Uri | Array<[Uri, Diagnostic[]]>, diags?: Diagnostic[]) => {
            const entries: Array<[Uri, Diagnostic[] | undefined]> = Array.isArray(uri) ? uri : [[uri, diags]];
            for (const [u, d] of entries) {
              host.diagnostics.set(u.toString(), d ?? []);
              host.diagnosticsChanged.fire(u.toString());
            }
          },
          delete: (uri: Uri) => host.diagnostics.delete(uri.toString()),
          clear: () => host.diagnostics.clear(),
          forEach: () => undefined,
          get: (uri: Uri) => host.diagnostics.get(uri.toString()),
          has: (uri: Uri) => host.diagnostics.has(uri.toString()),
          dispose: () => undefined,
        }),
        registerHoverProvider: register('hover'),
        registerDefinitionProvider: register('definition'),
      },
    };

    // Fallbacks: any other namespace member is a no-op returning a
    // disposable; any other class is a placeholder.
    const namespace = (target: Record<string, unknown>): Record<string, unknown> =>
      new Proxy(target, {
        get: (t, p) => (p in t ? t[p as string] : typeof p === 'string' ? () => new Disposable() : undefined),
      });
    for (const ns of ['window', 'commands', 'workspace', 'languages', 'env']) real[ns] = namespace(real[ns] as Record<string, unknown>);
    return new Proxy(real, {
      get: (t, p) => {
        if (p in t) return t[p as string];
        if (typeof p !== 'string' || p === '__esModule' || p === 'then') return undefined;
        // Enums and classes vscode-languageclient refers to but the tests never exercise.
        return /^[A-Z]/.test(p) ? new Proxy(Placeholder, { get: (c, k) => (k in c ? (c as never)[k] : 0) }) : undefined;
      },
    });
  }
}

/**
 * Makes `require('vscode')` return `host.module()` for everything loaded
 * afterwards. Returns a function that undoes it.
 */
export function installFakeVscode(host: FakeHost): () => void {
  const mod = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const original = mod._resolveFilename;
  const id = '\0fake-vscode';
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? id : original.call(this, request, ...rest);
  };
  const cached = { id, filename: id, loaded: true, exports: host.module() };
  require.cache[id] = cached as unknown as NodeJS.Module;
  return () => {
    mod._resolveFilename = original;
    delete require.cache[id];
  };
}
