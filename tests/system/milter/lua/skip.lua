-- SPDX-License-Identifier: MIT
-- skip.lua: clients that get no check and no header: MODE "internal" (an
-- InternalHosts address; its headers are trusted and kept), "auth" (an
-- authenticated submission) or "unspec" (no address, as from a unix
-- socket); for the last two a forged header with our id is still deleted.
-- -D: IP, MODE.
dofile(LUADIR .. "/common.lua")

local conn = open(MODE == "unspec" and "unspec" or IP, "client.example")
if MODE == "auth" then
	step(mt.macro(conn, SMFIC_MAIL, "i", "SKIP1", "{auth_authen}", "alice"), "macro")
end
mailfrom(conn, "<alice@client.example>")
rcptto(conn, "<user@milter.test>")
header(conn, "Authentication-Results", AUTHSERV .. "; iprev=pass")
eom(conn)
expect_no_ar(conn)
local deleted = mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results")
if MODE == "internal" and deleted then
	error("a trusted internal host's header was deleted")
elseif MODE ~= "internal" and not deleted then
	error("forged header kept for mode " .. MODE)
end
mt.disconnect(conn)
