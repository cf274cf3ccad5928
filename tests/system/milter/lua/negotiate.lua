-- SPDX-License-Identifier: MIT
-- negotiate.lua: the protocol steps the milter negotiated with the MTA
-- (miltertest offers them all). -D ON and OFF: comma-separated step names
-- (nobody, noeoh, nounknown, norcpt, nr_conn, nr_helo, nr_mail, nr_rcpt,
-- nr_hdr) that must be, and must not be, negotiated.
dofile(LUADIR .. "/common.lua")

local steps = {
	nobody = SMFIP_NOBODY, noeoh = SMFIP_NOEOH, nounknown = SMFIP_NOUNKNOWN,
	norcpt = SMFIP_NORCPT, nr_conn = SMFIP_NR_CONN, nr_helo = SMFIP_NR_HELO,
	nr_mail = SMFIP_NR_MAIL, nr_rcpt = SMFIP_NR_RCPT, nr_hdr = SMFIP_NR_HDR,
}

local conn = open(IP, "client.example")
for name in string.gmatch(ON, "[^,]+") do
	if not mt.test_option(conn, steps[name]) then
		error(name .. " was not negotiated")
	end
end
for name in string.gmatch(OFF, "[^,]+") do
	if mt.test_option(conn, steps[name]) then
		error(name .. " was negotiated")
	end
end
mt.disconnect(conn)
