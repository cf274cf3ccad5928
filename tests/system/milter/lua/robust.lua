-- SPDX-License-Identifier: MIT
-- robust.lua: odd and hostile input must not crash or confuse the milter:
-- an overlong and an empty HELO, two HELOs, no macros at all, empty and
-- huge header values, a message aborted midway, two messages on one
-- connection, and clients that vanish mid-session. -D: IP, AR.
dofile(LUADIR .. "/common.lua")

-- A 1000-byte HELO (miltertest itself cannot send more): still annotated.
local conn = open(IP, string.rep("h", 1000))
mailfrom(conn, "<a@b>")
rcptto(conn, "<c@d>")
header(conn, "Authentication-Results", "")
header(conn, "Authentication-Results", string.rep("(", 900))
header(conn, "X-Long", string.rep("x", 1000))
header(conn, "authentication-results", "\"unclosed quoted-string")
eom(conn)
expect_ar(conn, AR)
mt.disconnect(conn)

-- Empty HELO, then a second HELO; aborted message, then a full one.
conn = open(IP, "")
step(mt.helo(conn, "second.example"), "helo 2")
expect(conn, SMFIR_CONTINUE, "helo 2", SMFIP_NR_HELO)
mailfrom(conn, "<a@b>")
step(mt.abort(conn), "abort")
envelope(conn, "ROBUST2")
eom(conn)
expect_ar(conn, AR)
envelope(conn, "ROBUST3") -- a second message on the same connection
eom(conn)
expect_ar(conn, AR)
mt.disconnect(conn)

-- Vanishing clients: after connect, after MAIL, in the headers.
conn = open(IP, nil)
mt.disconnect(conn, false)
conn = open(IP, "client.example")
mailfrom(conn, "<a@b>")
mt.disconnect(conn, false)
conn = open(IP, "client.example")
envelope(conn, "ROBUST4")
header(conn, "Subject", "going away")
mt.disconnect(conn, false)

-- And the milter still answers.
conn = open(IP, "client.example")
envelope(conn, "ROBUST5")
eom(conn)
expect_ar(conn, AR)
mt.disconnect(conn)
