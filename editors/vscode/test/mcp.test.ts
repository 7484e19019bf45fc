// The MCP server registration (src/mcp.ts): nothing on a VS Code without
// the API; on one with it, one `newsls mcp --root FOLDER` definition per
// folder, which, started as VS Code would start it, answers MCP.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as readline from 'node:readline';
import { MCP_PROVIDER_ID, registerMcpServers, type McpHost, type McpStdioDefinition } from '../src/mcp';
import { fixtureWorkspace, packageRoot, serverBinary } from './support';
import { Disposable, EventEmitter, Uri } from './vscode-host';

class Definition implements McpStdioDefinition {
  cwd?: never;
  constructor(
    readonly label: string,
    readonly command: string,
    readonly args: string[] = [],
    readonly env: Record<string, string | number | null> = {},
    readonly version?: string,
  ) {}
}

function host(withApi: boolean) {
  const folders = new EventEmitter<unknown>();
  const configuration = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const registered: Array<{ id: string; provider: { provideMcpServerDefinitions(t: unknown): Promise<McpStdioDefinition[]>; onDidChangeMcpServerDefinitions(l: () => void): unknown } }> = [];
  const api = {
    EventEmitter,
    Disposable,
    workspace: {
      workspaceFolders: [{ name: 'workspace', index: 0, uri: Uri.file(fixtureWorkspace) }],
      onDidChangeWorkspaceFolders: folders.event,
      onDidChangeConfiguration: configuration.event,
    },
    ...(withApi
      ? {
          McpStdioServerDefinition: Definition,
          lm: {
            registerMcpServerDefinitionProvider(id: string, provider: never) {
              registered.push({ id, provider });
              return new Disposable();
            },
          },
        }
      : {}),
  };
  return { api: api as unknown as McpHost, registered, folders, configuration };
}

describe('MCP server registration for VS Code assistants', () => {
  it('registers nothing where VS Code has no MCP API (before 1.101), without failing', () => {
    const { api } = host(false);
    assert.equal(registerMcpServers(api, async () => ({ command: 'newsls', version: 'x' })), undefined);
  });

  it('a VS Code that refuses the registration (1.100 throws) is told, and activation goes on', () => {
    const { api } = host(true);
    (api.lm as { registerMcpServerDefinitionProvider: unknown }).registerMcpServerDefinitionProvider = () => {
      throw new Error('MCP configuration providers must be registered in the contributes.modelContextServerCollections array');
    };
    const warnings: string[] = [];
    assert.equal(
      registerMcpServers(api, async () => ({ command: 'newsls', version: 'x' }), (m) => warnings.push(m)),
      undefined,
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /MCP server is not offered.*modelContextServerCollections/);
  });

  it('registers the provider the manifest contributes, one server per folder', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
      contributes: { mcpServerDefinitionProviders: Array<{ id: string; label: string }> };
    };
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [{ id: MCP_PROVIDER_ID, label: 'newsls' }]);
    const { api, registered, folders, configuration } = host(true);
    const disposable = registerMcpServers(api, async () => ({ command: '/opt/newsls', version: 'newsls 0.1.0' }));
    assert.ok(disposable);
    assert.equal(registered.length, 1);
    assert.equal(registered[0].id, MCP_PROVIDER_ID);
    const [definition] = await registered[0].provider.provideMcpServerDefinitions(undefined);
    assert.ok(definition instanceof Definition);
    assert.equal(definition.command, '/opt/newsls');
    assert.deepEqual(definition.args, ['mcp', '--root', fixtureWorkspace]);
    assert.equal(definition.label, 'newsls');
    assert.equal(definition.version, 'newsls 0.1.0');
    let changes = 0;
    registered[0].provider.onDidChangeMcpServerDefinitions(() => (changes += 1));
    folders.fire({});
    configuration.fire({ affectsConfiguration: (s) => s === 'newsls.server' });
    configuration.fire({ affectsConfiguration: () => false });
    assert.equal(changes, 2, 'folders and the server path change the definitions; other settings do not');
  });

  it('offers no server when the binary cannot be found (the language client reports that)', async () => {
    const { api, registered } = host(true);
    registerMcpServers(api, async () => undefined);
    assert.deepEqual(await registered[0].provider.provideMcpServerDefinitions(undefined), []);
  });

  it('the definition, started as VS Code starts it, serves MCP with the four tools', async () => {
    const { api, registered } = host(true);
    registerMcpServers(api, async () => ({ command: serverBinary(), version: 'test' }));
    const [definition] = await registered[0].provider.provideMcpServerDefinitions(undefined);
    const child = spawn(definition.command, definition.args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout });
    type Response = { id?: number; result?: { tools?: Array<{ name: string }>; serverInfo?: { name: string } } };
    const responses = new Map<number, (value: Response) => void>();
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Response;
      if (typeof message.id === 'number') responses.get(message.id)?.(message);
    });
    const request = (id: number, method: string, params: unknown) =>
      new Promise<Response>((resolve, reject) => {
        responses.set(id, resolve);
        setTimeout(() => reject(new Error(`no answer to ${method}`)), 20_000).unref();
        child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
      });
    try {
      const init = await request(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'vscode-test', version: '1.0' },
      });
      assert.equal(init.result?.serverInfo?.name, 'newsls');
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
      const tools = await request(2, 'tools/list', {});
      assert.deepEqual(
        tools.result?.tools?.map((t) => t.name).sort(),
        ['check_text', 'dossier', 'find_mentions', 'lookup_entity'],
      );
    } finally {
      child.kill();
    }
  });
});
