--- pyguide for Neovim: starts `pyguide server` for Python buffers and shows
--- its explanations in a floating window.
---
--- Neovim >= 0.11: `vim.lsp.enable('pyguide')` uses lsp/pyguide.lua, or call
--- `require('pyguide').setup{...}`, which does vim.lsp.config + vim.lsp.enable.
--- Neovim 0.8 - 0.10 (tested on 0.10): `require('pyguide').setup{...}` starts the
--- server with vim.lsp.start from a FileType autocmd.
local M = {}

local NAME = 'pyguide'
local has_011 = vim.fn.has('nvim-0.11') == 1

--- Options of setup(); every key optional.
M.defaults = {
  --- Command that starts the server.
  cmd = { 'pyguide', 'server' },
  filetypes = { 'python' },
  --- Files that mark the project root (the first match upwards wins).
  root_markers = { 'pyproject.toml', 'setup.py', '.git' },
  --- pyguide settings, e.g. { level = 'beginner', ignore = { 'PG8' } }.
  --- `{ pyguide = { ... } }` is accepted too.
  settings = {},
  --- initializationOptions; defaults to the pyguide settings.
  init_options = nil,
  on_attach = nil,
  capabilities = nil,
  --- Start the server for matching buffers automatically.
  autostart = true,
  --- 'auto': vim.lsp.config/vim.lsp.enable on 0.11+, a FileType autocmd with
  --- vim.lsp.start before. 'autocmd': always the autocmd.
  start_method = 'auto',
  --- Explanation window.
  float = { border = 'rounded', max_width = 100, max_height_ratio = 0.8 },
}

M.options = vim.deepcopy(M.defaults)

-- ---------------------------------------------------------------- helpers

local function notify(msg, level)
  vim.notify('pyguide: ' .. msg, level or vim.log.levels.INFO)
end

local function get_clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  return vim.lsp.get_active_clients(filter) -- 0.8 - 0.9
end

--- `client:request` on 0.11+, `client.request` before.
local function client_request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- The settings table the server reads: { level = ..., ... } (never empty tables:
--- Neovim encodes `{}` as a JSON array).
local function pyguide_settings(settings)
  settings = settings or {}
  if type(settings.pyguide) == 'table' then
    settings = settings.pyguide
  end
  if next(settings) == nil then
    return nil
  end
  return settings
end

--- Runs before `initialize` is sent:
--- - initializationOptions from the settings when init_options is unset, so the
---   first check of a file already uses them;
--- - no pull diagnostics: Neovim 0.11 cannot be asked to pull again
---   (workspace/diagnostic/refresh), so after a settings change or "Mark ... as
---   known" the old diagnostics would stay until the next edit. Without the
---   capability the server pushes, and re-publishes at once.
function M.before_init(params, config)
  if params.initializationOptions == nil or params.initializationOptions == vim.NIL then
    params.initializationOptions = pyguide_settings(config.settings)
  end
  if params.capabilities and params.capabilities.textDocument then
    params.capabilities.textDocument.diagnostic = nil
  end
end

--- Handler for the `pyguide.explain` command of the server's "Explain ..." code
--- actions: asks the server for the Markdown (show = false) and opens it in a float.
function M.explain_command(command, ctx)
  ctx = ctx or {}
  local arg = command.arguments and command.arguments[1]
  if type(arg) == 'string' then
    arg = { id = arg }
  elseif type(arg) == 'table' then
    arg = vim.deepcopy(arg)
  else
    return notify('explain: no concept given', vim.log.levels.WARN)
  end
  arg.show = false
  local client = ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  if not client or client.name ~= NAME then
    client = get_clients({ name = NAME, bufnr = ctx.bufnr })[1] or get_clients({ name = NAME })[1]
  end
  if not client then
    return notify('the server is not running', vim.log.levels.WARN)
  end
  M._explain_request(client, arg, ctx.bufnr or vim.api.nvim_get_current_buf())
end

function M._explain_request(client, arg, bufnr)
  local params = { command = 'pyguide.explain', arguments = { arg } }
  client_request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      return notify('explain failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if result == nil or result == vim.NIL or type(result.markdown) ~= 'string' then
      return notify('nothing to explain here')
    end
    M.open_float(result.markdown, result.title)
  end, bufnr)
end

--- `:PyguideExplain [id]`: explains a concept id / rule code, or what is at the cursor.
function M.explain(id)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = get_clients({ name = NAME, bufnr = bufnr })[1]
  if not client and id and id ~= '' then
    client = get_clients({ name = NAME })[1]
  end
  if not client then
    return notify('no pyguide server attached to this buffer', vim.log.levels.WARN)
  end
  local arg
  if id and id ~= '' then
    arg = { id = id, show = false }
  else
    local enc = client.offset_encoding or 'utf-16'
    local pos = vim.lsp.util.make_position_params(0, enc)
    arg = { uri = pos.textDocument.uri, position = pos.position, show = false }
  end
  M._explain_request(client, arg, bufnr)
end

--- Opens Markdown in a focused floating window; `q` or <Esc> closes it.
--- Returns the window and buffer.
function M.open_float(markdown, title)
  local fopts = M.options.float or {}
  local lines = vim.split(markdown, '\n', { plain = true })
  while #lines > 1 and lines[#lines] == '' do
    table.remove(lines)
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].filetype = 'markdown'

  local columns, rows = vim.o.columns, vim.o.lines
  local longest = 0
  for _, l in ipairs(lines) do
    longest = math.max(longest, vim.fn.strdisplaywidth(l))
  end
  local width = math.max(20, math.min(longest + 2, fopts.max_width or 100, columns - 4))
  local max_height = math.max(3, math.floor((rows - 2) * (fopts.max_height_ratio or 0.8)))
  local wrapped = 0
  for _, l in ipairs(lines) do
    wrapped = wrapped + math.max(1, math.ceil(vim.fn.strdisplaywidth(l) / width))
  end
  local height = math.max(1, math.min(wrapped, max_height))
  local config = {
    relative = 'editor',
    width = width,
    height = height,
    row = math.max(0, math.floor((rows - height) / 2) - 1),
    col = math.max(0, math.floor((columns - width) / 2)),
    style = 'minimal',
    border = fopts.border or 'rounded',
  }
  if vim.fn.has('nvim-0.9') == 1 and title then
    config.title = ' ' .. title .. ' '
    config.title_pos = 'center'
  end
  local win = vim.api.nvim_open_win(buf, true, config)
  vim.wo[win].wrap = true
  vim.wo[win].linebreak = true
  vim.wo[win].conceallevel = 2
  vim.wo[win].cursorline = false
  pcall(vim.treesitter.start, buf, 'markdown')
  for _, key in ipairs({ 'q', '<Esc>' }) do
    vim.keymap.set('n', key, function()
      if vim.api.nvim_win_is_valid(win) then
        vim.api.nvim_win_close(win, true)
      end
    end, { buffer = buf, nowait = true, silent = true, desc = 'Close the pyguide explanation' })
  end
  M._last_float = { win = win, buf = buf, title = title }
  return win, buf
end

-- ---------------------------------------------------------------- starting

local function find_root(bufnr, markers)
  if vim.fs.root then -- 0.10+
    return vim.fs.root(bufnr, markers)
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(name) })[1]
  return found and vim.fs.dirname(found) or nil
end

--- The client configuration (without root_dir) from the options.
function M.client_config(opts)
  opts = opts or M.options
  local config = {
    name = NAME,
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = {},
    init_options = opts.init_options,
    before_init = M.before_init,
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
    commands = {
      ['pyguide.explain'] = function(command, ctx)
        M.explain_command(command, ctx)
      end,
    },
  }
  local s = pyguide_settings(opts.settings)
  if s then
    config.settings = { pyguide = s }
  end
  return config
end

--- The configuration to start a client with: on 0.11 the resolved
--- vim.lsp.config.pyguide (lsp/pyguide.lua + vim.lsp.config calls), else ours.
local function resolved_config()
  if has_011 and M._method ~= 'autocmd' then
    local ok, cfg = pcall(function()
      return vim.lsp.config[NAME]
    end)
    if ok and cfg then
      return vim.deepcopy(cfg)
    end
  end
  return M.client_config()
end

--- Starts (or reuses) the server for a buffer.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local config = resolved_config()
  if type(config.cmd) == 'table' and vim.fn.executable(config.cmd[1]) == 0 then
    if not M._warned_missing then
      M._warned_missing = true
      notify(
        string.format('`%s` not found on PATH; install pyguide or set `cmd` in setup()', config.cmd[1]),
        vim.log.levels.WARN
      )
    end
    return
  end
  local markers = config.root_markers or M.options.root_markers
  config.root_markers = nil
  config.filetypes = nil
  config.root_dir = config.root_dir or find_root(bufnr, markers)
  if type(config.root_dir) ~= 'string' then
    config.root_dir = nil
  end
  -- Neovim 0.8+: starts a client, or reuses the one with the same name and root.
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- `:PyguideRestart`: stops the pyguide clients and starts them again for the
--- buffers they were attached to.
function M.restart()
  local clients = get_clients({ name = NAME })
  local buffers = {}
  for _, client in ipairs(clients) do
    for bufnr in pairs(client.attached_buffers or {}) do
      buffers[bufnr] = true
    end
    vim.lsp.stop_client(client.id)
  end
  if #clients == 0 then
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      local fts = resolved_config().filetypes or M.options.filetypes
      if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(fts, vim.bo[b].filetype) then
        buffers[b] = true
      end
    end
  end
  local ids = vim.tbl_map(function(c)
    return c.id
  end, clients)
  -- A stopping client is still found (and could be reused) until it has exited.
  vim.wait(5000, function()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) then
        return false
      end
    end
    return true
  end, 20)
  for bufnr in pairs(buffers) do
    if vim.api.nvim_buf_is_valid(bufnr) then
      M.start(bufnr)
    end
  end
  notify(string.format('restarted (%d buffer%s)', vim.tbl_count(buffers), vim.tbl_count(buffers) == 1 and '' or 's'))
end

--- Defines :PyguideExplain, :PyguideRestart and the client-side handler of the
--- `pyguide.explain` command (used by the "Explain ..." code actions). Called by
--- plugin/pyguide.lua and by setup(); safe to call more than once.
function M.register_commands()
  vim.api.nvim_create_user_command('PyguideExplain', function(args)
    M.explain(args.args)
  end, { nargs = '?', force = true, desc = 'pyguide: explain what is at the cursor (or a concept id / rule code)' })
  vim.api.nvim_create_user_command('PyguideRestart', function()
    M.restart()
  end, { nargs = 0, force = true, desc = 'pyguide: restart the language server' })
  -- Without this, the server would ask Neovim to open the card as a file
  -- (window/showDocument); with it, the card opens in a float.
  if vim.lsp and vim.lsp.commands then
    vim.lsp.commands['pyguide.explain'] = function(command, ctx)
      M.explain_command(command, ctx)
    end
  end
end

--- Configures and (unless autostart = false) enables the server.
function M.setup(opts)
  opts = opts or {}
  M.register_commands()
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts)
  -- Lists replace, not merge.
  for _, k in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts[k] then
      M.options[k] = opts[k]
    end
  end
  if type(M.options.cmd) == 'string' then
    M.options.cmd = { M.options.cmd, 'server' }
  end
  M._method = (has_011 and M.options.start_method ~= 'autocmd') and 'enable' or 'autocmd'

  if M._method == 'enable' then
    vim.lsp.config(NAME, M.client_config())
    if M.options.autostart then
      vim.lsp.enable(NAME)
    end
    return
  end

  local group = vim.api.nvim_create_augroup('pyguide', { clear = true })
  if not M.options.autostart then
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  -- Buffers opened before setup() ran (e.g. lazy loading on ft = python).
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.options.filetypes, vim.bo[b].filetype) then
      M.start(b)
    end
  end
end

return M
