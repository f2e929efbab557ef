-- luacheck configuration for stdlib/ and rules/ (run by ctest as lua/luacheck).
std = "lua54"
max_line_length = 120
-- Rule files run in the sandbox, where `rule{…}` is the host's metadata validator.
files["rules"] = { read_globals = { "rule" } }
files["examples"] = { read_globals = { "rule" } }
files["tests/fixtures"] = { read_globals = { "rule" }, ignore = { "" } }
