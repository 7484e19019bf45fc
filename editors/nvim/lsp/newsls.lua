-- Neovim >= 0.11 reads this file as the default configuration of the
-- "newsls" client (`:help lsp-config`). With this folder on the runtimepath,
-- or this file copied to the `lsp/` folder of your config,
--
--     vim.lsp.enable('newsls')
--
-- is enough; no setup() call is needed. Override fields with
-- vim.lsp.config('newsls', { cmd = { '/path/to/newsls' } }).
-- Self-contained on purpose, so it can be copied: only running a code
-- lens needs the plugin (require('newsls') fills the quickfix list).
--
-- Older Neovim versions ignore this file; use require('newsls').setup().
return {
  cmd = { 'newsls' },
  filetypes = { 'markdown' },
  -- Activate only for `*.news.md` file buffers; other Markdown files are
  -- left alone because `on_dir` is not called for them. The root is the
  -- nearest ancestor holding `.git`, else the current directory.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if vim.bo[bufnr].buftype == '' and name:match('%.news%.md$') and not name:match('^%a[%w+.-]*://') then
      on_dir(vim.fs.root(bufnr, { '.git' }) or vim.fn.getcwd())
    end
  end,
  commands = {
    ['newsls.showReferences'] = function(command, ctx)
      local ok, newsls = pcall(require, 'newsls')
      if ok then
        return newsls.show_references(command, ctx)
      end
      vim.notify('newsls: running a code lens needs the newsls plugin (editors/nvim)', vim.log.levels.WARN)
    end,
  },
}
