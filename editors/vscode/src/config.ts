// The extension's own logic, kept free of the `vscode` module so that the
// tests can run it under plain Node (no VS Code host is available in CI).
//
// Only *type* imports from vscode-languageclient are allowed here: they are
// erased at compile time, so nothing in this file loads `vscode` at runtime.

import type { DocumentSelector, Executable, LanguageClientOptions } from 'vscode-languageclient/node';
import type { Env, ServerCommand } from './server';

/** Client id: also the settings prefix that vscode-languageclient reads `<id>.trace.server` from. */
export const CLIENT_ID = 'newsls';
export const CLIENT_NAME = 'newsls';
/** Glob of the documents the server handles. */
export const NEWS_GLOB = '**/*.news.md';
/**
 * The language of `*.news.md` files (contributed in package.json, with
 * VS Code's Markdown grammar embedded). A language of their own keeps the
 * built-in Markdown extension's definitions, link checks and code actions
 * from answering beside newsls's (F12 opened "Definitions (2)").
 */
export const LANGUAGE_ID = 'newsmd';

export const COMMAND_RESTART = 'newsls.restartServer';
export const COMMAND_SHOW_OUTPUT = 'newsls.showOutput';
export const SETTING_SERVER_PATH = 'newsls.server.path';

/**
 * News documents on disk. The pattern also holds when a user maps
 * `*.news.md` back to `markdown` in `files.associations`: the language then
 * differs and the server is simply not attached.
 */
export const documentSelector = [
  { scheme: 'file', language: LANGUAGE_ID, pattern: NEWS_GLOB },
] as const satisfies DocumentSelector;

/** Launch description for vscode-languageclient; stdio transport, `--stdio` passed explicitly. */
export function buildServerOptions(server: ServerCommand, env: Env = process.env): Executable {
  return {
    command: server.command,
    args: [...server.args],
    // No `transport`: vscode-languageclient would append a second `--stdio`.
    options: { env: { ...env, RUST_BACKTRACE: env.RUST_BACKTRACE ?? '1' } },
  };
}

/**
 * The vscode-free part of the client options. The extension adds what needs
 * the `vscode` API (output channel, middleware) on top of this.
 *
 * No `synchronize.fileEvents`: the server registers its own watcher for
 * `*.news.md` and `.newsls.toml` (dynamic registration), so a watcher here
 * too would deliver each change twice.
 */
export function buildClientOptions(initializationOptions: ServerSettings): LanguageClientOptions {
  return {
    documentSelector: [...documentSelector],
    diagnosticCollectionName: CLIENT_ID,
    // Hover Markdown comes from document text: never let it run commands or HTML.
    markdown: { isTrusted: false, supportHtml: false },
    initializationOptions,
    // Answer `workspace/configuration` and send `didChangeConfiguration` for
    // `newsls.*`; the extension's middleware narrows both to the server's keys.
    synchronize: { configurationSection: CLIENT_ID },
  };
}

/**
 * The settings the server reads, by their name under `newsls.` (the same
 * keys as in `.newsls.toml`; see package.json for what each does).
 */
export const SERVER_SETTING_KEYS = [
  'diagnostics',
  'inlay-hints.enabled',
  'code-lens.enabled',
  'workspace.registries',
  'workspace.follow-links',
  'wikidata.endpoint',
  'wikidata.languages',
] as const;

/** What `WorkspaceConfiguration.inspect` reports for one setting, minus the default. */
export interface SettingLevels {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The `newsls` object the server reads, nested as in `.newsls.toml`. */
export type ServerSettings = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object sent as `initializationOptions` and as the `newsls` section of
 * `workspace/configuration`: only what the user set (user, workspace or
 * folder settings), never VS Code's defaults, so that a `.newsls.toml` keeps
 * deciding whatever the user did not set in VS Code. Client-only settings
 * (`newsls.server.*`, `newsls.trace.*`) are left out: the server does not
 * know them. `newsls.diagnostics` objects merge across levels, the most
 * specific level winning per code, as VS Code merges object settings.
 */
export function serverSettings(inspect: (key: string) => SettingLevels | undefined): ServerSettings {
  const out: ServerSettings = {};
  for (const key of SERVER_SETTING_KEYS) {
    const levels = inspect(key);
    if (!levels) continue;
    const set = [levels.globalValue, levels.workspaceValue, levels.workspaceFolderValue].filter((v) => v !== undefined);
    if (set.length === 0) continue;
    const value = set.every(isPlainObject) ? Object.assign({}, ...set) : set[set.length - 1];
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      if (!isPlainObject(node[part])) node[part] = {};
      node = node[part] as ServerSettings;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}

/** Commands a code lens may carry to open the references view. */
export const SHOW_REFERENCES_COMMANDS = ['editor.action.showReferences', 'newsls.showReferences'] as const;
