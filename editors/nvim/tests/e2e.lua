-- End-to-end test of the newsls Neovim client against the real server.
-- Run through tests/run.sh, which sets these environment variables:
--   NEWSLS_BIN          server binary
--   NEWSLS_E2E_ROOT     temp copy of tests/workspace holding a .git marker
--   NEWSLS_E2E_PLUGIN   temp copy of the plugin (on the runtimepath already)
--   NEWSLS_E2E_MODE     "setup" (require('newsls').setup) or "enable"
--                       (lsp/newsls.lua + vim.lsp.enable, Neovim >= 0.11)
--   NEWSLS_E2E_ENCODING "" (Neovim's default capabilities) or "utf-16"
--                       (offer only utf-16 in general.positionEncodings)
-- Prints "ok   - name" / "FAIL - name: why" lines and a final
-- "RESULT <passed> <failed> <skipped>" line; exits with :cquit 1 on any failure.

local uv = vim.uv or vim.loop

local BIN = os.getenv('NEWSLS_BIN')
local ROOT = os.getenv('NEWSLS_E2E_ROOT')
local PLUGIN = os.getenv('NEWSLS_E2E_PLUGIN')
local MODE = os.getenv('NEWSLS_E2E_MODE') or 'setup'
local FORCE_ENC = os.getenv('NEWSLS_E2E_ENCODING') or ''

local TIMEOUT = 10000

-- Set by on_exit when the server process ends.
local server_exit

local passed, failed, skipped = 0, 0, 0
local function out(msg)
  io.stdout:write(msg .. '\n')
  io.stdout:flush()
end
local function err(msg)
  io.stderr:write(msg .. '\n')
  io.stderr:flush()
end

local function check(name, fn)
  local ok, e = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    out('ok   - ' .. name)
  else
    failed = failed + 1
    err('FAIL - ' .. name .. ': ' .. tostring(e))
  end
  return ok
end

local function fmt(v)
  return type(v) == 'string' and string.format('%q', v) or vim.inspect(v)
end
local function eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(string.format('%s: expected %s, got %s', what or 'value', fmt(expected), fmt(actual)), 2)
  end
end
local function truthy(v, what)
  if not v then
    error(what or 'assertion failed', 2)
  end
  return v
end

local function realpath(p)
  return uv.fs_realpath(p) or p
end

-- Byte index (0-based) of `needle` in `s`, plain search.
local function find(s, needle, init)
  local i = s:find(needle, init, true)
  truthy(i, string.format('%q not found in %q', needle, s))
  return i - 1
end

-- Code units of the first `byte_col` bytes of the UTF-8 string `s`,
-- counted independently of Neovim so the test checks Neovim's conversion.
local function units(s, byte_col, enc)
  if enc == 'utf-8' then
    return byte_col
  end
  local n, i = 0, 1
  while i <= byte_col do
    local b = s:byte(i)
    local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    n = n + ((enc == 'utf-16' and len == 4) and 2 or 1)
    i = i + len
  end
  return n
end

local function newsls_clients(bufnr)
  return require('newsls').buf_clients(bufnr)
end

local function all_newsls_clients()
  return require('newsls').all_clients()
end

local function wait_for(what, cond, ms, allow_exit)
  local ok = vim.wait(ms or TIMEOUT, function()
    return cond() or (server_exit ~= nil and not allow_exit)
  end, 50)
  if server_exit and not allow_exit then
    error(string.format('the server exited (code %s, signal %s) while waiting for %s', server_exit[1], server_exit[2], what), 2)
  end
  truthy(ok, 'timed out waiting for ' .. what)
end

-- Tests after a failed attach fail at once instead of timing out.
local client
local function need_client()
  if not client then
    error('no newsls client (see the failures above)', 2)
  end
  if server_exit then
    error(string.format('the server has exited (code %s, signal %s)', server_exit[1], server_exit[2]), 2)
  end
end

-- The response of the newsls client in a buf_request_sync result.
local function request(bufnr, method, params)
  local responses, e = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  truthy(responses, method .. ' failed: ' .. tostring(e))
  local client = newsls_clients(bufnr)[1]
  local r = truthy(responses[client.id], method .. ': no response from newsls')
  local rerr = r.err or r.error
  if rerr then
    error(method .. ' returned an error: ' .. vim.inspect(rerr), 2)
  end
  return r.result
end

local function hover_text(result)
  truthy(result and result.contents, 'hover returned no contents')
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, item in ipairs(c) do
    table.insert(parts, type(item) == 'string' and item or item.value)
  end
  return table.concat(parts, '\n')
end

local function place_cursor(line_nr, byte_col)
  vim.api.nvim_win_set_cursor(0, { line_nr + 1, byte_col })
end

local function position_params(client)
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

local function undefined_diags(bufnr)
  local res = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'undefined-entity' then
      table.insert(res, d)
    end
  end
  return res
end

-- ---------------------------------------------------------------------------

local brief = ROOT .. '/briefs/2026-01-23-talks.news.md'
local followup = ROOT .. '/briefs/2026-01-24-followup.news.md'
local registry = ROOT .. '/registry.news.md'
local notes = ROOT .. '/briefs/notes.md'

local function read_lines(path)
  local lines = {}
  for l in io.lines(path) do
    table.insert(lines, l)
  end
  return lines
end

local nvim_version = vim.version()
out(string.format('# Neovim %d.%d.%d, mode=%s, encoding=%s, cwd=%s', nvim_version.major, nvim_version.minor,
  nvim_version.patch, MODE, FORCE_ENC ~= '' and FORCE_ENC or 'default', vim.fn.getcwd()))

local capabilities
if FORCE_ENC ~= '' then
  capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.general = capabilities.general or {}
  capabilities.general.positionEncodings = { FORCE_ENC }
end
-- What the server must pick: utf-8 when the client offers it in
-- general.positionEncodings, else utf-16.
local offered = (capabilities or vim.lsp.protocol.make_client_capabilities()).general
local expected_enc = 'utf-16'
if offered and offered.positionEncodings and vim.tbl_contains(offered.positionEncodings, 'utf-8') then
  expected_enc = 'utf-8'
end

local brief_buf
local talk_line_nr = 10 -- 0-based line of the emoji line in the brief

local function on_exit(code, signal)
  server_exit = { code, signal }
end

local function run()
  check('plugin loads and registers the client (' .. MODE .. ')', function()
    truthy(vim.fn.executable(BIN) == 1, 'NEWSLS_BIN is not executable: ' .. tostring(BIN))
    truthy(realpath(vim.fn.getcwd()) ~= realpath(ROOT), 'cwd must differ from the workspace root')
    if MODE == 'enable' then
      truthy(vim.lsp.config and vim.lsp.enable, 'vim.lsp.enable needs Neovim >= 0.11')
      local cfg = { cmd = { BIN }, on_exit = on_exit }
      if capabilities then
        cfg.capabilities = capabilities
      end
      vim.lsp.config('newsls', cfg)
      vim.lsp.enable('newsls')
    else
      require('newsls').setup({ cmd = { BIN }, capabilities = capabilities, on_exit = on_exit })
    end
  end)

  check('plain markdown files are left alone', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(notes))
    eq('markdown', vim.bo.filetype, 'filetype of notes.md')
    vim.wait(300)
    eq(0, #newsls_clients(0), 'newsls clients on notes.md')
    eq(0, #all_newsls_clients(), 'running newsls clients')
  end)

  check('opening a brief attaches newsls at the .git root, filetype stays markdown', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(brief))
    brief_buf = vim.api.nvim_get_current_buf()
    eq('markdown', vim.bo.filetype, 'filetype of the brief')
    wait_for('newsls to attach', function()
      return #newsls_clients(brief_buf) == 1
    end)
    client = newsls_clients(brief_buf)[1]
    eq(realpath(ROOT), realpath(client.config.root_dir), 'root_dir')
    wait_for('the initialize handshake', function()
      return client.initialized or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil)
    end)
    eq(expected_enc, client.offset_encoding, 'negotiated position encoding')
  end)

  check('undefined-entity diagnostic on [@nobody], and only there', function()
    need_client()
    wait_for('diagnostics', function()
      return #undefined_diags(brief_buf) > 0
    end)
    vim.wait(200) -- let a possible second publish arrive
    local diags = undefined_diags(brief_buf)
    eq(1, #diags, 'number of undefined-entity diagnostics (' .. vim.inspect(diags) .. ')')
    local d = diags[1]
    eq('newsls', d.source, 'source')
    eq(vim.diagnostic.severity.ERROR, d.severity, 'severity')
    eq(talk_line_nr, d.lnum, 'line')
    local line = vim.api.nvim_buf_get_lines(brief_buf, d.lnum, d.lnum + 1, false)[1]
    local covered = line:sub(d.col + 1, d.end_col)
    truthy(covered:find('nobody', 1, true), 'diagnostic range covers ' .. fmt(covered) .. ', not @nobody')
    truthy(not covered:find('putin', 1, true), 'diagnostic range is too wide: ' .. fmt(covered))
  end)

  local line -- the emoji line
  check('hover on [@putin] after emoji (make_position_params)', function()
    need_client()
    line = vim.api.nvim_buf_get_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false)[1]
    local col = find(line, '[@putin]') + 3 -- on the "u" of putin
    place_cursor(talk_line_nr, col)
    local params = position_params(client)
    eq(talk_line_nr, params.position.line, 'position.line')
    eq(units(line, col, expected_enc), params.position.character, 'position.character in ' .. expected_enc)
    if expected_enc == 'utf-16' then
      truthy(params.position.character < col, 'utf-16 column should be smaller than the byte column')
    end
    local text = hover_text(request(brief_buf, 'textDocument/hover', params))
    truthy(text:find('Vladimir Putin', 1, true), 'hover lacks the name: ' .. fmt(text))
    truthy(text:find('President of Russia', 1, true), 'hover lacks the role: ' .. fmt(text))
  end)

  check('hover on [Steve Witkoff](@witkoff) shows the entity from registry.news.md', function()
    need_client()
    local col = find(line, '[Steve Witkoff]') + 3
    place_cursor(talk_line_nr, col)
    local text = hover_text(request(brief_buf, 'textDocument/hover', position_params(client)))
    truthy(text:find('Steve Witkoff', 1, true), 'hover lacks the name: ' .. fmt(text))
    truthy(text:find('US Special Envoy', 1, true), 'hover lacks the role: ' .. fmt(text))
  end)

  -- Where the witkoff key is in the registry (0-based line, byte column).
  local reg_lines = read_lines(registry)
  local key_line
  for i, l in ipairs(reg_lines) do
    if l:match('^%s+witkoff:') then
      key_line = i - 1
    end
  end
  local key_col = key_line and reg_lines[key_line + 1]:find('witkoff', 1, true) - 1

  check('definition of (@witkoff) is the witkoff key in the unopened registry.news.md', function()
    need_client()
    truthy(key_line, 'fixture: witkoff key not found in registry')
    local b = vim.fn.bufnr(registry)
    truthy(b == -1 or not vim.api.nvim_buf_is_loaded(b), 'registry.news.md must not be open yet')
    local col = find(line, '(@witkoff)') + 3
    place_cursor(talk_line_nr, col)
    local result = request(brief_buf, 'textDocument/definition', position_params(client))
    truthy(result, 'definition returned null')
    if result.uri or result.targetUri then
      result = { result }
    end
    eq(1, #result, 'number of locations (' .. vim.inspect(result) .. ')')
    local loc = result[1]
    local uri = loc.uri or loc.targetUri
    local range = loc.range or loc.targetSelectionRange
    eq(realpath(registry), realpath(vim.uri_to_fname(uri)), 'definition file')
    eq(key_line, range.start.line, 'start line')
    -- Plain ASCII line: byte column == utf-16 == utf-8 units.
    eq(key_col, range.start.character, 'start character')
    eq(key_line, range['end'].line, 'end line')
    eq(key_col + #'witkoff', range['end'].character, 'end character')
  end)

  check('vim.lsp.buf.definition() jumps to registry.news.md and reuses the client', function()
    need_client()
    vim.lsp.buf.definition()
    wait_for('the jump to registry.news.md', function()
      return realpath(vim.api.nvim_buf_get_name(0)) == realpath(registry)
    end)
    eq({ key_line + 1, key_col }, vim.api.nvim_win_get_cursor(0), 'cursor after the jump')
    eq('markdown', vim.bo.filetype, 'filetype of the registry')
    local reg_buf = vim.api.nvim_get_current_buf()
    wait_for('newsls to attach to the registry buffer', function()
      return #newsls_clients(reg_buf) == 1
    end)
    eq(client.id, newsls_clients(reg_buf)[1].id, 'client of the registry buffer')
    vim.cmd('edit ' .. vim.fn.fnameescape(followup))
    local f_buf = vim.api.nvim_get_current_buf()
    wait_for('newsls to attach to the follow-up brief', function()
      return #newsls_clients(f_buf) == 1
    end)
    eq(client.id, newsls_clients(f_buf)[1].id, 'client of the follow-up brief')
    eq(1, #all_newsls_clients(), 'running newsls clients')
    eq(0, #newsls_clients(vim.fn.bufnr(notes)), 'newsls clients on notes.md')
  end)

  check('a new, unsaved *.news.md buffer (BufNewFile) attaches and is analysed', function()
    need_client()
    local new_file = ROOT .. '/briefs/2026-01-25-draft.news.md'
    vim.cmd('edit ' .. vim.fn.fnameescape(new_file))
    local b = vim.api.nvim_get_current_buf()
    eq('markdown', vim.bo.filetype, 'filetype of the new file')
    wait_for('newsls to attach to the new buffer', function()
      return #newsls_clients(b) == 1
    end)
    eq(client.id, newsls_clients(b)[1].id, 'client of the new buffer')
    vim.api.nvim_buf_set_lines(b, 0, -1, false, { '---', 'title: "Draft"', '---', '😀 [@ghost3] and [@putin].' })
    wait_for('a diagnostic on [@ghost3]', function()
      local ds = undefined_diags(b)
      return #ds == 1 and ds[1].lnum == 3
    end)
    local d = undefined_diags(b)[1]
    local text = vim.api.nvim_buf_get_lines(b, 3, 4, false)[1]:sub(d.col + 1, d.end_col)
    truthy(text:find('ghost3', 1, true), 'diagnostic range covers ' .. fmt(text))
    eq(nil, uv.fs_stat(new_file), 'the new file must not have been written')
  end)

  check('incremental edits after emoji are tracked (diagnostics follow)', function()
    need_client()
    vim.cmd('buffer ' .. brief_buf)
    local s = find(line, '[@nobody]') + 2
    -- "[@nobody]" -> "[@putin]": the only undefined mention disappears.
    vim.api.nvim_buf_set_text(brief_buf, talk_line_nr, s, talk_line_nr, s + #'nobody', { 'putin' })
    wait_for('the undefined-entity diagnostic to go away', function()
      return #undefined_diags(brief_buf) == 0
    end)
    -- Append more emoji and a new undefined mention at the end of the line.
    local cur = vim.api.nvim_buf_get_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false)[1]
    vim.api.nvim_buf_set_text(brief_buf, talk_line_nr, #cur, talk_line_nr, #cur, { ' 🇫🇷👍 [@ghost].' })
    wait_for('a diagnostic on [@ghost]', function()
      return #undefined_diags(brief_buf) == 1
    end)
    local d = undefined_diags(brief_buf)[1]
    local now = vim.api.nvim_buf_get_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false)[1]
    eq(talk_line_nr, d.lnum, 'line')
    local covered = now:sub(d.col + 1, d.end_col)
    truthy(covered:find('ghost', 1, true), 'diagnostic range covers ' .. fmt(covered) .. ', not @ghost')
    -- A new line inserted above shifts everything down by one.
    vim.api.nvim_buf_set_lines(brief_buf, talk_line_nr, talk_line_nr, false, { '😀 New paragraph with [@ghost2].' })
    wait_for('diagnostics on both lines', function()
      local ds = undefined_diags(brief_buf)
      if #ds ~= 2 then
        return false
      end
      table.sort(ds, function(a, b)
        return a.lnum < b.lnum
      end)
      return ds[1].lnum == talk_line_nr and ds[2].lnum == talk_line_nr + 1
    end)
    -- Restore the original text: delete the inserted line, rewrite the other.
    vim.api.nvim_buf_set_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false, {})
    vim.api.nvim_buf_set_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false, { line })
    wait_for('the original diagnostic after restoring the text', function()
      local ds = undefined_diags(brief_buf)
      return #ds == 1 and ds[1].lnum == talk_line_nr
    end)
    eq(line, vim.api.nvim_buf_get_lines(brief_buf, talk_line_nr, talk_line_nr + 1, false)[1], 'line after restoring')
  end)

  -- Neovim 0.7 and 0.8 cannot watch files for a server: newsls watches
  -- the workspace itself. A writer adds the entity from a shell.
  check('a file written on disk clears an error within 2 s, and deleting it brings it back', function()
    need_client()
    local function nobody_errors()
      local n = 0
      for _, d in ipairs(undefined_diags(brief_buf)) do
        if d.message:find('@nobody', 1, true) then
          n = n + 1
        end
      end
      return n
    end
    wait_for('the @nobody error', function()
      return nobody_errors() > 0
    end)
    vim.fn.mkdir(ROOT .. '/people', 'p')
    local added = ROOT .. '/people/nobody.news.md'
    local f = assert(io.open(added, 'w'))
    f:write('---\ntitle: People\nentities:\n  nobody:\n    name: No Body\n    kind: person\n---\n')
    f:close()
    local started = uv.hrtime()
    wait_for('the @nobody error to clear (written on disk, not opened)', function()
      return nobody_errors() == 0
    end, 2000)
    out(string.format('# the error cleared %d ms after the file was written', (uv.hrtime() - started) / 1e6))
    os.remove(added)
    wait_for('the @nobody error back after deleting the file', function()
      return nobody_errors() > 0
    end, 2000)
  end)

  check('settings.newsls turns a code off without a restart (workspace/didChangeConfiguration)', function()
    need_client()
    wait_for('an undefined-entity error', function()
      return #undefined_diags(brief_buf) > 0
    end)
    -- Neovim 0.11 answers workspace/configuration from client.settings
    -- (the same table as client.config.settings until one is replaced).
    local function set_settings(settings)
      client.config.settings = settings
      if client.settings then
        client.settings = settings
      end
      client.notify('workspace/didChangeConfiguration', { settings = settings })
    end
    local before = vim.deepcopy(client.config.settings) or {}
    set_settings({ newsls = { diagnostics = { ['undefined-entity'] = 'off' } } })
    wait_for('the error to go away', function()
      return #undefined_diags(brief_buf) == 0
    end)
    set_settings(before)
    wait_for('the error back', function()
      return #undefined_diags(brief_buf) > 0
    end)
  end)

  check('running a code lens lists the entity\'s uses in the quickfix list', function()
    need_client()
    vim.cmd('buffer ' .. brief_buf)
    vim.fn.setqflist({}, 'r', { items = {} })
    local key_line = 4 -- 0-based: "  putin:"
    eq('  putin:', vim.api.nvim_buf_get_lines(brief_buf, key_line, key_line + 1, false)[1], 'the putin key')
    local function resolved()
      for _, lens in ipairs(vim.lsp.codelens.get(brief_buf) or {}) do
        if lens.range.start.line == key_line and lens.command and lens.command.command ~= '' then
          return lens
        end
      end
    end
    vim.lsp.codelens.refresh()
    wait_for('a resolved code lens on the putin key', function()
      return resolved() ~= nil
    end)
    eq('newsls.showReferences', resolved().command.command, 'lens command')
    place_cursor(key_line, 2)
    vim.lsp.codelens.run()
    wait_for('the quickfix list to fill', function()
      return #vim.fn.getqflist() > 0
    end)
    -- Every use, each on a line that has it: the mention in this brief,
    -- the one in the follow-up (not open) and any earlier tests added.
    local items = vim.fn.getqflist()
    eq(#resolved().command.arguments[3], #items, 'one quickfix item per use')
    local files = {}
    for _, item in ipairs(items) do
      local text = item.text ~= '' and item.text or vim.fn.getbufline(item.bufnr, item.lnum)[1]
      truthy(text and text:find('@putin', 1, true), 'no @putin on ' .. vim.inspect(item))
      files[vim.fn.fnamemodify(vim.api.nvim_buf_get_name(item.bufnr), ':t')] = true
    end
    truthy(files['2026-01-23-talks.news.md'] and files['2026-01-24-followup.news.md'], 'files: ' .. vim.inspect(files))
    truthy(vim.fn.getqflist({ title = 0 }).title:find('mention', 1, true), 'quickfix title')
    eq('quickfix', vim.bo.buftype, 'the quickfix window is open and current')
    vim.cmd('cclose')
    vim.cmd('buffer ' .. brief_buf)
  end)

  check(':NewslsDossier shows the dossier of the buffer as edited in a scratch Markdown buffer', function()
    need_client()
    vim.cmd('buffer ' .. brief_buf)
    local brief_win = vim.api.nvim_get_current_win()
    eq('date: 2026-01-23', vim.api.nvim_buf_get_lines(brief_buf, 2, 3, false)[1], 'the date line')
    -- Unsaved: a new date.
    vim.api.nvim_buf_set_lines(brief_buf, 2, 3, false, { 'date: 2026-01-25' })
    local function dossier_text()
      local b = vim.api.nvim_get_current_buf()
      if b == brief_buf then
        return nil
      end
      return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
    end
    vim.cmd('NewslsDossier')
    wait_for('the dossier buffer', function()
      local text = dossier_text()
      return text and text:find('on 2026-01-25', 1, true)
    end)
    local dossier_buf = vim.api.nvim_get_current_buf()
    local text = dossier_text()
    truthy(text:find('# Dossier: Brief', 1, true), 'title: ' .. fmt(text))
    truthy(text:find('on 2026-01-25 (the document\'s date)', 1, true), 'the edited date: ' .. fmt(text))
    local people = truthy(text:find('## People', 1, true), 'people: ' .. fmt(text))
    local undefined = truthy(text:find('## Not defined', 1, true), 'undefined: ' .. fmt(text))
    truthy(people < undefined, 'people come first')
    truthy(text:find('- On 2026-01-25: US Special Envoy', 1, true), 'Witkoff\'s role: ' .. fmt(text))
    truthy(text:find('### nobody (`@nobody`)', 1, true), '@nobody: ' .. fmt(text))
    eq('markdown', vim.bo[dossier_buf].filetype, 'filetype')
    eq('nofile', vim.bo[dossier_buf].buftype, 'buftype')
    eq(false, vim.bo[dossier_buf].modifiable, 'modifiable')
    truthy(vim.api.nvim_get_current_win() ~= brief_win, 'in a window of its own')
    eq(0, #newsls_clients(dossier_buf), 'newsls clients on the dossier buffer')
    -- Again, from the brief, on a date asked for: the same buffer, updated.
    vim.api.nvim_set_current_win(brief_win)
    vim.cmd('NewslsDossier 2020-01-01')
    wait_for('the dossier on 2020-01-01', function()
      local t = dossier_text()
      return t and t:find('on 2020-01-01 (the date asked for)', 1, true)
    end)
    eq(dossier_buf, vim.api.nvim_get_current_buf(), 'the same dossier buffer')
    eq(2, #vim.api.nvim_tabpage_list_wins(0), 'no second split')
    vim.cmd('close')
    vim.api.nvim_buf_set_lines(brief_buf, 2, 3, false, { 'date: 2026-01-23' })
    eq(brief_buf, vim.api.nvim_get_current_buf(), 'back in the brief')
  end)

  check(':checkhealth newsls reports the binary, its version, the root and the client', function()
    need_client()
    vim.cmd('buffer ' .. brief_buf)
    vim.cmd('checkhealth newsls')
    local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    vim.cmd('bwipeout!')
    for _, want in ipairs({
      'newsls: server',
      'server command: ' .. vim.fn.exepath(BIN),
      'version: newsls ',
      'workspace root ' .. ROOT,
      string.format('client %d: root %s', client.id, ROOT),
      '2026-01-23-talks.news.md',
    }) do
      truthy(report:find(want, 1, true), 'checkhealth lacks ' .. fmt(want) .. ':\n' .. report)
    end
    truthy(not report:find('ERROR', 1, true), 'checkhealth reports an error:\n' .. report)
  end)

  check(':checkhealth newsls says how to get the server when none is found', function()
    local newsls = require('newsls')
    local saved_options = newsls.options
    local saved = { PATH = vim.env.PATH, HOME = vim.env.HOME, CARGO_HOME = vim.env.CARGO_HOME, XDG_BIN_HOME = vim.env.XDG_BIN_HOME, XDG_DATA_HOME = vim.env.XDG_DATA_HOME }
    local home = vim.fn.tempname()
    vim.fn.mkdir(home, 'p')
    local function report()
      vim.cmd('checkhealth newsls')
      local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
      vim.cmd('bwipeout!')
      return text
    end
    local ok, e = pcall(function()
      -- A user who has not installed it: nothing on PATH, nothing where the installers put it.
      newsls.options = vim.tbl_extend('force', saved_options or {}, { cmd = { 'newsls' } })
      vim.env.PATH, vim.env.HOME, vim.env.CARGO_HOME, vim.env.XDG_BIN_HOME, vim.env.XDG_DATA_HOME = home, home, nil, nil, nil
      local text = report()
      for _, want in ipairs({ 'ERROR', 'server command "newsls"', 'newsls-installer.sh | sh', 'releases', 'cargo install newsls --locked', "setup({ cmd = {" }) do
        truthy(text:find(want, 1, true), 'checkhealth lacks ' .. fmt(want) .. ':\n' .. text)
      end
      -- Installed by the installer into ~/.local/bin, which a Neovim started from a launcher may not have on PATH.
      vim.fn.mkdir(home .. '/.local/bin', 'p')
      local installed = home .. '/.local/bin/newsls'
      truthy(uv.fs_symlink(BIN, installed), 'symlink ' .. installed)
      text = report()
      local want = 'newsls is installed at ' .. installed .. ", but its folder is not on Neovim's PATH"
      truthy(text:find(want, 1, true), 'checkhealth lacks ' .. fmt(want) .. ':\n' .. text)
    end)
    newsls.options = saved_options
    for k, v in pairs(saved) do
      vim.env[k] = v
    end
    vim.fn.delete(home, 'rf')
    if not ok then
      error(e, 0)
    end
  end)

  check(':helptags and :help newsls work on doc/newsls.txt', function()
    local doc = PLUGIN .. '/doc'
    vim.cmd('helptags ' .. vim.fn.fnameescape(doc))
    local tags = table.concat(read_lines(doc .. '/tags'), '\n')
    for _, tag in ipairs({ 'newsls', 'newsls.txt', 'newsls.setup()', 'newsls-lspconfig' }) do
      truthy(tags:find('\n' .. vim.pesc(tag) .. '\t') or tags:find('^' .. vim.pesc(tag) .. '\t'), 'missing tag ' .. tag)
    end
    vim.cmd('help newsls')
    truthy(vim.api.nvim_buf_get_name(0):match('newsls%.txt$'), 'help buffer is ' .. vim.api.nvim_buf_get_name(0))
    truthy(vim.api.nvim_get_current_line():find('*newsls*', 1, true), 'cursor is not on *newsls*')
    vim.cmd('help newsls.setup()')
    truthy(vim.api.nvim_get_current_line():find('*newsls.setup()*', 1, true), 'cursor is not on *newsls.setup()*')
    vim.cmd('helpclose')
  end)

  -- Helix (and a markdown-mode Eglot setup) send every Markdown file of
  -- the workspace to newsls, which must leave the ones not named
  -- *.news.md alone.
  local plain_name = 'the server ignores a plain .md file sent to it'
  local function plain_md()
    need_client()
    local notes_buf = vim.fn.bufnr(notes)
    truthy(vim.lsp.buf_attach_client(notes_buf, client.id), 'could not attach to notes.md')
    -- Ask something, so the didOpen has surely been processed.
    vim.cmd('buffer ' .. notes_buf)
    local l = vim.api.nvim_buf_get_lines(notes_buf, 0, -1, false)
    for i, text in ipairs(l) do
      local c = text:find('[@nobody]', 1, true)
      if c then
        place_cursor(i - 1, c + 2)
      end
    end
    request(notes_buf, 'textDocument/hover', position_params(client))
    vim.wait(500)
    local diags = vim.diagnostic.get(notes_buf)
    eq(0, #diags, 'diagnostics on notes.md (' .. vim.inspect(diags) .. ')')
  end
  check(plain_name, plain_md)

  check('the server shuts down cleanly', function()
    need_client()
    local id = client.id
    vim.lsp.stop_client(id)
    wait_for('the server to exit', function()
      return vim.lsp.get_client_by_id(id) == nil
    end, 5000, true)
    eq({ 0, 0 }, server_exit, 'exit code and signal of the server')
  end)
end

-- Runs after the server was stopped: a wrong command must not raise.
local function bad_command()
  check('a missing server command is reported, not raised', function()
    local messages = {}
    local orig = vim.notify
    vim.notify = function(msg, level)
      table.insert(messages, { msg = msg, level = level })
    end
    local ok, e2 = pcall(function()
      if MODE == 'enable' then
        vim.lsp.config('newsls', { cmd = { '/nonexistent/newsls' } })
      else
        require('newsls').setup({ cmd = { '/nonexistent/newsls' } })
      end
      vim.cmd('edit ' .. vim.fn.fnameescape(ROOT .. '/briefs/2026-01-26-other.news.md'))
      vim.wait(300)
    end)
    vim.notify = orig
    truthy(ok, 'raised: ' .. tostring(e2))
    eq(0, #newsls_clients(0), 'clients with a missing command')
    if MODE ~= 'enable' then
      truthy(#messages > 0 and messages[1].msg:find('not executable', 1, true),
        'no error notification: ' .. vim.inspect(messages))
    end
  end)
end

local ok, e = xpcall(function()
  run()
  bad_command()
end, debug.traceback)
if not ok then
  failed = failed + 1
  err('FAIL - test harness error: ' .. tostring(e))
end
out(string.format('RESULT %d %d %d', passed, failed, skipped))
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
