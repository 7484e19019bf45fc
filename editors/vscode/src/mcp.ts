// Registers `newsls mcp` (the Model Context Protocol server) with VS Code's
// AI assistants, one server per workspace folder, where the running VS Code
// offers MCP server registration to extensions (`vscode.lm.
// registerMcpServerDefinitionProvider`, VS Code 1.101 and later). Older VS
// Code lacks the API: then nothing is registered and nothing else changes.
// The API is looked up at run time, as the extension builds against the
// oldest VS Code it supports.

import type * as vscode from 'vscode';

/** The id in `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'newsls.mcpServers';

/** What a stdio server definition is built from (VS Code's `McpStdioServerDefinition`). */
export interface McpStdioDefinition {
  label: string;
  command: string;
  args: string[];
  cwd?: vscode.Uri;
  version?: string;
}

type DefinitionClass = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioDefinition;

interface McpProvider {
  onDidChangeMcpServerDefinitions: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): Promise<McpStdioDefinition[]>;
}

/** The parts of the `vscode` module this file uses, the MCP ones optional. */
export interface McpHost {
  lm?: { registerMcpServerDefinitionProvider?: (id: string, provider: McpProvider) => vscode.Disposable };
  McpStdioServerDefinition?: DefinitionClass;
  EventEmitter: typeof vscode.EventEmitter;
  Disposable: typeof vscode.Disposable;
  workspace: {
    workspaceFolders: readonly vscode.WorkspaceFolder[] | undefined;
    onDidChangeWorkspaceFolders: vscode.Event<unknown>;
    onDidChangeConfiguration: vscode.Event<vscode.ConfigurationChangeEvent>;
  };
}

/** The newsls binary as the language client would start it, or why not. */
export type FindServer = () => Promise<{ command: string; version: string } | undefined>;

/**
 * One server definition per folder: `newsls mcp --root FOLDER`, run in that
 * folder. Plain data, so it is tested without VS Code.
 */
export function mcpDefinitions(
  command: string,
  version: string,
  folders: ReadonlyArray<{ name: string; uri: vscode.Uri }>,
): McpStdioDefinition[] {
  return folders
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => ({
      label: folders.length === 1 ? 'newsls' : `newsls: ${folder.name}`,
      command,
      args: ['mcp', '--root', folder.uri.fsPath],
      cwd: folder.uri,
      version,
    }));
}

/**
 * Registers the provider when `host` offers the API; `undefined` when it
 * does not (older VS Code), or refuses it: VS Code 1.100 has the API under
 * another manifest name and throws. A refusal is told to `warn` and must
 * never stop the extension, whose language client starts after this. The
 * definitions follow the workspace folders and the `newsls.server`
 * settings.
 */
export function registerMcpServers(
  host: McpHost,
  findServer: FindServer,
  warn: (message: string) => void = () => undefined,
): vscode.Disposable | undefined {
  const register = host.lm?.registerMcpServerDefinitionProvider;
  const Definition = host.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Definition !== 'function') return undefined;
  const changed = new host.EventEmitter<void>();
  const provider: McpProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    async provideMcpServerDefinitions() {
      const server = await findServer();
      if (!server) return [];
      return mcpDefinitions(server.command, server.version, host.workspace.workspaceFolders ?? []).map((d) => {
        const definition = new Definition(d.label, d.command, d.args, {}, d.version);
        definition.cwd = d.cwd;
        return definition;
      });
    },
  };
  let registration: vscode.Disposable;
  try {
    registration = register.call(host.lm, MCP_PROVIDER_ID, provider);
  } catch (err) {
    changed.dispose();
    warn(`newsls: the MCP server is not offered to this VS Code's assistants: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  return host.Disposable.from(
    registration,
    host.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    host.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('newsls.server')) changed.fire();
    }),
    changed,
  );
}
