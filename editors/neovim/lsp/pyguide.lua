-- pyguide language server for Neovim >= 0.11:
--
--   vim.lsp.enable('pyguide')
--
-- Settings (all optional; see the README) go under `settings.pyguide`:
--
--   vim.lsp.config('pyguide', {
--     settings = { pyguide = { level = 'beginner', ignore = { 'PG8' } } },
--   })
--
-- They are sent as initializationOptions (unless init_options is set) and
-- answered to the server's workspace/configuration requests.
---@type vim.lsp.Config
return {
  cmd = { 'pyguide', 'server' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.py', '.git' },
  settings = {},
  before_init = function(params, config)
    if params.initializationOptions == nil or params.initializationOptions == vim.NIL then
      local s = config.settings and config.settings.pyguide
      -- never send `{}`: Neovim encodes an empty table as a JSON array
      if type(s) == 'table' and next(s) ~= nil then
        params.initializationOptions = s
      end
    end
    -- Let the server push diagnostics: Neovim 0.11 has no workspace/diagnostic/refresh,
    -- so pulled diagnostics would not follow a settings change until the next edit.
    if params.capabilities and params.capabilities.textDocument then
      params.capabilities.textDocument.diagnostic = nil
    end
  end,
  commands = {
    -- "Explain ..." code actions: show the card in a float instead of a new buffer.
    ['pyguide.explain'] = function(command, ctx)
      require('pyguide').explain_command(command, ctx)
    end,
  },
}
