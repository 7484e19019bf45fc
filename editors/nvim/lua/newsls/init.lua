-- newsls: Neovim client for the newsls language server (annotated news
-- documents, `*.news.md`).
--
-- Works on Neovim 0.7.2 (vim.lsp.start_client + vim.lsp.buf_attach_client,
-- one client per workspace root) and on Neovim >= 0.8 (vim.lsp.start, which
-- reuses a client with the same name and root). On Neovim >= 0.11 the file
-- `lsp/newsls.lua` next to this folder also makes `vim.lsp.enable('newsls')`
-- work without calling setup(). See `:help newsls`.

local M = {}

local uv = vim.uv or vim.loop

local defaults = {
  -- Command that starts the server (speaks LSP over stdio).
  cmd = { 'newsls' },
  -- Files/folders whose presence marks the workspace root. The nearest
  -- ancestor of the buffer's file that holds one of them is the root;
  -- without one, the current directory is.
  root_markers = { '.git' },
  -- Passed through to the LSP client config when set.
  capabilities = nil,
  on_attach = nil,
  on_init = nil,
  on_exit = nil,
  handlers = nil,
  settings = nil,
  init_options = nil,
  cmd_env = nil,
  flags = nil,
}

-- The effective options (defaults merged with what setup() received).
M.options = nil

-- Neovim 0.7 only: root directory -> client id.
local clients_by_root = {}

local SUFFIX = '.news.md'

--- True when `name` (a file name or path) ends in `.news.md`.
function M.is_news_file(name)
  return type(name) == 'string' and #name > #SUFFIX and name:sub(-#SUFFIX) == SUFFIX
end

--- True when buffer `bufnr` is a real file buffer for a `*.news.md` file.
function M.is_news_buffer(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return false
  end
  if vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  -- Skip URI-like buffer names (fugitive://, oil://, ...): no file on disk.
  if name:match('^%a[%w+.-]*://') then
    return false
  end
  return M.is_news_file(name)
end

--- The workspace root for `path`: the nearest ancestor directory holding one
--- of `markers` (default `{ '.git' }`), else the current directory.
function M.find_root(path, markers)
  markers = markers or (M.options and M.options.root_markers) or defaults.root_markers
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.getcwd()
end

--- The clients of `list` named "newsls".
local function named_newsls(list)
  local result = {}
  for _, client in pairs(list) do
    if client.name == 'newsls' then
      table.insert(result, client)
    end
  end
  return result
end

--- Runs a newsls code lens ("3 mentions in 2 documents"): its command,
--- `newsls.showReferences`, carries the document URI, the entity key's
--- position and the locations of the entity's uses. Neovim would send the
--- command to the server, which runs none; instead the uses fill the
--- quickfix list, which opens. Registered as a client command (the
--- `commands` of the client configuration).
function M.show_references(command, ctx)
  local locations = (command.arguments or {})[3] or {}
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  local items = vim.lsp.util.locations_to_items(locations, client and client.offset_encoding or 'utf-16')
  vim.fn.setqflist({}, ' ', { title = 'newsls: ' .. (command.title or 'references'), items = items })
  if #items == 0 then
    vim.notify('newsls: no uses', vim.log.levels.INFO)
    return
  end
  vim.cmd('botright copen')
end

--- The client commands newsls's answers carry.
M.commands = {
  ['newsls.showReferences'] = function(command, ctx)
    M.show_references(command, ctx)
  end,
}

--- Clients named "newsls" attached to `bufnr` (all Neovim versions).
function M.buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'newsls' })
  end
  return named_newsls(vim.lsp.buf_get_clients(bufnr))
end

--- Every running client named "newsls" (all Neovim versions).
function M.all_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'newsls' })
  end
  return named_newsls(vim.lsp.get_active_clients())
end

--- The LSP client configuration for workspace `root` (a table suitable for
--- vim.lsp.start / vim.lsp.start_client).
function M.client_config(root, opts)
  opts = opts or M.options or defaults
  local config = {
    name = 'newsls',
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    commands = M.commands,
  }
  -- The options that go to the client as they are.
  for _, key in ipairs({
    'cmd', 'cmd_env', 'capabilities', 'on_attach', 'on_init', 'on_exit',
    'handlers', 'settings', 'init_options', 'flags',
  }) do
    config[key] = opts[key]
  end
  return config
end

local function notify_error(msg)
  vim.schedule(function()
    vim.notify('newsls: ' .. msg, vim.log.levels.ERROR)
  end)
end

--- Start (or reuse) the server for `bufnr` and attach it. Returns the client
--- id, or nil when the buffer is not a `*.news.md` file or the server could
--- not be started.
function M.attach(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if not M.is_news_buffer(bufnr) or not vim.api.nvim_buf_is_loaded(bufnr) then
    return nil
  end
  local opts = M.options or defaults
  local existing = M.buf_clients(bufnr)[1]
  if existing then
    return existing.id
  end

  local cmd = opts.cmd
  if type(cmd) == 'table' and vim.fn.executable(cmd[1]) ~= 1 then
    notify_error(string.format('server command %q is not executable (set opts.cmd)', tostring(cmd[1])))
    return nil
  end

  local root = M.find_root(vim.api.nvim_buf_get_name(bufnr), opts.root_markers)
  local config = M.client_config(root, opts)

  if vim.lsp.start then
    -- Neovim >= 0.8: reuses a running client with the same name and root.
    return vim.lsp.start(config, { bufnr = bufnr })
  end

  -- Neovim 0.7: one client per root, kept here.
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      notify_error('could not start ' .. table.concat(cmd, ' '))
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Sends `method` with `params` to `client` for `bufnr` (the method-call
--- form on Neovim >= 0.11, where the other is deprecated).
local function client_request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- Source buffer -> the scratch buffer showing its dossier.
local dossier_buffers = {}

--- Puts `markdown` into the dossier buffer of `source` (made when needed:
--- a scratch Markdown buffer, not a file, read-only) and shows it in a
--- window: the one already showing it, else a new split. Returns it.
function M.show_dossier(source, markdown)
  local buf = dossier_buffers[source]
  if not (buf and vim.api.nvim_buf_is_valid(buf)) then
    buf = vim.api.nvim_create_buf(false, true)
    dossier_buffers[source] = buf
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(source), ':t')
    pcall(vim.api.nvim_buf_set_name, buf, 'newsls://dossier/' .. name)
    vim.bo[buf].buftype = 'nofile'
    vim.bo[buf].bufhidden = 'hide'
    vim.bo[buf].swapfile = false
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(markdown, '\n', { plain = true, trimempty = true }))
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
  vim.bo[buf].filetype = 'markdown'
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    vim.cmd('botright vsplit')
    vim.api.nvim_win_set_buf(0, buf)
  else
    vim.api.nvim_set_current_win(win)
  end
  return buf
end

--- `:NewslsDossier [YYYY-MM-DD]`: the dossier of buffer `bufnr` (default:
--- the current one) as the server makes it for the buffer as edited
--- (`newsls/dossier`), on `date` (default: the document's date), in a
--- scratch Markdown buffer beside it.
function M.dossier(bufnr, date)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local client = M.buf_clients(bufnr)[1]
  if not client then
    vim.notify('newsls: no newsls server is attached to this buffer (open a *.news.md file)', vim.log.levels.WARN)
    return
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  if date and date ~= '' then
    params.date = date
  end
  client_request(client, 'newsls/dossier', params, function(err, result)
    if err then
      vim.notify('newsls: no dossier: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) ~= 'table' or type(result.markdown) ~= 'string' then
      vim.notify('newsls: the server does not know this document', vim.log.levels.WARN)
    else
      M.show_dossier(bufnr, result.markdown)
    end
  end, bufnr)
end

--- Configure the plugin and register the autocommands. Buffers already
--- loaded (e.g. when lazy-loaded) are attached immediately.
function M.setup(opts)
  opts = opts or {}
  M.options = vim.tbl_deep_extend('force', {}, defaults, opts)
  -- Lists replace, they do not merge element-wise.
  if opts.cmd then
    M.options.cmd = type(opts.cmd) == 'string' and { opts.cmd } or opts.cmd
  end
  if opts.root_markers then
    M.options.root_markers = opts.root_markers
  end

  local group = vim.api.nvim_create_augroup('newsls', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = '*' .. SUFFIX,
    desc = 'newsls: start/attach the language server',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Covers buffers whose filetype is set (again) after reading, e.g. :e!.
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'markdown',
    desc = 'newsls: start/attach the language server',
    callback = function(args)
      M.attach(args.buf)
    end,
  })

  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.is_news_buffer(bufnr) then
      M.attach(bufnr)
    end
  end
  return M
end

return M
