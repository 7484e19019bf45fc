// Shared helpers for the tests: where things are, and an LSP client that
// behaves like VS Code's (same protocol library, same capabilities).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'newsls') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no newsls package.json above ${start}`);
  }
}

/** editors/vscode, whether the tests run from out/test or test/. */
export const packageRoot = findPackageRoot(__dirname);
export const fixtureWorkspace = path.join(packageRoot, 'test', 'fixtures', 'workspace');

export function fixturePath(name: string): string {
  return path.join(fixtureWorkspace, name);
}

export function fixtureUri(name: string): string {
  return pathToFileURL(fixturePath(name)).href;
}

export function fixtureText(name: string): string {
  return fs.readFileSync(fixturePath(name), 'utf8');
}

/**
 * The server binary: $NEWSLS_BIN, else ../../target/debug/newsls (the
 * repository's `cargo build` output). Throws a message that says what to do.
 */
export function serverBinary(): string {
  const fromEnv = process.env.NEWSLS_BIN;
  const candidate = fromEnv ? path.resolve(fromEnv) : path.resolve(packageRoot, '..', '..', 'target', 'debug', 'newsls');
  let ok = false;
  try {
    ok = fs.statSync(candidate).isFile();
    fs.accessSync(candidate, fs.constants.X_OK);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      `newsls binary not found or not executable at ${candidate}` +
        (fromEnv ? ' (from $NEWSLS_BIN).' : '. Run `cargo build` in the repository root, or set NEWSLS_BIN to the binary.'),
    );
  }
  return candidate;
}

/**
 * What VS Code 1.85 with vscode-languageclient 9 announces for the features
 * this extension uses (trimmed of unrelated features such as completion or
 * semantic tokens, which the server does not provide).
 */
export const vscodeClientCapabilities: ClientCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => (i + 1) as 1) } },
    executeCommand: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    semanticTokens: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    inlineValue: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
    fileOperations: {
      dynamicRegistration: true,
      didCreate: true,
      didRename: true,
      didDelete: true,
      willCreate: true,
      willRename: true,
      willDelete: true,
    },
  },
  textDocument: {
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    definition: { dynamicRegistration: true, linkSupport: true },
    declaration: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    rename: { dynamicRegistration: true, prepareSupport: true, honorsChangeAnnotations: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'],
        },
      },
      honorsChangeAnnotations: false,
    },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: {
    showMessage: { messageActionItem: { additionalPropertiesSupport: true } },
    showDocument: { support: true },
    workDoneProgress: true,
  },
  general: {
    staleRequestSupport: {
      cancel: true,
      retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'],
    },
    regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
    markdown: { parser: 'marked', version: '1.1.0' },
    positionEncodings: ['utf-16'],
  },
};

export interface ServerSession {
  connection: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Latest diagnostics per URI, as last pulled. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Pulls `uri`'s diagnostics until they satisfy `accept`, and resolves with them. */
  waitForDiagnostics(uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Resolves with the process exit code. */
  exited: Promise<number | null>;
  /** Sends a request; rejects (with the server's stderr) on timeout or if the server dies first. */
  request<R>(method: string, params?: unknown, timeoutMs?: number): Promise<R>;
}

/** Spawns the server like vscode-languageclient does (`<bin> --stdio`) and connects to it. */
export function startServer(binary: string, folder = fixtureWorkspace, args: string[] = ['--stdio']): ServerSession {
  const child = spawn(binary, args, { cwd: folder, stdio: 'pipe', env: { ...process.env, RUST_BACKTRACE: '1' } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

  // VS Code declares `textDocument.diagnostic`, so the server does not push
  // to it: VS Code pulls each open document's report, and again when the
  // server asks it to (`workspace/diagnostic/refresh`). So do we.
  const diagnostics = new Map<string, Diagnostic[]>();
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  // Requests VS Code answers; a server that sends them must not hang on us.
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }]);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('$/progress', () => undefined);
  connection.onNotification('telemetry/event', () => undefined);
  connection.listen();

  return {
    connection,
    child,
    stderr: () => stderr,
    diagnostics,
    exited,
    request<R>(method: string, params?: unknown, timeoutMs = 10_000): Promise<R> {
      let timer: NodeJS.Timeout | undefined;
      const failed = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms\nserver stderr:\n${stderr}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`${method}: the server exited (code ${code}) before answering\nserver stderr:\n${stderr}`)));
      });
      const sent = params === undefined ? connection.sendRequest<R>(method) : connection.sendRequest<R>(method, params);
      // Once the race is decided, a late rejection (e.g. writing to a dead pipe) is expected noise.
      sent.catch(() => undefined);
      return Promise.race([sent, failed]).finally(() => clearTimeout(timer));
    },
    async waitForDiagnostics(uri, accept, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const report = await this.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
        if (report.kind === 'full' && report.items) diagnostics.set(uri, report.items);
        const current = diagnostics.get(uri);
        if (current && accept(current)) return current;
        if (Date.now() > deadline) {
          throw new Error(
            `timed out after ${timeoutMs} ms pulling diagnostics of ${uri}; last report: ` +
              JSON.stringify(current ?? null) +
              `\nserver stderr:\n${stderr}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/**
 * Starts the server and runs the initialize handshake the way VS Code does
 * for a window with `folder` open.
 */
export async function startInitializedServer(binary: string, folder = fixtureWorkspace): Promise<{ server: ServerSession; init: InitializeResult }> {
  const server = startServer(binary, folder);
  const uri = pathToFileURL(folder).href;
  const params: InitializeParams = {
    processId: process.pid,
    clientInfo: { name: 'Visual Studio Code', version: '1.85.0' },
    locale: 'en',
    rootPath: folder,
    rootUri: uri,
    capabilities: vscodeClientCapabilities,
    trace: 'off',
    workspaceFolders: [{ uri, name: path.basename(folder) }],
  };
  const init = await server.request<InitializeResult>('initialize', params, 30_000);
  await server.connection.sendNotification('initialized', {});
  return { server, init };
}

/**
 * Position of `needle` (its n-th occurrence) in `text`, moved `delta` code
 * units into it. JavaScript strings index by UTF-16 code units, which is
 * exactly LSP's default position encoding.
 */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${occurrence}) not in text`);
  }
  return offsetToPosition(text, index + delta);
}

export function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Range of the n-th `needle` in `text`, in UTF-16 code units. */
export function rangeOf(text: string, needle: string, occurrence = 0) {
  const start = positionOf(text, needle, 0, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}
