-- SPDX-License-Identifier: MIT
-- idna.lua: our authserv-id is internationalised (issue 11): forged
-- Authentication-Results naming it as U-labels or as its A-label are
-- both deleted, another name stays, and ours is added with the A-label.
-- -D: IP, HELO, AR, ULABEL, ALABEL.
dofile(LUADIR .. "/common.lua")

local conn = open(IP, HELO)
envelope(conn, "IDNA1")
header(conn, "Authentication-Results", ULABEL .. "; iprev=pass (forged U-label)")
header(conn, "Authentication-Results", string.upper(ALABEL) .. "; iprev=pass (forged A-label)")
header(conn, "Authentication-Results", "other.example; iprev=pass (not ours)")
eom(conn)
expect_ar(conn, AR)
if not mt.eom_check(conn, MT_HDRCHANGE, "Authentication-Results") then
	error("forged Authentication-Results not deleted")
end
mt.disconnect(conn)
