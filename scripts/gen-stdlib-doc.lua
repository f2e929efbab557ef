-- gen-stdlib-doc.lua — write the Markdown reference of the rule authors' stdlib (docs/stdlib.md) from the
-- LuaDoc comments of stdlib/shinsa/*.lua.
--
-- Usage: lua5.4 scripts/gen-stdlib-doc.lua [-o FILE] [STDLIB_DIR]
--   STDLIB_DIR  the folder holding the modules (default: stdlib/shinsa next to this script's folder)
--   -o FILE     write to FILE instead of standard output
--
-- What is read. A module's header is the `---` comment block at the top of the file, with `@module NAME` and
-- `@usage`. A public function is `function M.name(…)` (or `M.name = function(…)`) preceded directly by a
-- comment block whose first line starts with `---`. In a block, lines before the first tag are the
-- description; `@param NAME TYPE text`, `@return TYPE text` and `@usage code` follow, and lines after a tag
-- that carry no tag continue it. Functions without such a block (local helpers) are not documented.
-- The output depends only on the files' contents and names (sorted), so it can be diffed in a test.

local function die(msg)
  io.stderr:write("gen-stdlib-doc: ", msg, "\n")
  os.exit(2)
end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then die("読み込めません (cannot read): " .. tostring(err)) end
  local s = f:read("a")
  f:close()
  return s
end

local function script_dir()
  local p = arg and arg[0] or ""
  local d = p:match("^(.*)/[^/]*$")
  return d or "."
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function list_modules(dir)
  local p = io.popen("ls -1 " .. shell_quote(dir) .. " 2>/dev/null")
  if not p then die("一覧を取得できません (cannot list): " .. dir) end
  local names = {}
  for name in p:lines() do
    if name:match("^[%w_%-]+%.lua$") then names[#names + 1] = name end
  end
  p:close()
  table.sort(names)
  if #names == 0 then die("モジュールがありません (no module found in): " .. dir) end
  return names
end

-- A comment line's text without its `--`/`---` and one following space; nil for a line that is not a comment.
local function comment_text(line)
  local body = line:match("^%s*%-%-%-?(.*)$")
  if not body then return nil end
  if body:sub(1, 1) == " " then body = body:sub(2) end
  return body
end

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Parse a comment block (list of comment texts) into {desc = {lines}, params = {}, returns = {}, usage = {}}.
local function parse_block(texts)
  local doc = { desc = {}, params = {}, returns = {}, usage = {}, module = nil }
  local current -- the tag entry being continued: {kind = , text = } or "usage"
  for _, t in ipairs(texts) do
    local tag, rest = t:match("^%s*@(%a+)%s*(.*)$")
    if tag == "param" then
      local name, body = rest:match("^(%S+)%s*(.*)$")
      current = { name = name or rest, text = body or "" }
      doc.params[#doc.params + 1] = current
    elseif tag == "return" then
      current = { text = rest }
      doc.returns[#doc.returns + 1] = current
    elseif tag == "usage" then
      current = "usage"
      if rest ~= "" then doc.usage[#doc.usage + 1] = rest end
    elseif tag == "module" then
      doc.module = trim(rest)
      current = nil
    elseif tag then
      current = nil -- an unknown tag is dropped with its continuation
    elseif current == "usage" then
      doc.usage[#doc.usage + 1] = t
    elseif current then
      local more = trim(t)
      if more ~= "" then current.text = current.text .. " " .. more end
    else
      doc.desc[#doc.desc + 1] = t
    end
  end
  -- drop trailing blank lines of the description and the usage
  for _, key in ipairs({ "desc", "usage" }) do
    local l = doc[key]
    while #l > 0 and trim(l[#l]) == "" do l[#l] = nil end
    while #l > 0 and trim(l[1]) == "" do table.remove(l, 1) end
  end
  return doc
end

-- Parse one module file: {name, header = doc, functions = {{name, args, doc}}} in file order.
local function parse_module(src, fallback_name)
  local lines = {}
  for line in (src .. (src:sub(-1) == "\n" and "" or "\n")):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = (line:gsub("\r$", ""))
  end
  local mod = { name = fallback_name, header = nil, functions = {} }

  -- header: the comment block on the first lines, opened by `---`
  if lines[1] and lines[1]:match("^%-%-%-") then
    local texts, i = {}, 1
    while lines[i] and comment_text(lines[i]) do
      texts[#texts + 1] = comment_text(lines[i])
      i = i + 1
    end
    mod.header = parse_block(texts)
    if mod.header.module and mod.header.module ~= "" then mod.name = mod.header.module end
  end

  for i, line in ipairs(lines) do
    local fname, args = line:match("^function%s+[%a_][%w_]*[.:]([%a_][%w_]*)%s*(%b())")
    if not fname then
      fname, args = line:match("^[%a_][%w_]*%.([%a_][%w_]*)%s*=%s*function%s*(%b())")
    end
    if fname then
      -- the comment block directly above
      local j = i - 1
      while j >= 1 and comment_text(lines[j]) do j = j - 1 end
      local first = j + 1
      if first < i and lines[first]:match("^%s*%-%-%-") and not (mod.header and first == 1) then
        local texts = {}
        for k = first, i - 1 do texts[#texts + 1] = comment_text(lines[k]) end
        mod.functions[#mod.functions + 1] = { name = fname, args = args, doc = parse_block(texts) }
      end
    end
  end
  return mod
end

-- Known Lua types (and combinations with |) are shown as code; anything else is shown as written.
local known_types = {
  string = true, table = true, integer = true, number = true, boolean = true, ["nil"] = true,
  ["function"] = true, any = true, userdata = true,
}

local function split_type(text)
  local first, rest = text:match("^([%w_|]+),?%s*(.*)$")
  if not first then return nil, text end
  for part in first:gmatch("[^|]+") do
    if not known_types[part] then return nil, text end
  end
  return first, rest
end

local function paragraphs(lines)
  -- comment lines → Markdown: blank comment lines separate paragraphs, other lines are kept as written
  local out = {}
  for _, l in ipairs(lines) do out[#out + 1] = l end
  return table.concat(out, "\n")
end

local function short_name(modname)
  return modname:match("([%w_]+)$") or modname
end

local function anchor(s)
  -- GitHub-style anchor: lower case, punctuation dropped, spaces to dashes
  return (s:lower():gsub("[^%w%- _]", ""):gsub(" ", "-"))
end

local function render(mods)
  local out = {}
  local function w(s) out[#out + 1] = s or "" end
  w("# shinsa stdlib reference (Lua modules for rule authors)")
  w("")
  w("<!-- Generated by scripts/gen-stdlib-doc.lua from stdlib/shinsa/*.lua: do not edit by hand. -->")
  w("<!-- Regenerate: lua5.4 scripts/gen-stdlib-doc.lua -o docs/stdlib.md (ctest: stdlib/doc-fresh) -->")
  w("")
  w("Rules load these modules with `require`, for instance `local text = require \"shinsa.text\"`. Offsets are")
  w("0-based code points with an exclusive end, the convention of `ctx:report{match = …}`.")
  w("`shinsa.core` is the C module underneath (regex, normalization, code-point cuts); the modules below wrap")
  w("it. The rule-authoring tutorial is [writing-rules.md](writing-rules.md).")
  w("")
  for _, m in ipairs(mods) do
    local fns = {}
    for _, f in ipairs(m.functions) do fns[#fns + 1] = "[`" .. f.name .. "`](#" .. anchor(short_name(m.name)
      .. f.name) .. ")" end
    w("- [`" .. m.name .. "`](#" .. anchor(m.name) .. "): " .. table.concat(fns, ", "))
  end
  for _, m in ipairs(mods) do
    w("")
    w("## " .. m.name)
    w("")
    w("Source: `stdlib/shinsa/" .. m.file .. "`")
    if m.header then
      if #m.header.desc > 0 then
        w("")
        w(paragraphs(m.header.desc))
      end
      if #m.header.usage > 0 then
        w("")
        w("```lua")
        w(table.concat(m.header.usage, "\n"))
        w("```")
      end
    end
    local short = short_name(m.name)
    for _, f in ipairs(m.functions) do
      local d = f.doc
      w("")
      -- the heading text gives the anchor used in the index: "<short><name>" once punctuation is dropped
      w("### " .. short .. "." .. f.name)
      w("")
      w("```lua")
      w(short .. "." .. f.name .. f.args)
      w("```")
      if #d.desc > 0 then
        w("")
        w(paragraphs(d.desc))
      end
      if #d.params > 0 then
        w("")
        w("**Parameters**")
        w("")
        for _, p in ipairs(d.params) do
          local ty, rest = split_type(p.text)
          local line = "- `" .. p.name .. "`"
          if ty then line = line .. " (" .. ty .. ")" end
          if rest ~= "" then line = line .. ": " .. rest end
          w(line)
        end
      end
      if #d.returns > 0 then
        w("")
        w("**Returns**")
        w("")
        for _, r in ipairs(d.returns) do
          local ty, rest = split_type(r.text)
          if ty then
            w("- " .. ty .. (rest ~= "" and ": " .. rest or ""))
          else
            w("- " .. rest)
          end
        end
      end
      if #d.usage > 0 then
        w("")
        w("**Usage**")
        w("")
        w("```lua")
        w(table.concat(d.usage, "\n"))
        w("```")
      end
    end
  end
  w("")
  return table.concat(out, "\n")
end

local function main()
  local out_path, dir
  local i = 1
  while arg[i] do
    local a = arg[i]
    if a == "-o" then
      out_path = arg[i + 1] or die("-o には値が必要です (-o needs a file)")
      i = i + 2
    elseif a == "-h" or a == "--help" then
      io.write("usage: lua5.4 scripts/gen-stdlib-doc.lua [-o FILE] [STDLIB_DIR]\n")
      return
    elseif a:sub(1, 1) == "-" then
      die("不明なオプション (unknown option): " .. a)
    else
      dir = a
      i = i + 1
    end
  end
  dir = dir or (script_dir() .. "/../stdlib/shinsa")

  local mods = {}
  for _, name in ipairs(list_modules(dir)) do
    local m = parse_module(read_file(dir .. "/" .. name), "shinsa." .. name:gsub("%.lua$", ""))
    m.file = name
    mods[#mods + 1] = m
  end
  table.sort(mods, function(a, b) return a.name < b.name end)
  local md = render(mods)

  if out_path then
    local f, err = io.open(out_path, "wb")
    if not f then die("書き込めません (cannot write): " .. tostring(err)) end
    f:write(md)
    f:close()
  else
    io.write(md)
  end
end

main()
