// The extension's own logic, kept free of the `vscode` module so that the
// tests can run it under plain Node (no VS Code host is available in CI).
//
// Only *type* imports from vscode-languageclient are allowed here: they are
// erased at compile time, so nothing in this file loads `vscode` at runtime.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentSelector, Executable, LanguageClientOptions } from 'vscode-languageclient/node';

/** Client id: also the settings prefix that vscode-languageclient reads `<id>.trace.server` from. */
export const CLIENT_ID = 'newsls';
export const CLIENT_NAME = 'newsls';
/** The executable looked up on PATH when `newsls.server.path` is not set. */
export const SERVER_BINARY = 'newsls';
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

/** The `newsls.*` settings that decide how the server is launched. */
export interface NewslsConfig {
  /** `newsls.server.path`; empty or null means "look for `newsls` on PATH". */
  serverPath?: string | null;
  /** File-system path of the first workspace folder, for relative `serverPath`s. */
  workspaceFolder?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type ServerSource = 'setting' | 'path';

/** A concrete way to launch the server. */
export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
}

/** A candidate that was tried and does not run. */
export interface ServerFailure {
  source: ServerSource;
  /** What was tried: a path, or the bare name when nothing was found on PATH. */
  command: string;
  reason: string;
}

export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };
export type Probe = (command: string) => Promise<ProbeResult>;

export type Resolution =
  | { ok: true; server: ServerCommand; version: string; skipped: ServerFailure[] }
  | { ok: false; failures: ServerFailure[] };

export interface ResolveOptions {
  platform?: NodeJS.Platform;
  /** How to check that a candidate runs; defaults to `<command> --version`. */
  probe?: Probe;
}

function envGet(env: Env, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  // Windows environment variable names are case-insensitive (`Path`, `PATH`).
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

function homeDir(env: Env, platform: NodeJS.Platform): string {
  return envGet(env, 'HOME', platform) || envGet(env, 'USERPROFILE', platform) || os.homedir();
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks `name` up on `PATH` (honouring `PATHEXT` on Windows); undefined when absent. */
export function findOnPath(name: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const pathVar = envGet(env, 'PATH', platform) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const exts =
    platform === 'win32'
      ? ['', ...(envGet(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
      : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a
 * `newsls.server.path` value, and resolves a relative path against the
 * workspace folder. A bare name without any separator (e.g. `newsls-dev`)
 * is returned unchanged so that it can be looked up on PATH.
 */
export function expandServerPath(raw: string, config: NewslsConfig, env: Env, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const home = homeDir(env, platform);
  let value = raw.trim();
  if (value === '~') value = home;
  else if (value.startsWith('~/') || (platform === 'win32' && value.startsWith('~\\'))) value = p.join(home, value.slice(2));
  value = value
    .replace(/\$\{userHome\}/g, home)
    .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => envGet(env, name, platform) ?? '');
  if (config.workspaceFolder !== undefined) value = value.replace(/\$\{workspaceFolder\}/g, config.workspaceFolder);
  const hasSeparator = value.includes('/') || (platform === 'win32' && value.includes('\\'));
  if (!hasSeparator) return value;
  if (!p.isAbsolute(value) && config.workspaceFolder !== undefined) value = p.resolve(config.workspaceFolder, value);
  return value;
}

function serverArgs(): string[] {
  return ['--stdio'];
}

/**
 * The commands to try, in order: the `newsls.server.path` setting (if set),
 * then `newsls` on PATH. Candidates that cannot exist (nothing on PATH) are
 * reported as failures right away.
 */
export function serverCandidates(
  config: NewslsConfig,
  env: Env,
  platform: NodeJS.Platform = process.platform,
): { candidates: ServerCommand[]; failures: ServerFailure[] } {
  const candidates: ServerCommand[] = [];
  const failures: ServerFailure[] = [];
  const args = serverArgs();
  const configured = config.serverPath?.trim();
  if (configured) {
    const expanded = expandServerPath(configured, config, env, platform);
    const isBareName = !expanded.includes('/') && !(platform === 'win32' && expanded.includes('\\'));
    const command = isBareName ? findOnPath(expanded, env, platform) : expanded;
    if (command === undefined) {
      failures.push({ source: 'setting', command: expanded, reason: `"${expanded}" was not found on PATH` });
    } else if (!isBareName && !isExecutableFile(command, platform)) {
      failures.push({
        source: 'setting',
        command,
        reason: fs.existsSync(command) ? `${command} is not an executable file` : `${command} does not exist`,
      });
    } else {
      candidates.push({ command, args: [...args], source: 'setting' });
    }
  }
  const onPath = findOnPath(SERVER_BINARY, env, platform);
  if (onPath === undefined) {
    failures.push({ source: 'path', command: SERVER_BINARY, reason: `"${SERVER_BINARY}" was not found on PATH` });
  } else if (!candidates.some((c) => c.command === onPath)) {
    candidates.push({ command: onPath, args: [...args], source: 'path' });
  }
  return { candidates, failures };
}

/** Runs `<command> --version` and reports whether the binary runs at all. */
export function probeServer(command: string, timeoutMs = 10_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim() || error.message;
        resolve({ ok: false, reason: `\`${command} --version\` failed: ${detail}` });
        return;
      }
      resolve({ ok: true, version: String(stdout).trim() || String(stderr).trim() });
    });
  });
}

/**
 * Finds the server: the `newsls.server.path` setting, else `newsls` on PATH.
 * Each candidate must actually run (`--version`); the first that does wins.
 * Candidates that were skipped are returned so that the caller can warn
 * (e.g. a configured path that is broken while PATH has a working binary).
 */
export async function resolveServerCommand(config: NewslsConfig, env: Env, options: ResolveOptions = {}): Promise<Resolution> {
  const platform = options.platform ?? process.platform;
  const probe = options.probe ?? ((command: string) => probeServer(command));
  const { candidates, failures } = serverCandidates(config, env, platform);
  const skipped = [...failures];
  for (const candidate of candidates) {
    const result = await probe(candidate.command);
    if (result.ok) {
      // Only a broken setting matters once something runs: a missing PATH
      // entry is irrelevant when the configured binary works.
      const ignored = candidate.source === 'path' ? skipped.filter((f) => f.source === 'setting') : [];
      return { ok: true, server: candidate, version: result.version, skipped: ignored };
    }
    skipped.push({ source: candidate.source, command: candidate.command, reason: result.reason });
  }
  // Keep the setting's failure first: it is what the user is most likely to fix.
  skipped.sort((a, b) => (a.source === b.source ? 0 : a.source === 'setting' ? -1 : 1));
  return { ok: false, failures: skipped };
}

/** The text of the error shown when no server runs. */
export function serverNotFoundMessage(failures: readonly ServerFailure[]): string {
  const details = failures.map((f) => (f.source === 'setting' ? `${SETTING_SERVER_PATH}: ${f.reason}` : f.reason)).join('; ');
  return (
    `newsls: could not start the language server (${details}). ` +
    `Install newsls (e.g. \`cargo install --path .\` in the newsls repository) or set "${SETTING_SERVER_PATH}" to the binary.`
  );
}

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
