# SPDX-License-Identifier: MIT
# auditrun.py: owns running `fcrdns audit --json` for the tests and reading
# its JSON Lines back: the records of each domain, checked for the order the
# contract gives (spf, mx..., source..., ip..., summary) and the fields every
# record type must carry, and normalised for exact comparison.
import json
from pathlib import Path

from conftest import FAST, check_shape, run_fcrdns

from .plan import ADDRESSES, HELO_NAME

HERE = Path(__file__).resolve().parent
SMTP_TIMEOUT_MS = "1000"
ORDER = {"spf": 0, "mx": 1, "source": 2, "ip": 3, "summary": 4}
SPF_FIELDS = {"type", "domain", "record", "result", "lookups", "void_lookups", "problems"}
MX_FIELDS = {"type", "domain", "host", "preference", "addresses", "class", "operator",
             "implicit"}
SOURCE_FIELDS = {"type", "domain", "term", "record", "qualifier", "authorized", "class",
                 "operator", "addresses", "size", "checked", "reason"}
SUMMARY_FIELDS = {"type", "domain", "checked", "pass", "fail", "temperror", "permerror",
                  "spf", "problems", "exit"}
SMTP_FIELDS = {"connect", "greeting_code", "banner", "banner_name", "ehlo_name", "starttls",
               "banner_verdict", "ehlo_verdict"}
MECHANISMS_WITH_ADDRESSES = {"a", "mx", "ip4", "ip6", "ptr", "exists"}


class DomainAudit:
    """The records of one audited domain, by type."""

    def __init__(self, domain, records):
        self.domain = domain
        self.records = records
        kinds = [r["type"] for r in records]
        assert kinds == sorted(kinds, key=ORDER.__getitem__), f"{domain}: order {kinds}"
        assert kinds.count("spf") == 1 and kinds.count("summary") == 1, kinds
        assert kinds[-1] == "summary", kinds
        self.spf = next(r for r in records if r["type"] == "spf")
        self.mx = [r for r in records if r["type"] == "mx"]
        self.sources = [r for r in records if r["type"] == "source"]
        ips = [r for r in records if r["type"] == "ip"]
        self.ips = {r["ip"]: r for r in ips}
        assert len(self.ips) == len(ips), f"{domain}: an address checked twice"
        self.summary = records[-1]
        check_fields(self)


def check_fields(d):
    assert set(d.spf) == SPF_FIELDS, d.spf
    for m in d.mx:
        assert set(m) == MX_FIELDS or set(m) == {"type", "domain", "null_mx"}, m
    for s in d.sources:
        assert set(s) == SOURCE_FIELDS, s
    for r in d.ips.values():
        check_shape(r)
        assert {"roles", "class", "sources", "smtp"} <= set(r), r
        assert r["smtp"] is None or set(r["smtp"]) == SMTP_FIELDS, r
    assert set(d.summary) == SUMMARY_FIELDS, d.summary


class AuditRun:
    """One run of fcrdns audit: exit status, stderr, raw stdout, domains."""

    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err
        records = [json.loads(line) for line in out.splitlines() if line.strip()]
        self.domains = {}
        for r in records:
            assert isinstance(r.get("type"), str) and isinstance(r.get("domain"), str), r
            self.domains.setdefault(r["domain"], []).append(r)
        self.domains = {d: DomainAudit(d, rs) for d, rs in self.domains.items()}

    def __getitem__(self, domain):
        return self.domains[domain]


def audit_options(nsd, responder=None):
    """The options of a test audit against nsd: probing responder's port
    when given, else --no-smtp."""
    args = [*FAST, "--resolver", nsd.resolver]
    if responder is not None:
        return args + ["--smtp-port", responder.port, "--smtp-timeout", SMTP_TIMEOUT_MS,
                       "--helo-name", HELO_NAME]
    return args + ["--no-smtp"]


def audit(nsd, *domains, responder=None, extra=()):
    """Run `fcrdns audit --json` on domains against nsd; probing responder's
    port when given, else with --no-smtp."""
    rc, out, err = run_fcrdns("audit", "--json", *audit_options(nsd, responder), *extra,
                              *domains)
    return AuditRun(rc, out, err)


def audit_probing(nsd, responder, *domains, extra=()):
    """Audit domains with probes against responder, whose logs are emptied
    first; the run keeps a snapshot of what each address saw:
    run.connections[addr] (commands per connection), run.max_active[addr]."""
    responder.wait_idle()
    responder.reset()
    run = audit(nsd, *domains, responder=responder, extra=extra)
    responder.wait_idle()
    run.connections = {a: responder.connections(a) for a in responder.plan}
    run.max_active = {a: responder.max_active(a) for a in responder.plan}
    return run


def mechanism(term):
    """The mechanism or modifier name of an SPF term as written."""
    body = term[1:] if term[:1] in "+-~?" else term
    for i, c in enumerate(body):
        if c in ":/=":
            return body[:i].lower()
    return body.lower()


def source_table(d):
    """The sources that carry addresses, keyed (record, term), without the
    keys that repeat them."""
    table = {}
    for s in d.sources:
        if mechanism(s["term"]) not in MECHANISMS_WITH_ADDRESSES:
            continue
        key = (s["record"], s["term"])
        assert key not in table, f"source listed twice: {key}"
        table[key] = {k: v for k, v in s.items() if k not in ("type", "domain", "record",
                                                                "term")}
        table[key]["addresses"] = sorted(table[key]["addresses"])
    return table


def source(qualifier="+", cls="own", operator=None, addresses=(), size=0, checked=0,
           reason=None):
    """One expected entry of source_table()."""
    authorized = qualifier == "+"
    return {"qualifier": qualifier, "authorized": authorized, "class": cls,
            "operator": operator, "addresses": sorted(addresses), "size": size,
            "checked": checked, "reason": reason}


def ip_table(d):
    """The ip records, normalised: problem codes only, roles and sources
    sorted, the fix and Authentication-Results left to `check`'s tests."""
    out = {}
    for ip, r in d.ips.items():
        out[ip] = {"iprev": r["iprev"], "ptr": r["ptr"], "confirmed": r["confirmed"],
                   "problems": [p["code"] for p in r["problems"]],
                   "provider": r["provider"], "generic": r["generic"],
                   "roles": sorted(r["roles"]), "class": r["class"],
                   "sources": sorted(r["sources"]), "smtp": r["smtp"]}
    return out


def ip(addr, roles, cls="own", sources=(), smtp=None):
    """One expected entry of ip_table(): the address's iprev facts from
    plan.ADDRESSES plus what the audit adds."""
    return {addr: {**ADDRESSES[addr], "roles": sorted(roles), "class": cls,
                   "sources": sorted(sources), "smtp": smtp}}


def summary(checked=0, passed=0, fail=0, temperror=0, permerror=0, spf="ok", problems=(),
            exit_status=0):
    return {"checked": checked, "pass": passed, "fail": fail, "temperror": temperror,
            "permerror": permerror, "spf": spf, "problems": sorted(problems),
            "exit": exit_status}


def summary_of(d):
    s = {k: v for k, v in d.summary.items() if k not in ("type", "domain")}
    s["problems"] = sorted(s["problems"])
    return s


def spf_of(d):
    """The spf record with problem codes only."""
    return {"record": d.spf["record"], "result": d.spf["result"],
            "lookups": d.spf["lookups"], "void_lookups": d.spf["void_lookups"],
            "problems": [p["code"] for p in d.spf["problems"]]}


def spf(record, result="ok", lookups=0, void_lookups=0, problems=()):
    return {"record": record, "result": result, "lookups": lookups,
            "void_lookups": void_lookups, "problems": list(problems)}


NULL_MX = [{"null_mx": True}]


def mx_of(d):
    """The mx records in output order, without type and domain."""
    return [{k: v for k, v in m.items() if k not in ("type", "domain")} for m in d.mx]


def mx(host, preference, addresses, cls="own", operator=None, implicit=False):
    return {"host": host, "preference": preference, "addresses": list(addresses),
            "class": cls, "operator": operator, "implicit": implicit}
