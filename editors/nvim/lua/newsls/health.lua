-- :checkhealth newsls — is the server there, which version, which root, which
-- clients, and what this Neovim does with files changed on disk.
--
-- Neovim 0.7–0.8 report through require('health').report_*, 0.9+ through
-- vim.health.start/ok/warn/error/info (report_* are gone in 0.11+).

local M = {}

local function reporter()
  local h = vim.health or {}
  if h.start then
    return h
  end
  local legacy = vim.health and vim.health.report_start and vim.health or require('health')
  local h = {}
  for _, name in ipairs({ 'start', 'ok', 'warn', 'error', 'info' }) do
    h[name] = legacy['report_' .. name]
  end
  return h
end

--- The command the plugin starts: setup()'s, else Neovim 0.11+'s
--- vim.lsp.config('newsls'), else the default.
local function server_cmd(newsls)
  if newsls.options and newsls.options.cmd then
    return newsls.options.cmd, 'setup()'
  end
  local ok, cfg = pcall(function()
    return vim.lsp.config and vim.lsp.config.newsls
  end)
  if ok and type(cfg) == 'table' and type(cfg.cmd) == 'table' then
    return cfg.cmd, "vim.lsp.config('newsls')"
  end
  return { 'newsls' }, 'the default'
end

local RELEASES = 'https://github.com/newsls/newsls/releases/latest/download/'

--- Where the release installers and `cargo install` put the server: a
--- Neovim started from a desktop launcher may not have it on PATH.
local function installed_but_not_on_path()
  local home = (vim.uv or vim.loop).os_homedir() or ''
  local env = vim.env
  local exe = vim.fn.has('win32') == 1 and 'newsls.exe' or 'newsls'
  local dirs = {}
  if env.XDG_BIN_HOME then
    table.insert(dirs, env.XDG_BIN_HOME)
  end
  if env.XDG_DATA_HOME then
    table.insert(dirs, env.XDG_DATA_HOME .. '/../bin')
  end
  table.insert(dirs, home .. '/.local/bin')
  table.insert(dirs, (env.CARGO_HOME or (home .. '/.cargo')) .. '/bin')
  for _, dir in ipairs(dirs) do
    local candidate = vim.fn.fnamemodify(dir .. '/' .. exe, ':p')
    if vim.fn.executable(candidate) == 1 then
      return candidate
    end
  end
  return nil
end

--- The advice when no server runs: the one already installed, else how to
--- get one, without Rust first.
local function how_to_get_the_server(exe)
  local advice = {}
  local found = exe == 'newsls' and installed_but_not_on_path()
  if found then
    table.insert(
      advice,
      string.format(
        "newsls is installed at %s, but its folder is not on Neovim's PATH: add it to PATH, or pass it: require('newsls').setup({ cmd = { %q } })",
        found,
        found
      )
    )
  end
  if vim.fn.has('win32') == 1 then
    table.insert(advice, string.format('Install the server (no Rust needed), in PowerShell: irm %snewsls-installer.ps1 | iex', RELEASES))
  else
    table.insert(advice, string.format("Install the server (no Rust needed): curl --proto '=https' --tlsv1.2 -LsSf %snewsls-installer.sh | sh", RELEASES))
  end
  table.insert(advice, 'or download the archive for your platform from https://github.com/newsls/newsls/releases')
  table.insert(advice, 'or, with Rust: cargo install newsls --locked')
  table.insert(advice, "or pass its path: require('newsls').setup({ cmd = { '/path/to/newsls' } })")
  return advice
end

--- How file changes on disk reach the server on this Neovim.
local function file_watching(h)
  local caps = vim.lsp.protocol.make_client_capabilities()
  local watched = caps.workspace and caps.workspace.didChangeWatchedFiles
  if watched and watched.dynamicRegistration then
    h.ok('Neovim watches files for the server (workspace/didChangeWatchedFiles): files changed on disk are re-read')
  else
    h.info(
      'this Neovim does not report files changed on disk to language servers '
        .. '(no workspace/didChangeWatchedFiles): the newsls server watches the workspace itself; '
        .. 'see :help newsls-file-changes'
    )
  end
end

function M.check()
  local h = reporter()
  local newsls = require('newsls')

  h.start('newsls: server')
  local cmd, from = server_cmd(newsls)
  local exe = type(cmd) == 'table' and cmd[1] or nil
  local path = exe and vim.fn.exepath(exe) or ''
  if path == '' then
    h.error(string.format('server command %q (from %s) is not executable', tostring(exe), from), how_to_get_the_server(exe))
  else
    h.ok(string.format('server command: %s (from %s)', path, from))
    local version = vim.fn.system({ path, '--version' })
    if vim.v.shell_error == 0 then
      h.ok('version: ' .. vim.trim(version))
    else
      h.error(string.format('`%s --version` failed (exit %d): %s', path, vim.v.shell_error, vim.trim(version)))
    end
  end

  h.start('newsls: workspace')
  -- :checkhealth runs in a buffer of its own: look at every news buffer.
  local roots, order = {}, {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and newsls.is_news_buffer(bufnr) then
      local root = newsls.find_root(vim.api.nvim_buf_get_name(bufnr))
      if not roots[root] then
        roots[root] = 0
        table.insert(order, root)
      end
      roots[root] = roots[root] + 1
    end
  end
  if #order == 0 then
    h.info('no *.news.md buffer is loaded; open one to see its workspace root')
  end
  local home = (vim.uv or vim.loop).os_homedir()
  for _, root in ipairs(order) do
    local line = string.format('workspace root %s (for %d *.news.md buffer(s))', root, roots[root])
    if root == '/' or (home and vim.fn.fnamemodify(root, ':p') == vim.fn.fnamemodify(home, ':p')) then
      h.warn(
        line .. ': no .git above the documents; the server indexes only the folder of the document',
        { 'Start Neovim inside the repository of your documents, or add a .git marker at its root' }
      )
    else
      h.ok(line)
    end
  end
  local opts = newsls.options or {}
  if opts.settings and opts.settings.newsls then
    h.info('settings sent to the server: ' .. vim.inspect(opts.settings.newsls, { newline = ' ', indent = '' }))
  else
    h.info('no settings given in setup(); the server reads .newsls.toml at the root, then its defaults')
  end
  file_watching(h)
  local diag_config = vim.diagnostic.config() or {}
  if diag_config.severity_sort then
    h.ok('vim.diagnostic severity_sort is on: errors are shown before hints on the same line')
  else
    h.info('recommended: vim.diagnostic.config({ severity_sort = true }), so that an error shows before a hint on the same line')
  end

  h.start('newsls: clients')
  local clients = newsls.all_clients()
  if #clients == 0 then
    h.info('no newsls client is running (it starts when a *.news.md file is opened)')
  end
  for _, client in ipairs(clients) do
    local bufs = {}
    for buf in pairs(client.attached_buffers or {}) do
      table.insert(bufs, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':~:.'))
    end
    table.sort(bufs)
    local stopped = client.is_stopped and client.is_stopped()
    local line = string.format(
      'client %d: root %s, %d buffer(s)%s, position encoding %s',
      client.id,
      tostring(client.config and client.config.root_dir),
      #bufs,
      #bufs > 0 and (' (' .. table.concat(bufs, ', ') .. ')') or '',
      tostring(client.offset_encoding)
    )
    if stopped then
      h.warn(line .. ' — stopped')
    else
      h.ok(line)
    end
  end
end

return M
