-- SPDX-License-Identifier: MIT
-- policy.lua: the reply to RCPT TO from IP under the running Policy: WANT
-- is "reject" or "tempfail" (a reply code set by the milter, SMFIR_REPLYCODE)
-- or "continue" (then the message is annotated as usual).
-- -D: IP, HELO, WANT, optional AUTH (an {auth_authen} value).
dofile(LUADIR .. "/common.lua")

local conn = open(IP, HELO)
step(mt.macro(conn, SMFIC_MAIL, "i", "POLICY1"), "macro")
if AUTH ~= nil then
	step(mt.macro(conn, SMFIC_MAIL, "i", "POLICY1", "{auth_authen}", AUTH), "macro")
end
mailfrom(conn, "<sender@client.example>")
if WANT == "continue" then
	rcptto(conn, "<user@milter.test>")
	eom(conn)
else
	step(mt.rcptto(conn, "<user@milter.test>"), "rcptto")
	expect(conn, SMFIR_REPLYCODE, "rcptto")
	-- every further recipient gets the same answer
	step(mt.rcptto(conn, "<postmaster@milter.test>"), "rcptto 2")
	expect(conn, SMFIR_REPLYCODE, "rcptto 2")
	step(mt.abort(conn), "abort")
end
mt.disconnect(conn)
