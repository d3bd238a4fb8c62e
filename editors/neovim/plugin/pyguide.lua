-- pyguide: :PyguideExplain, :PyguideRestart and the client-side `pyguide.explain`
-- command handler. The server itself is started by vim.lsp.enable('pyguide')
-- (Neovim 0.11+, config in lsp/pyguide.lua) or by require('pyguide').setup{...}.
if vim.g.loaded_pyguide or vim.fn.has('nvim-0.8') == 0 then
  return
end
vim.g.loaded_pyguide = true
require('pyguide').register_commands()
