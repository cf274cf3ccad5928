-- SPDX-License-Identifier: MIT
-- common.lua: helpers shared by the milter scripts: step checks that name
-- the failing step, and opening a connection as a given client.
-- Globals from miltertest -D: SOCKET, AUTHSERV, and per script IP, HELO...

function step(err, what)
	if err ~= nil then
		error(what .. " failed: " .. tostring(err))
	end
end

-- Check the reply to a step, unless the milter told the MTA not to wait
-- for one (nr: an SMFIP_NR_* bit it negotiated).
function expect(conn, want, what, nr)
	if nr ~= nil and mt.test_option(conn, nr) then
		return
	end
	local got = mt.getreply(conn)
	if got ~= want then
		error(string.format("%s: reply %q, want %q", what,
			string.char(got), string.char(want)))
	end
end

-- Connect as a client from ip ("unspec" for no address) and send HELO
-- (skipped when helo is nil).
function open(ip, helo)
	local conn = mt.connect(SOCKET, 50, 0.1)
	if conn == nil then
		error("cannot connect to " .. SOCKET)
	end
	step(mt.conninfo(conn, "client.example", ip), "conninfo")
	expect(conn, SMFIR_CONTINUE, "connect", SMFIP_NR_CONN)
	if helo ~= nil then
		step(mt.helo(conn, helo), "helo")
		expect(conn, SMFIR_CONTINUE, "helo", SMFIP_NR_HELO)
	end
	return conn
end

-- MAIL FROM, answered "continue" (or not answered at all when negotiated).
function mailfrom(conn, from)
	step(mt.mailfrom(conn, from), "mailfrom")
	expect(conn, SMFIR_CONTINUE, "mailfrom", SMFIP_NR_MAIL)
end

-- RCPT TO, answered "continue"; skipped when the milter asked for no RCPT
-- (a policy that cannot refuse one).
function rcptto(conn, to)
	if mt.test_option(conn, SMFIP_NORCPT) then
		return
	end
	step(mt.rcptto(conn, to), "rcptto")
	expect(conn, SMFIR_CONTINUE, "rcptto", SMFIP_NR_RCPT)
end

-- MAIL FROM (with the queue id macro) and one RCPT TO, both accepted.
function envelope(conn, qid)
	step(mt.macro(conn, SMFIC_MAIL, "i", qid), "macro i")
	mailfrom(conn, "<sender@client.example>")
	rcptto(conn, "<user@milter.test>")
end

function header(conn, name, value)
	step(mt.header(conn, name, value), "header " .. name)
	expect(conn, SMFIR_CONTINUE, "header " .. name, SMFIP_NR_HDR)
end

function eom(conn)
	if not mt.test_option(conn, SMFIP_NOEOH) then
		step(mt.eoh(conn), "eoh")
		expect(conn, SMFIR_CONTINUE, "eoh", SMFIP_NR_EOH)
	end
	step(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "eom")
end

-- Assert that our header was inserted on top with exactly value.
function expect_ar(conn, value)
	if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results", value, 0) then
		local got = mt.getheader(conn, "Authentication-Results", 0)
		error(string.format("no Authentication-Results %q at index 0 (got %q)",
			value, tostring(got)))
	end
end

function expect_no_ar(conn)
	if mt.eom_check(conn, MT_HDRINSERT) or mt.eom_check(conn, MT_HDRADD) then
		error("a header was added: " ..
			tostring(mt.getheader(conn, "Authentication-Results", 0)))
	end
end
