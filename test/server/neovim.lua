-- Drives Neovim's built-in LSP client (the 0.7 API: vim.lsp.start_client + buf_attach_client)
-- against the glossary language server, as a user would, and writes what Neovim ended up with to
-- a JSON file. It asserts nothing itself: neovim.test.ts reads the facts and judges them, so a
-- failure there shows the whole picture.
--
-- Run as: nvim --headless --clean -n -i NONE -c 'luafile neovim.lua' with $GLOSSARY_NVIM_PARAMS
-- naming a JSON file: { server = argv, root, entry, out, waitMs, completion = {line, character, prefix},
-- hover = {line, character}, rename = {line, character, newName} } (0-based, UTF-16 positions).

local params = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('GLOSSARY_NVIM_PARAMS')), '\n'))
local facts = { steps = {} }

-- Written after every step, so that a run killed by the test's timeout still says how far it got.
local function save()
  vim.fn.writefile({ vim.fn.json_encode(facts) }, params.out)
end

local function step(name)
  table.insert(facts.steps, name)
  save()
end

-- Every wait is bounded; a wait that runs out is recorded rather than raised, so the later steps
-- still run and the test reports each missing answer on its own.
local function wait_for(what, condition)
  if not vim.wait(params.waitMs, condition, 20) then
    facts.timeouts = facts.timeouts or {}
    table.insert(facts.timeouts, what)
    save()
    return false
  end
  return true
end

local function request(bufnr, method, request_params)
  local answers, problem = vim.lsp.buf_request_sync(bufnr, method, request_params, params.waitMs)
  if not answers then return nil, tostring(problem) end
  for _, answer in pairs(answers) do
    if answer.err then return nil, answer.err.message end
    return answer.result, nil
  end
  return nil, 'no client answered ' .. method
end

local function position_params(bufnr, at)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = at.line, character = at.character } }
end

local function main()
  local rename_answer
  local client_id = vim.lsp.start_client({
    name = 'glossary',
    cmd = params.server,
    root_dir = params.root,
    handlers = {
      -- Neovim's own handler applies the edit; the wrapper only notes that the answer came and how applying it went.
      ['textDocument/rename'] = function(err, result, ctx, config)
        local applied, problem = pcall(vim.lsp.handlers['textDocument/rename'], err, result, ctx, config)
        rename_answer = {
          error = err and err.message or nil,
          empty = result == nil,
          applied = applied,
          problem = (not applied) and tostring(problem) or nil,
        }
      end,
    },
    on_exit = function(code, signal)
      facts.serverExit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    facts.error = 'vim.lsp.start_client refused the configuration'
    return
  end
  step('started')

  vim.cmd('edit ' .. vim.fn.fnameescape(params.entry))
  local bufnr = vim.api.nvim_get_current_buf()
  facts.filetype = vim.bo[bufnr].filetype
  vim.lsp.buf_attach_client(bufnr, client_id)
  step('attached')

  -- Diagnostics are pushed once the server has indexed the glossary.
  if wait_for('diagnostics', function() return #vim.diagnostic.get(bufnr) > 0 end) then
    facts.diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(facts.diagnostics, {
        code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        severity = d.severity, source = d.source, message = d.message,
      })
    end
  end
  step('diagnostics')

  local completion_params = position_params(bufnr, params.completion)
  completion_params.context = { triggerKind = 1 }
  local completion, completion_problem = request(bufnr, 'textDocument/completion', completion_params)
  facts.completion = { problem = completion_problem, labels = {}, words = {} }
  if completion then
    for _, item in ipairs(completion.items or completion) do table.insert(facts.completion.labels, item.label) end
    -- What Neovim's omnifunc would offer for the typed prefix: its filter and the text it inserts.
    for _, match in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(completion, params.completion.prefix)) do
      table.insert(facts.completion.words, match.word)
    end
  end
  step('completion')

  local hover, hover_problem = request(bufnr, 'textDocument/hover', position_params(bufnr, params.hover))
  facts.hover = { problem = hover_problem }
  if hover and hover.contents then
    -- The Markdown lines Neovim's hover window would show.
    facts.hover.lines = vim.lsp.util.convert_input_to_markdown_lines(hover.contents)
  end
  step('hover')

  -- The user's path: cursor on the slug, :lua vim.lsp.buf.rename('new-name') (prepareRename, then rename, then the edit applied).
  vim.api.nvim_win_set_cursor(0, { params.rename.line + 1, params.rename.character })
  vim.lsp.buf.rename(params.rename.newName)
  if wait_for('rename', function() return rename_answer ~= nil end) then
    facts.rename = rename_answer
    -- The edited entries sit in buffers, as Neovim leaves them; their text is recorded, then saved for the test to read.
    facts.rename.buffers = {}
    for _, buffer in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buffer) then
        table.insert(facts.rename.buffers, {
          name = vim.api.nvim_buf_get_name(buffer),
          modified = vim.bo[buffer].modified,
          text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n'),
        })
      end
    end
    vim.cmd('silent wall')
  end
  step('rename')

  vim.lsp.stop_client(client_id)
  wait_for('server exit', function() return facts.serverExit ~= nil end)
  step('stopped')
end

local ok, problem = xpcall(main, debug.traceback)
if not ok then facts.error = problem end
facts.finished = true
save()
vim.cmd('qall!')
