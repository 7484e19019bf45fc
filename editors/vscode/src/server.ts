// Where the extension finds the newsls server, in this order:
//   1. the `newsls.server.path` setting;
//   2. the server inside the extension package (`server/newsls`, `.exe` on
//      Windows), which the platform packages carry (scripts/package-vscode);
//   3. `newsls` on PATH.
// Each candidate must run (`--version`); the first that does wins. Free of
// the `vscode` module, so that the tests run it under plain Node.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SETTING_SERVER_PATH } from './config';

/** The executable looked up on PATH, and the name of the one inside the package. */
export const SERVER_BINARY = 'newsls';
/** Where the fix is written down: the project's install instructions. */
export const INSTALL_URL = 'https://github.com/newsls/newsls#install';

/** The `newsls.*` settings that decide how the server is launched. */
export interface NewslsConfig {
  /** `newsls.server.path`; empty or null means "the packaged server, else `newsls` on PATH". */
  serverPath?: string | null;
  /** File-system path of the first workspace folder, for relative `serverPath`s. */
  workspaceFolder?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type ServerSource = 'setting' | 'bundled' | 'path';

/** How each source is named to the user, in the log and in messages. */
export const SOURCE_LABELS: Record<ServerSource, string> = {
  setting: SETTING_SERVER_PATH,
  bundled: 'the extension package',
  path: 'PATH',
};

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
  /** Nothing was there to try (no packaged server, nothing on PATH): not worth a warning when another one runs. */
  missing?: boolean;
}

export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };
export type Probe = (command: string) => Promise<ProbeResult>;

export type Resolution =
  | { ok: true; server: ServerCommand; version: string; skipped: ServerFailure[] }
  | { ok: false; failures: ServerFailure[] };

export interface ResolveOptions {
  platform?: NodeJS.Platform;
  /** The extension's own folder (`ExtensionContext.extensionPath`), where a platform package keeps its server. */
  extensionPath?: string;
  /** How to check that a candidate runs; defaults to `<command> --version`. */
  probe?: Probe;
}

const RANK: Record<ServerSource, number> = { setting: 0, bundled: 1, path: 2 };

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

/** Where a platform package keeps its server, inside the installed extension's folder. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(extensionPath, 'server', platform === 'win32' ? `${SERVER_BINARY}.exe` : SERVER_BINARY);
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

/** The `newsls.server.path` candidate, or why there is none; nothing when the setting is empty. */
function settingCandidate(config: NewslsConfig, env: Env, platform: NodeJS.Platform): ServerCommand | ServerFailure | undefined {
  const configured = config.serverPath?.trim();
  if (!configured) return undefined;
  const expanded = expandServerPath(configured, config, env, platform);
  const isBareName = !expanded.includes('/') && !(platform === 'win32' && expanded.includes('\\'));
  const command = isBareName ? findOnPath(expanded, env, platform) : expanded;
  if (command === undefined) return { source: 'setting', command: expanded, reason: `"${expanded}" was not found on PATH` };
  if (!isBareName && !isExecutableFile(command, platform)) {
    const reason = fs.existsSync(command) ? `${command} is not an executable file` : `${command} does not exist`;
    return { source: 'setting', command, reason };
  }
  return { command, args: serverArgs(), source: 'setting' };
}

/** The packaged server's candidate, or why there is none. */
function bundledCandidate(extensionPath: string | undefined, platform: NodeJS.Platform): ServerCommand | ServerFailure {
  const command = extensionPath === undefined ? SERVER_BINARY : bundledServerPath(extensionPath, platform);
  if (extensionPath === undefined || !fs.existsSync(command)) {
    return { source: 'bundled', command, reason: 'this extension package carries no server', missing: true };
  }
  if (!isExecutableFile(command, platform)) return { source: 'bundled', command, reason: `${command} is not an executable file` };
  return { command, args: serverArgs(), source: 'bundled' };
}

function pathCandidate(env: Env, platform: NodeJS.Platform): ServerCommand | ServerFailure {
  const command = findOnPath(SERVER_BINARY, env, platform);
  if (command === undefined) return { source: 'path', command: SERVER_BINARY, reason: `"${SERVER_BINARY}" was not found on PATH`, missing: true };
  return { command, args: serverArgs(), source: 'path' };
}

/**
 * The commands to try, in order: the `newsls.server.path` setting (if set),
 * the server inside the extension package, then `newsls` on PATH.
 * Candidates that cannot run (nothing there, not executable) are reported
 * as failures right away.
 */
export function serverCandidates(
  config: NewslsConfig,
  env: Env,
  platform: NodeJS.Platform = process.platform,
  extensionPath?: string,
): { candidates: ServerCommand[]; failures: ServerFailure[] } {
  const candidates: ServerCommand[] = [];
  const failures: ServerFailure[] = [];
  for (const found of [settingCandidate(config, env, platform), bundledCandidate(extensionPath, platform), pathCandidate(env, platform)]) {
    if (found === undefined) continue;
    if ('reason' in found) failures.push(found);
    else if (!candidates.some((c) => c.command === found.command)) candidates.push(found);
  }
  return { candidates, failures };
}

/** Runs `<command> --version` and reports whether the binary runs at all. */
export function probeServer(command: string, timeoutMs = 10_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        // One line for a person: how it ended, then what it said.
        const ended = error.signal ? `killed by ${error.signal}` : typeof error.code === 'number' ? `exit ${error.code}` : (error.code ?? error.message);
        const said = (String(stderr).trim() || String(stdout).trim()).replace(/\s+/g, ' ').slice(0, 300);
        resolve({ ok: false, reason: `\`${command} --version\` failed (${ended})${said ? `: ${said}` : ''}` });
        return;
      }
      resolve({ ok: true, version: String(stdout).trim() || String(stderr).trim() });
    });
  });
}

/**
 * Finds the server (see the top of this file). Failures of candidates
 * ranked before the winner are returned as `skipped` when the user would
 * want to know (a broken setting, a packaged server that does not run), so
 * that the caller can warn; a source that is simply absent is not.
 */
export async function resolveServerCommand(config: NewslsConfig, env: Env, options: ResolveOptions = {}): Promise<Resolution> {
  const platform = options.platform ?? process.platform;
  const probe = options.probe ?? ((command: string) => probeServer(command));
  const { candidates, failures } = serverCandidates(config, env, platform, options.extensionPath);
  const tried = [...failures];
  for (const candidate of candidates) {
    const result = await probe(candidate.command);
    if (result.ok) {
      const skipped = tried.filter((f) => !f.missing && RANK[f.source] < RANK[candidate.source]).sort((a, b) => RANK[a.source] - RANK[b.source]);
      return { ok: true, server: candidate, version: result.version, skipped };
    }
    tried.push({ source: candidate.source, command: candidate.command, reason: result.reason });
  }
  return { ok: false, failures: tried.sort((a, b) => RANK[a.source] - RANK[b.source]) };
}

/** The warning shown when a candidate the user would expect was skipped for a later one. */
export function serverSkippedMessage(skipped: ServerFailure, used: ServerCommand): string {
  const what = skipped.source === 'setting' ? `ignoring ${SETTING_SERVER_PATH}` : `the server inside ${SOURCE_LABELS.bundled} does not run`;
  return `newsls: ${what} (${skipped.reason}); using ${used.command} from ${SOURCE_LABELS[used.source]} instead.`;
}

/** The error shown, once, when no server runs: what was tried, then the fix. */
export function serverNotFoundMessage(failures: readonly ServerFailure[]): string {
  const details = failures.map((f) => (f.source === 'setting' ? `${SETTING_SERVER_PATH}: ${f.reason}` : f.reason)).join('; ');
  return (
    `newsls: could not start the language server (${details}). ` +
    'To fix it, install the newsls extension package made for your platform, which carries the server; ' +
    `or install the server (its installer, or \`cargo install newsls\`) so that \`${SERVER_BINARY}\` is on PATH; ` +
    `or set "${SETTING_SERVER_PATH}" to the binary. See ${INSTALL_URL}`
  );
}
