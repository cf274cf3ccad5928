# SPDX-License-Identifier: MIT
# smtpd.py: owns the audit tests' SMTP responder: asyncio servers on several
# loopback addresses of ONE port, one behaviour per address (a healthy
# server, the misbehaviours real servers won't show on demand), a log of
# every command each address receives, and a clean start and stop.
# Also runnable: python3 smtpd.py [--port N] ADDR=BEHAVIOUR:NAME ...
import asyncio
import errno
import signal
import socket
import sys
import threading
from dataclasses import dataclass, field

LINE_LIMIT = 4096        # longest command line read; longer closes
HOLD_SECONDS = 30        # a silent behaviour never holds a connection longer
LONG_LINE_OCTETS = 2000  # the long greeting line, CRLF included
CONTROL_TAIL = b" ESMTP \x1b[31mred\x1b[0m \x07\x00\x08 \rend\xff"
# The hostile server's greeting and EHLO reply: markup that would run or
# close elements and attributes in an HTML report, controls, invalid UTF-8.
HOSTILE_GREETING = (b'220-</title><script>alert(1)</script>\xff\xfe ESMTP "onmouseover=alert(2)'
                    b' x=\x1b[31m\x07\x00\r\n'
                    b"220 <img src=x onerror=alert(3)> '\x7f\x85 end\r\n")
HOSTILE_EHLO = (b'250-"onmouseover=alert(4)</title>\xc3( Hello\r\n'
                b"250 <script>alert(5)</script>\r\n")


def greeting_bytes(behaviour, name):
    """The exact bytes a behaviour greets with (None: it never greets)."""
    n = name.encode()
    return {
        "normal": b"220 " + n + b" ESMTP fcrdns-test\r\n",
        "multiline": (b"220-" + n + b" ESMTP first line\r\n220-second line\r\n"
                      b"220 third line\r\n"),
        "noname": b"220\r\n",
        "busy": b"421 " + n + b" Service not available, closing transmission channel\r\n",
        "reject": b"554 " + n + b" No SMTP service here\r\n",
        "tarpit": None,
        "control": b"220 " + n + CONTROL_TAIL + b"\r\n",
        "long": (b"220 " + n + b" ").ljust(LONG_LINE_OCTETS - 2, b"x") + b"\r\n",
        "mute": b"220 " + n + b" ESMTP fcrdns-test\r\n",
        "closed": None,
        "blackhole": None,
        "hostile": HOSTILE_GREETING,
    }[behaviour]


def ehlo_reply(behaviour, name):
    """The exact bytes of a behaviour's reply to EHLO."""
    if behaviour == "hostile":
        return HOSTILE_EHLO
    texts = ehlo_lines(behaviour, name)
    out = [f"250-{t}\r\n" for t in texts[:-1]] + [f"250 {texts[-1]}\r\n"]
    return "".join(out).encode()


def ehlo_lines(behaviour, name):
    """The texts of a behaviour's 250 lines answering EHLO."""
    if behaviour == "normal":
        return [f"{name} Hello", "PIPELINING", "STARTTLS", "8BITMIME"]
    if behaviour == "multiline":
        return [f"{name} STARTTLS", "PIPELINING", "8BITMIME"]  # no keyword
    return [name, "8BITMIME"]


BEHAVIOURS = ("normal", "multiline", "noname", "busy", "reject", "tarpit",
              "control", "long", "mute", "closed", "blackhole", "hostile")
BLACKHOLE_FILL = 3  # connections that fill a blackhole's accept queue


@dataclass
class AddressLog:
    """What one address saw: the commands of each connection, in order."""
    connections: list = field(default_factory=list)
    active: int = 0
    max_active: int = 0


class Session:
    """One connection: line I/O plus the log of its commands."""

    def __init__(self, reader, writer, commands):
        self.reader = reader
        self.writer = writer
        self.commands = commands

    async def send(self, data):
        self.writer.write(data if isinstance(data, bytes) else data.encode())
        await self.writer.drain()

    async def command(self):
        """The next command line without its CRLF, logged; None at EOF."""
        try:
            line = await self.reader.readline()
        except (asyncio.LimitOverrunError, ValueError, ConnectionError):
            return None
        if not line:
            return None
        text = line.rstrip(b"\r\n").decode("latin-1")
        self.commands.append(text)
        return text

    async def dialogue(self, behaviour, name):
        """Answer commands until QUIT or EOF. Everything but EHLO, HELO and
        QUIT is accepted with 250 so that a client that sent it would go on,
        and the log would show it."""
        while (line := await self.command()) is not None:
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                await self.send(ehlo_reply(behaviour, name))
            elif verb == "HELO":
                await self.send(f"250 {name}\r\n")
            elif verb == "QUIT":
                await self.send("221 2.0.0 Bye\r\n")
                return
            else:
                await self.send("250 2.0.0 Ok\r\n")

    async def silent(self):
        """Read and log commands, never answering, until EOF."""
        while await self.command() is not None:
            pass

    async def wait_quit(self):
        """After a 554 greeting: 503 to everything until QUIT."""
        while (line := await self.command()) is not None:
            if line.split(" ", 1)[0].upper() == "QUIT":
                await self.send("221 2.0.0 Bye\r\n")
                return
            await self.send("503 5.5.1 Error: no SMTP service\r\n")


async def run_behaviour(session, behaviour, name):
    """Play one behaviour on a connection."""
    greeting = greeting_bytes(behaviour, name)
    if greeting is not None:
        await session.send(greeting)
    if behaviour == "busy":
        return  # RFC 5321 s3.1: 421, then close
    if behaviour == "reject":
        await session.wait_quit()
    elif behaviour in ("tarpit", "mute"):
        await session.silent()
    else:
        await session.dialogue(behaviour, name)


class Responder:
    """Servers on every address of plan ({address: (behaviour, name)}), all
    on one port; "closed" addresses get no server (connect refused); a
    "blackhole" address gets a listener that never accepts, its queue
    filled at start, so the kernel drops further SYNs (connect times out)."""

    def __init__(self, plan):
        for behaviour, _ in plan.values():
            assert behaviour in BEHAVIOURS, behaviour
        self.plan = dict(plan)
        self.port = None
        self.logs = {addr: AddressLog() for addr in plan}
        self.lock = threading.Lock()
        self.loop = None
        self.thread = None
        self.servers = []
        self.blackholes = []  # listening sockets and their fillers

    def start(self, attempts=20):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        for _ in range(attempts):
            port = self._candidate_port()
            if port and self._call(self._listen_all(port)):
                self.port = port
                return self
        self.stop()
        raise RuntimeError("no port free on every responder address")

    def _call(self, coro, timeout=10):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _candidate_port(self):
        """A port free on every planned address right now, or None."""
        first = next(iter(self.plan))
        with socket.socket(family_of(first), socket.SOCK_STREAM) as s:
            s.bind((first, 0))
            port = s.getsockname()[1]
        for addr in self.plan:
            try:
                with socket.socket(family_of(addr), socket.SOCK_STREAM) as s:
                    s.bind((addr, port))
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    return None
                raise
        return port

    async def _listen_all(self, port):
        """Start a server on each address; on any failure close them all."""
        try:
            for addr, (behaviour, name) in self.plan.items():
                if behaviour == "closed":
                    continue
                if behaviour == "blackhole":
                    self._blackhole(addr, port)
                    continue
                handler = self._handler(addr, behaviour, name)
                self.servers.append(await asyncio.start_server(
                    handler, addr, port, limit=LINE_LIMIT, reuse_address=True))
            return True
        except OSError:
            await self._close_servers()
            return False

    def _handler(self, addr, behaviour, name):
        async def handle(reader, writer):
            commands = []
            with self.lock:
                log = self.logs[addr]
                log.connections.append(commands)
                log.active += 1
                log.max_active = max(log.max_active, log.active)
            try:
                await asyncio.wait_for(
                    run_behaviour(Session(reader, writer, commands), behaviour, name),
                    HOLD_SECONDS)
            except (asyncio.TimeoutError, ConnectionError):
                pass
            finally:
                with self.lock:
                    log.active -= 1
                writer.close()
                try:
                    await writer.wait_closed()
                except ConnectionError:
                    pass
        return handle

    def _blackhole(self, addr, port):
        """Listen on addr:port with a backlog of 0 and fill the queue."""
        listener = socket.socket(family_of(addr), socket.SOCK_STREAM)
        self.blackholes.append(listener)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((addr, port))
        listener.listen(0)
        for _ in range(BLACKHOLE_FILL):
            filler = socket.socket(family_of(addr), socket.SOCK_STREAM)
            self.blackholes.append(filler)
            filler.setblocking(False)
            try:
                filler.connect((addr, port))
            except BlockingIOError:
                pass

    async def _close_servers(self):
        for server in self.servers:
            server.close()
            await server.wait_closed()
        self.servers = []
        for sock in self.blackholes:
            sock.close()
        self.blackholes = []

    async def _shutdown(self):
        await self._close_servers()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self):
        """Close every server and connection, stop the loop and its thread."""
        if self.loop is None:
            return
        try:
            self._call(self._shutdown())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()
            self.loop = None

    # ---- What the tests read -------------------------------------------

    def reset(self):
        """Forget the logs (between tests)."""
        with self.lock:
            for addr in self.logs:
                self.logs[addr] = AddressLog()

    def connections(self, addr):
        """The commands of each connection to addr, oldest first."""
        with self.lock:
            return [list(c) for c in self.logs[addr].connections]

    def max_active(self, addr):
        with self.lock:
            return self.logs[addr].max_active

    def wait_idle(self, timeout=5.0):
        """Wait until no connection is open (the client may close after
        exiting; handlers log until they see EOF)."""
        import time
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if all(log.active == 0 for log in self.logs.values()):
                    return True
            time.sleep(0.02)
        return False


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def main(argv):
    """Serve ADDR=BEHAVIOUR:NAME ... until interrupted (for demos)."""
    port = 0
    plan = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--port":
            port = int(args.pop(0))
            continue
        addr, spec = arg.split("=", 1)
        behaviour, name = spec.split(":", 1)
        plan[addr] = (behaviour, name)
    if not plan:
        print("usage: smtpd.py [--port N] ADDR=BEHAVIOUR:NAME ...", file=sys.stderr)
        return 64
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    responder = Responder(plan)
    if port:
        responder._candidate_port = lambda: port
    responder.start(attempts=1 if port else 20)
    print(responder.port, flush=True)
    try:
        threading.Event().wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        responder.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
