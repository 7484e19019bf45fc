-- The newsls commands, whichever way the client is started (setup() or
-- vim.lsp.enable('newsls')). The plugin itself loads on first use.
if vim.g.loaded_newsls then
  return
end
vim.g.loaded_newsls = true

vim.api.nvim_create_user_command('NewslsDossier', function(args)
  require('newsls').dossier(0, args.args)
end, {
  nargs = '?',
  desc = 'newsls: the dossier of this document (optionally on a YYYY-MM-DD date) in a scratch buffer',
})
