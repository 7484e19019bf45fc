// VS Code entry point: wires the vscode-free logic in ./config to the editor.

import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, type LanguageClientOptions, type Middleware } from 'vscode-languageclient/node';
import {
  CLIENT_ID,
  CLIENT_NAME,
  COMMAND_RESTART,
  COMMAND_SHOW_OUTPUT,
  NEWS_GLOB,
  SETTING_SERVER_PATH,
  SHOW_REFERENCES_COMMANDS,
  buildClientOptions,
  buildServerOptions,
  documentSelector,
  serverSettings,
  type ServerSettings,
} from './config';
import { registerDossier } from './dossier';
import { SOURCE_LABELS, resolveServerCommand, serverNotFoundMessage, serverSkippedMessage, type NewslsConfig } from './server';
import { registerMcpServers, type McpHost } from './mcp';

let output: vscode.LogOutputChannel | undefined;
/** The installed extension's folder, where a platform package keeps its server. */
let extensionPath: string | undefined;
let client: LanguageClient | undefined;
/** Set once a news document has been seen: from then on the server should run. */
let wanted = false;
/** Start/stop operations run one after the other, never interleaved. */
let queue: Promise<void> = Promise.resolve();

function enqueue(op: () => Promise<void>): Promise<void> {
  queue = queue.then(op, op).catch((err: unknown) => {
    output?.error(`newsls: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  });
  return queue;
}

function readConfig(): NewslsConfig {
  const cfg = vscode.workspace.getConfiguration(CLIENT_ID);
  return {
    serverPath: cfg.get<string | null>('server.path', null),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  };
}

/** The server's settings as the user set them, for a folder (`scopeUri`) or the window. */
function settingsFor(scopeUri: string | undefined): ServerSettings {
  const cfg = vscode.workspace.getConfiguration(CLIENT_ID, scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri));
  return serverSettings((key) => cfg.inspect(key));
}

/**
 * Narrows what the server is told about settings to its own keys, and
 * turns the server's "show references" code lens command into VS Code's
 * references view (its arguments arrive as JSON; VS Code's command wants
 * a Uri, a Position and Locations).
 */
function middleware(currentClient: () => LanguageClient): Middleware {
  const toCode = (lens: vscode.CodeLens): vscode.CodeLens => {
    const command = lens.command;
    if (!command || !(SHOW_REFERENCES_COMMANDS as readonly string[]).includes(command.command)) return lens;
    const [uri, position, locations] = (command.arguments ?? []) as [string, unknown, unknown[]];
    const p2c = currentClient().protocol2CodeConverter;
    if (typeof uri !== 'string' || !Array.isArray(locations)) return lens;
    lens.command = {
      title: command.title,
      command: 'editor.action.showReferences',
      arguments: [p2c.asUri(uri), p2c.asPosition(position as never), locations.map((l) => p2c.asLocation(l as never))],
    };
    return lens;
  };
  return {
    workspace: {
      configuration: async (params, token, next) => {
        const answer = await next(params, token);
        if (!Array.isArray(answer)) return answer;
        return params.items.map((item, i) => (item.section === CLIENT_ID ? settingsFor(item.scopeUri) : answer[i]));
      },
      didChangeConfiguration: async (sections, next) => {
        if (!sections?.includes(CLIENT_ID)) return next(sections);
        await currentClient().sendNotification(DidChangeConfigurationNotification.type, { settings: { [CLIENT_ID]: settingsFor(undefined) } });
      },
    },
    provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(toCode),
    resolveCodeLens: async (lens, token, next) => {
      const resolved = await next(lens, token);
      return resolved ? toCode(resolved) : resolved;
    },
  };
}

function isNewsDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector, doc) > 0;
}

type Action = 'Open Settings' | 'Show Output';

/** Shows a notification whose buttons lead to the server path setting or the log. */
function notify(show: typeof vscode.window.showErrorMessage, message: string, ...actions: Action[]): void {
  void show(message, ...actions).then((choice) => {
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', SETTING_SERVER_PATH);
    else if (choice === 'Show Output') output?.show(true);
  });
}

async function startClient(): Promise<void> {
  wanted = true;
  if (client) return;
  const log = output!;
  const config = readConfig();
  const resolution = await resolveServerCommand(config, process.env, { extensionPath });
  if (!resolution.ok) {
    const message = serverNotFoundMessage(resolution.failures);
    log.error(message);
    notify(vscode.window.showErrorMessage, message, 'Open Settings', 'Show Output');
    return;
  }
  for (const skipped of resolution.skipped) {
    const message = serverSkippedMessage(skipped, resolution.server);
    log.warn(message);
    notify(vscode.window.showWarningMessage, message, 'Open Settings');
  }
  const { server, version } = resolution;
  log.info(`Starting ${server.command} ${server.args.join(' ')} (${version}, from ${SOURCE_LABELS[server.source]})`);

  const clientOptions: LanguageClientOptions = {
    ...buildClientOptions(settingsFor(undefined)),
    outputChannel: log,
    middleware: middleware(() => newClient),
  };
  const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, buildServerOptions(server), clientOptions);
  client = newClient;
  try {
    await newClient.start();
  } catch (err) {
    client = undefined;
    // Otherwise the client's error handler keeps respawning a server that
    // cannot even initialize; "Restart Server" is the way to try again.
    void newClient.dispose().catch(() => undefined);
    const message = `newsls: the language server failed to start: ${err instanceof Error ? err.message : String(err)}`;
    log.error(message);
    notify(vscode.window.showErrorMessage, message, 'Show Output', 'Open Settings');
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  try {
    // dispose() rather than stop(): it also cancels an automatic restart in
    // progress, which stop() refuses to interrupt.
    if (current) await current.dispose();
  } catch (err) {
    output?.warn(`newsls: error while stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Stops the server if it runs and starts it again, finding the binary anew. */
function restart(reason: string): Promise<void> {
  return enqueue(async () => {
    output?.info(reason);
    await stopClient();
    await startClient();
  });
}

async function workspaceHasNewsFiles(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some(isNewsDocument)) return true;
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const found = await vscode.workspace.findFiles(NEWS_GLOB, '**/node_modules/**', 1);
  return found.length > 0;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMAND_RESTART, () => restart('Restarting the language server')),
    vscode.commands.registerCommand(COMMAND_SHOW_OUTPUT, () => output?.show(true)),
    registerDossier(() => client, isNewsDocument),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // `newsls.trace.server` is picked up by vscode-languageclient itself.
      // Also retry after a failed start: the user may just have fixed the path.
      if (e.affectsConfiguration(`${CLIENT_ID}.server`) && wanted) {
        void restart('newsls.server settings changed; restarting the language server');
      }
    }),
  );

  // For VS Code's assistants (where this VS Code offers MCP registration).
  const mcp = registerMcpServers(vscode as unknown as McpHost, async () => {
    const resolution = await resolveServerCommand(readConfig(), process.env, { extensionPath });
    return resolution.ok ? { command: resolution.server.command, version: resolution.version } : undefined;
  }, (message) => output?.warn(message));
  if (mcp) context.subscriptions.push(mcp);

  // `onLanguage:markdown` also activates us for plain README.md files: only
  // start (and possibly complain about a missing binary) once a news
  // document is actually around.
  if (await workspaceHasNewsFiles()) {
    await enqueue(startClient);
    return;
  }
  const waitForNewsDocument = vscode.workspace.onDidOpenTextDocument((doc) => {
    if (isNewsDocument(doc)) {
      waitForNewsDocument.dispose();
      void enqueue(startClient);
    }
  });
  context.subscriptions.push(waitForNewsDocument);
}

export function deactivate(): Thenable<void> {
  return enqueue(stopClient);
}
