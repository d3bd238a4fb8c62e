-- Headless Neovim test of the pyguide plugin against the real `pyguide server`.
-- Run by editors/neovim/test.sh; prints one `PASS name` / `FAIL name: why` line per check.
-- Env:
--   PYGUIDE_TEST_MODE  'enable'       lsp/pyguide.lua + vim.lsp.enable, no setup() call
--                      'setup-enable' require('pyguide').setup{settings = ...} (0.11: vim.lsp.config + enable)
--                      'setup'        setup{start_method = 'autocmd', settings = ...} after the file
--                                     is open: the FileType + vim.lsp.start path Neovim 0.10 takes
--   PYGUIDE_TEST_FILE  the sample file (see test.sh)
--   PYGUIDE_ARTIFACTS  directory for text captures of the floats
local uv = vim.uv or vim.loop
local t0 = uv.hrtime()
local mode = vim.env.PYGUIDE_TEST_MODE or 'enable'
local file = assert(vim.env.PYGUIDE_TEST_FILE, 'PYGUIDE_TEST_FILE not set')
local artifacts = vim.env.PYGUIDE_ARTIFACTS

local passed, failed = 0, 0
local function ms()
  return math.floor((uv.hrtime() - t0) / 1e6)
end
local function log(fmt, ...)
  io.stdout:write(string.format('[%5dms] ' .. fmt, ms(), ...) .. '\n')
end
local function check(name, ok, why)
  name = mode .. ': ' .. name
  if ok then
    passed = passed + 1
    io.stdout:write('PASS ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. name .. ': ' .. tostring(why or '') .. '\n')
  end
  return ok
end
local function save(name, text)
  if not artifacts then
    return
  end
  vim.fn.mkdir(artifacts, 'p')
  local f = io.open(artifacts .. '/' .. mode .. '-' .. name .. '.txt', 'w')
  if f then
    f:write(text)
    f:close()
  end
end

-- Record what the plugin / Neovim / the server tell the user.
local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = tostring(msg), level = level or vim.log.levels.INFO })
  log('notify[%s]: %s', tostring(level), tostring(msg))
end

local function floats()
  local out = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      table.insert(out, w)
    end
  end
  return out
end
local function close_floats()
  for _, w in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
end
local function win_text(w)
  local b = vim.api.nvim_win_get_buf(w)
  return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n'), b
end
--- Waits for a float whose text contains `needle`; returns win, text, buf.
local function wait_float(needle, timeout)
  local found, text, buf
  vim.wait(timeout or 10000, function()
    for _, w in ipairs(floats()) do
      local t, b = win_text(w)
      if t:find(needle, 1, true) then
        found, text, buf = w, t, b
        return true
      end
    end
    return false
  end, 20)
  return found, text, buf
end
local function strip(s)
  return (s:gsub('%s+$', ''))
end

local function pyguide_client(bufnr)
  return vim.lsp.get_clients({ name = 'pyguide', bufnr = bufnr })[1]
end
local function line_of(bufnr, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(pattern) then
      return i, l
    end
  end
end
local function diag_codes(bufnr)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'pyguide' and d.code then
      codes[d.code] = d
    end
  end
  return codes
end
local function explain_sync(bufnr, arg)
  local res = vim.lsp.buf_request_sync(
    bufnr,
    'workspace/executeCommand',
    { command = 'pyguide.explain', arguments = { arg } },
    10000
  ) or {}
  for _, r in pairs(res) do
    if r.result and r.result ~= vim.NIL then
      return r.result
    end
  end
end

local function run()
  local v = vim.version()
  log('nvim %d.%d.%d, mode %s, file %s', v.major, v.minor, v.patch, mode, file)
  local settings = { severity = { PG101 = 'error' }, ignore = { 'PG401' } }
  if mode == 'enable' then
    vim.lsp.enable('pyguide')
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
  elseif mode == 'setup-enable' then
    require('pyguide').setup({ settings = settings })
    check('setup() enabled the config with vim.lsp.enable', vim.lsp.is_enabled('pyguide'), 'not enabled')
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
  else
    -- The file is open before setup() runs, as with lazy loading on ft = python.
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    require('pyguide').setup({ start_method = 'autocmd', settings = settings })
  end
  local buf = vim.api.nvim_get_current_buf()
  check('filetype detected as python', vim.bo[buf].filetype == 'python', vim.bo[buf].filetype)

  -- 1. The client starts and initializes.
  local client
  local up = vim.wait(15000, function()
    client = pyguide_client(buf)
    for _, n in ipairs(notes) do
      if n.msg:find('quit with exit code', 1, true) then
        return true -- the server died: fail now, not after the timeout
      end
    end
    return client ~= nil and client.initialized == true
  end, 20)
  up = up and client ~= nil and client.initialized == true
  if not check('client attached and initialized', up, 'no initialized pyguide client') then
    return
  end
  log('client %d, root %s, encoding %s', client.id, tostring(client.config.root_dir), client.offset_encoding)
  local project = vim.fs.dirname(vim.fn.fnamemodify(file, ':p'))
  check('root_dir from pyproject.toml', client.config.root_dir == project, client.config.root_dir)
  if vim.fn.has('nvim-0.11') == 1 then -- 0.10 offers only UTF-16
    check('UTF-8 position encoding negotiated', client.offset_encoding == 'utf-8', client.offset_encoding)
  end

  check('diagnostics are pushed (the plugin withholds the pull capability)',
    client.server_capabilities.diagnosticProvider == nil, vim.inspect(client.server_capabilities.diagnosticProvider))

  -- 2. Diagnostics.
  local got = vim.wait(15000, function()
    return diag_codes(buf).PG101 ~= nil and diag_codes(buf).PG601 ~= nil
  end, 20)
  local codes = diag_codes(buf)
  local listing = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(listing, string.format('%d:%d %s [%s] sev=%d %s', d.lnum + 1, d.col + 1, tostring(d.code), tostring(d.source), d.severity, d.message))
  end
  save('diagnostics', table.concat(listing, '\n') .. '\n')
  log('diagnostics:\n    %s', table.concat(listing, '\n    '))
  check('diagnostics PG101 (bare except) and PG601 published', got, table.concat(listing, '; '))
  local seen, dups = {}, {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local key = d.lnum .. ':' .. tostring(d.code)
    if seen[key] then
      table.insert(dups, key)
    end
    seen[key] = true
  end
  check('each diagnostic shown once (push and pull not doubled)', #dups == 0, table.concat(dups, ', '))
  local except_line = line_of(buf, '^%s*except:')
  check('PG101 is on the `except:` line', codes.PG101 and codes.PG101.lnum + 1 == except_line,
    codes.PG101 and (codes.PG101.lnum + 1) .. ' vs ' .. tostring(except_line))
  if mode == 'enable' then
    check('PG401 (mutable default) published', codes.PG401 ~= nil, 'missing')
    check('PG101 is a warning by default', codes.PG101 and codes.PG101.severity == vim.diagnostic.severity.WARN,
      codes.PG101 and codes.PG101.severity)
  else
    -- settings from setup{}: ignore PG401, PG101 as error
    vim.wait(3000, function()
      local c = diag_codes(buf)
      return c.PG401 == nil and c.PG101 and c.PG101.severity == vim.diagnostic.severity.ERROR
    end, 20)
    codes = diag_codes(buf)
    check('setting ignore = {PG401} applied', codes.PG401 == nil, 'PG401 still reported')
    check('setting severity PG101 = error applied',
      codes.PG101 and codes.PG101.severity == vim.diagnostic.severity.ERROR, codes.PG101 and codes.PG101.severity)
  end

  -- 3. Hover (vim.lsp.buf.hover, the float a user sees).
  local deco_line, deco = line_of(buf, '^@functools%.lru_cache')
  local col = deco:find('lru_cache', 1, true) - 1
  vim.api.nvim_win_set_cursor(0, { deco_line, col + 2 })
  vim.lsp.buf.hover()
  local w, text = wait_float('### functools.lru_cache')
  save('hover-lru_cache', text or '(no float)')
  check('hover on lru_cache shows "### functools.lru_cache"', w ~= nil,
    'floats: ' .. vim.inspect(vim.tbl_map(function(x) return (win_text(x)) end, floats())))
  if w then
    log('hover float: %s', (text:sub(1, 200):gsub('\n', ' | ')))
  end
  close_floats()
  vim.api.nvim_win_set_cursor(0, { deco_line, 0 })
  vim.lsp.buf.hover()
  w, text = wait_float('### Decorators')
  save('hover-decorator', text or '(no float)')
  check('hover on `@` shows "### Decorators"', w ~= nil, 'no such float')
  close_floats()

  -- 4. :PyguideExplain at the cursor (the bare except).
  vim.api.nvim_win_set_cursor(0, { except_line, 4 })
  local pos = { line = except_line - 1, character = 4 }
  local uri = vim.uri_from_bufnr(buf)
  local direct = explain_sync(buf, { uri = uri, position = pos, show = false })
  check('executeCommand pyguide.explain {uri, position, show=false} returns the PG101 card',
    direct and type(direct.markdown) == 'string' and direct.markdown:find('PG101', 1, true) ~= nil
      and (direct.path == nil or direct.path == vim.NIL),
    vim.inspect(direct and { id = direct.id, title = direct.title, path = direct.path }))
  vim.cmd('PyguideExplain')
  local ew, etext, ebuf = wait_float(direct and direct.title or 'PG101')
  save('explain-command', etext or '(no float)')
  check(':PyguideExplain opens a float with the card title', ew ~= nil, 'no float')
  if ew then
    check('explain float has filetype markdown', vim.bo[ebuf].filetype == 'markdown', vim.bo[ebuf].filetype)
    check('explain float holds the card Markdown', direct and strip(etext) == strip(direct.markdown),
      'float text differs from the server Markdown')
    check('explain float is focused', vim.api.nvim_get_current_win() == ew, 'not focused')
    vim.api.nvim_feedkeys('q', 'x', false)
    check('q closes the explain float', not vim.api.nvim_win_is_valid(ew), 'still open')
    log('explain float (%d lines): %s', #vim.split(etext, '\n'), (etext:sub(1, 160):gsub('\n', ' | ')))
  end
  close_floats()

  -- 5. The "Explain ..." code action runs the command through vim.lsp.commands -> float.
  vim.api.nvim_set_current_win(vim.fn.bufwinid(buf))
  vim.api.nvim_win_set_cursor(0, { except_line, 4 })
  local seen_titles = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      table.insert(seen_titles, a.title)
      return a.title:match('^Explain .*%(PG101%)$') ~= nil
    end,
  })
  local by_id = explain_sync(buf, { id = 'PG101', show = false })
  local aw, atext = wait_float(by_id and by_id.title or 'PG101')
  save('explain-code-action', atext or '(no float)')
  log('code actions on the except line: %s', table.concat(seen_titles, ' | '))
  check('"Explain ... (PG101)" code action opens the card in a float', aw ~= nil and by_id
    and strip(atext) == strip(by_id.markdown), 'actions: ' .. table.concat(seen_titles, ' | '))
  local shown = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b):find('pyguide%-cards') then
      table.insert(shown, vim.api.nvim_buf_get_name(b))
    end
  end
  check('no window/showDocument buffer was opened', #shown == 0, table.concat(shown, ', '))
  close_floats()

  -- 6. Apply the PG101 quick fix.
  vim.api.nvim_set_current_win(vim.fn.bufwinid(buf))
  vim.api.nvim_win_set_cursor(0, { except_line, 4 })
  local fix_titles = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      table.insert(fix_titles, a.title)
      return a.title:find('Catch `Exception` instead (PG101)', 1, true) ~= nil
    end,
  })
  local fixed = vim.wait(10000, function()
    return vim.api.nvim_buf_get_lines(buf, except_line - 1, except_line, false)[1] == '    except Exception:'
  end, 20)
  local now = vim.api.nvim_buf_get_lines(buf, except_line - 1, except_line, false)[1]
  check('quick fix rewrites the line to `except Exception:`', fixed,
    string.format('line is %q; actions: %s', now, table.concat(fix_titles, ' | ')))
  local gone = vim.wait(10000, function()
    return diag_codes(buf).PG101 == nil
  end, 20)
  check('PG101 diagnostic disappears after the fix', gone, 'still there')
  local st = vim.lsp.buf_request_sync(buf, 'pyguide/documentState', { uri = uri }, 5000) or {}
  local _, r = next(st)
  local state = r and r.result
  local buftext = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  check('server text equals the buffer after the edit (pyguide/documentState)',
    state and state.text == buftext and state.treeMatchesFreshParse == true,
    vim.inspect(state and { version = state.version, fresh = state.treeMatchesFreshParse, same = state.text == buftext }))

  -- 7. :PyguideExplain with an id, without a position.
  vim.cmd('PyguideExplain PG601')
  local iw = wait_float('PG601')
  check(':PyguideExplain PG601 opens that card', iw ~= nil, 'no float')
  close_floats()

  -- 8. :PyguideRestart: a new client comes up and publishes again.
  vim.api.nvim_set_current_win(vim.fn.bufwinid(buf))
  local old_id = client.id
  vim.cmd('PyguideRestart')
  local newc
  local restarted = vim.wait(15000, function()
    newc = pyguide_client(buf)
    return newc ~= nil and newc.id ~= old_id and newc.initialized == true
  end, 20)
  check(':PyguideRestart starts a new client', restarted, 'old ' .. old_id .. ', now ' .. tostring(newc and newc.id))
  check('old client is gone', vim.lsp.get_client_by_id(old_id) == nil, 'still there')
  local again = vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'PG601' and d.source == 'pyguide' then
        return true
      end
    end
  end, 20)
  check('diagnostics published again after restart', again, 'none')

  -- 9. Settings changed at run time (README recipe): PG601 goes away.
  if mode == 'enable' and newc then
    newc.settings = { pyguide = { ignore = { 'PG601' } } }
    newc:notify('workspace/didChangeConfiguration', { settings = newc.settings })
    local off = vim.wait(10000, function()
      return diag_codes(buf).PG601 == nil
    end, 20)
    check('didChangeConfiguration with settings.pyguide.ignore = {PG601} removes PG601', off, 'still there')
  end

  -- 10. Nothing complained along the way.
  local bad = {}
  for _, n in ipairs(notes) do
    if n.level >= vim.log.levels.WARN then
      table.insert(bad, n.msg)
    end
  end
  check('no warnings or errors were shown', #bad == 0, table.concat(bad, ' || '))
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check('test script ran without a Lua error', false, err)
end
for _, c in ipairs(vim.lsp.get_clients()) do
  vim.lsp.stop_client(c.id)
end
vim.wait(3000, function()
  return #vim.lsp.get_clients() == 0
end, 20)
log('%s: %d passed, %d failed', mode, passed, failed)
vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
