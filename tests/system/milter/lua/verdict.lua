-- SPDX-License-Identifier: MIT
-- verdict.lua: one message from IP with HELO: the Authentication-Results
-- added must be exactly AR (and X-FCrDNS exactly DIAG when given); forged
-- copies carrying our authserv-id are deleted, others stay.
-- -D: IP, HELO, AR, optional DIAG.
dofile(LUADIR .. "/common.lua")

local conn = open(IP, HELO)
envelope(conn, "VERDICT1")
header(conn, "From", "<sender@client.example>")
header(conn, "Authentication-Results", AUTHSERV .. "; iprev=pass (forged 1)")
header(conn, "Authentication-Results", "other.example; iprev=pass (not ours)")
header(conn, "Authentication-Results",
	"\r\n\t(forged, folded (nested)) \"" .. string.upper(AUTHSERV) .. "\" 1; none")
header(conn, "Authentication-Results", "(unclosed " .. AUTHSERV .. "; none")
eom(conn)
expect_ar(conn, AR)
if mt.getheader(conn, "Authentication-Results", 0) ~= AR then
	error("getheader differs from " .. AR)
end
if not mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results") then
	error("forged Authentication-Results not deleted")
end
if DIAG ~= nil then
	if not mt.eom_check(conn, MT_HDRINSERT, "X-FCrDNS", DIAG) then
		error("X-FCrDNS is " .. tostring(mt.getheader(conn, "X-FCrDNS", 0)))
	end
elseif mt.eom_check(conn, MT_HDRINSERT, "X-FCrDNS") then
	error("X-FCrDNS added although off")
end
mt.disconnect(conn)
