/* SPDX-License-Identifier: MIT */
/* providers.c: everything fcrdns knows about hosting providers, as data:
 * how each one sets a PTR, the shapes of its default PTR names, and the
 * outbound host names of mail services that must never look "generic". */
#include <string.h>

#include "diag/providers.h"

/* Procedures are from the provider's own documentation as quoted in the
 * project's reference notes (anchors-features.md, section D). Where that
 * text did not document a procedure the row says less rather than guess:
 * command NULL, console path only, forward_first 0. */
static const fcrdns_provider providers[] = {
	{ "aws", "Amazon Web Services (EC2)",
	  "EC2 > Elastic IPs > Actions > Update reverse DNS",
	  "aws ec2 modify-address-attribute --allocation-id <eipalloc-id> --domain-name <name>",
	  "an Elastic IP in your account, and an A record <name> -> <ip> first",
	  "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Elastic_Addressing_Reverse_DNS.html",
	  1 },
	/* Azure validates the name against forward DNS in the subscription. */
	{ "azure", "Microsoft Azure",
	  NULL, /* "not supported in the Azure portal" */
	  "az network public-ip update --resource-group <rg> --name <ip-name> --reverse-fqdn <name>.",
	  "a public IPv4 resource; <name> must resolve to <ip> (A record) or CNAME to its cloudapp name",
	  "https://learn.microsoft.com/en-us/azure/dns/dns-reverse-dns-for-azure-services",
	  1 },
	/* Google's domain-verification requirement was not verified. */
	{ "gcp", "Google Cloud (Compute Engine)",
	  "Compute Engine > VM instances > Edit > Network interfaces > Public DNS PTR record",
	  "gcloud compute instances update-access-config <vm> --network-interface=nic0 --zone=<zone> --public-ptr --public-ptr-domain=<name>.",
	  "a VM's external IP on its primary interface (not load balancers or Cloud NAT)",
	  "https://cloud.google.com/compute/docs/instances/create-ptr-record",
	  0 },
	/* No default PTR: DigitalOcean derives the PTR from the Droplet name. */
	{ "digitalocean", "DigitalOcean",
	  "Droplets > <droplet> > rename the Droplet to the FQDN <name>",
	  NULL,
	  "the Droplet's name must be the fully qualified <name>",
	  "https://docs.digitalocean.com/glossary/ptr-record/",
	  0 },
	/* The Cloud Manager clicks were not verified; the API call was. */
	{ "linode", "Akamai Cloud (Linode)",
	  "Cloud Manager > Linodes > <linode> > Network > IP addresses > Edit RDNS",
	  "PUT /v4/linode/instances/<linode-id>/ips/<ip> {\"rdns\":\"<name>\"}",
	  "an A/AAAA record <name> -> <ip> that already resolves",
	  "https://www.linode.com/docs/api/linode-instances/#ip-address-rdns-update",
	  1 },
	/* A forward-first check is claimed by third parties only. */
	{ "hetzner", "Hetzner Cloud",
	  "Cloud Console > Servers > <server> > Networking > Edit reverse DNS",
	  "hcloud server set-rdns --ip <ip> --hostname <name> <server>",
	  NULL,
	  "https://docs.hetzner.cloud/#server-actions-change-reverse-dns-entry-for-this-server",
	  0 },
	/* Whether OVH validates forward DNS was not verified. */
	{ "ovh", "OVHcloud",
	  "Control panel > Bare Metal Cloud > Network > IP > ... > Modify the reverse path",
	  "POST /ip/{ip}/reverse {\"ipReverse\":\"<ip>\",\"reverse\":\"<name>\"}",
	  NULL,
	  "https://api.ovh.com/console/",
	  0 },
	{ "vultr", "Vultr",
	  "Products > <instance> > Settings > IPv4 > Reverse DNS",
	  "vultr-cli instance reverse-dns set-ipv4 <instance-id> <ip> --entry <name>",
	  NULL,
	  "https://docs.vultr.com/reference/vultr-cli/instance/reverse-dns",
	  0 },
	/* No self-service for Oracle-owned addresses. */
	{ "oracle", "Oracle Cloud Infrastructure",
	  "open a service request with the IP address and the FQDN <name>",
	  NULL,
	  "an A/AAAA record <name> -> <ip> before the request",
	  "https://docs.oracle.com/en-us/iaas/Content/Network/Concepts/reverse_dns.htm",
	  1 },
	/* Not documented in the reference notes: console path only. */
	{ "contabo", "Contabo",
	  "Customer Control Panel > Reverse DNS management",
	  NULL, NULL,
	  "https://contabo.com/en/customer-support/",
	  0 },
	/* Not documented in the reference notes: console path only. */
	{ "scaleway", "Scaleway",
	  "Console > Network > Flexible IPs > <ip> > Edit reverse DNS",
	  NULL, NULL,
	  "https://www.scaleway.com/en/docs/",
	  0 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const fcrdns_provider *fcrdns_provider_list(size_t *count)
{
	if (count != NULL)
		*count = COUNT(providers);
	return providers;
}

const fcrdns_provider *fcrdns_provider_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < COUNT(providers); i++)
		if (strcmp(providers[i].id, id) == 0)
			return &providers[i];
	return NULL;
}

/*
 * Name patterns, matched against the whole lowercase name:
 *   +.  at the start: one or more leading labels (a suffix match)
 *   %   an IPv4 octet: 1-3 digits, value 0-255
 *   #   one or more digits
 *   *   one or more characters within a label (not '.')
 *   any other character matches itself.
 * Matching is greedy without backtracking, so a wildcard is always followed
 * by a literal that it cannot itself consume ('.', '-', a letter).
 */

/* A row with its pattern's length, computed at compile time. */
#define PAT(p, id, label) { p, sizeof(p) - 1, id, label }

/* Provider default names, by provider id (see section D of the notes). */
static const name_pattern default_patterns[] = {
	PAT("ec2-%-%-%-%.compute-1.amazonaws.com", "aws", "EC2 default name"),
	PAT("ec2-%-%-%-%.*.compute.amazonaws.com", "aws", "EC2 default name"),
	PAT("ip-%-%-%-%.ec2.internal", "aws", "EC2 private default name"),
	PAT("ip-%-%-%-%.*.compute.internal", "aws", "EC2 private default name"),
	PAT("+.cloudapp.azure.com", "azure", "Azure cloudapp name"),
	PAT("+.cloudapp.net", "azure", "Azure cloudapp name"),
	PAT("%.%.%.%.bc.googleusercontent.com", "gcp", "Compute Engine default name"),
	PAT("static.%.%.%.%.clients.your-server.de", "hetzner", "Hetzner default name"),
	PAT("static.%-%-%-%.clients.your-server.de", "hetzner", "Hetzner default name"),
	PAT("%-%-%-%.ip.linodeusercontent.com", "linode", "Linode default name"),
	PAT("li#-#.members.linode.com", "linode", "legacy Linode default name"),
	PAT("%.%.%.%.vultrusercontent.com", "vultr", "Vultr default name"),
	PAT("ip-%-%-%.eu", "ovh", "OVH default name"),
	PAT("ip-%-%-%.net", "ovh", "OVH default name"),
	PAT("ip-%-%-%.us", "ovh", "OVH default name"),
	PAT("*.ip-%-%-%.eu", "ovh", "OVH default name"),
	PAT("*.ip-%-%-%.net", "ovh", "OVH default name"),
	PAT("*.ip-%-%-%.us", "ovh", "OVH default name"),
	PAT("vps-*.vps.ovh.net", "ovh", "OVH VPS default name"),
	PAT("vps#.ovh.net", "ovh", "OVH VPS default name"),
	PAT("+.oraclevcn.com", "oracle", "Oracle VCN name"),
	PAT("+.contaboserver.net", "contabo", "Contabo default name"),
	PAT("+.rev.poneytelecom.eu", "scaleway", "Scaleway default name"),
	PAT("+.instances.scw.cloud", "scaleway", "Scaleway default name"),
	/* DigitalOcean has no default PTR (it follows the Droplet name). */
};

/* Registrable domains of access networks, sorted for binary search: the
 * big residential ISPs whose pools are named below them, as SpamAssassin's
 * 20_dynrdns.cf and the Spamhaus PBL listings know them. A name is only
 * judged by this table after the mail-host words and the known senders,
 * so an ISP's own mx1/smtp/mail hosts stay specific. */
static const access_domain access_domains[] = {
	{ "adelphia.net", 2 },       { "ameritech.net", 2 },
	{ "arcor-ip.net", 1 },       { "asahi-net.or.jp", 2 },
	{ "attbi.com", 2 },          { "bbtec.net", 1 },
	{ "bellsouth.net", 2 },      { "bigpond.net.au", 2 },
	{ "btcentralplus.com", 1 },  { "charter.com", 2 },
	{ "charterpipeline.net", 1 }, { "chello.nl", 2 },
	{ "chello.no", 2 },          { "comcast.net", 2 },
	{ "cox-internet.com", 1 },   { "dialsprint.net", 1 },
	{ "eircom.net", 2 },         { "hinet.net", 2 },
	{ "home.nl", 2 },            { "indigo.ie", 2 },
	{ "iprimus.net.au", 2 },     { "kabel-deutschland.de", 1 },
	{ "kablonet.net.tr", 1 },    { "maxonline.com.sg", 2 },
	{ "mchsi.com", 1 },          { "mindspring.com", 2 },
	{ "ntl.com", 2 },            { "ntli.net", 1 },
	{ "ocn.ne.jp", 2 },          { "optusnet.com.au", 2 },
	{ "pacbell.net", 2 },        { "prod-infinitum.com.mx", 1 },
	{ "proxad.net", 2 },         { "qwest.net", 2 },
	{ "rima-tde.net", 1 },       { "rogers.com", 2 },
	{ "sbcglobal.net", 2 },      { "shawcable.net", 2 },
	{ "sl-reverse.com", 1 },     { "speakeasy.net", 2 },
	{ "swbell.net", 2 },         { "t-dialin.net", 1 },
	{ "t-ipconnect.de", 1 },     { "tds.net", 2 },
	{ "telenet.be", 2 },         { "telesp.net.br", 1 },
	{ "tpnet.pl", 2 },           { "ttnet.com.tr", 1 },
	{ "veloxzone.com.br", 2 },   { "verizon.net", 2 },
	{ "videotron.ca", 2 },       { "virginm.net", 2 },
	{ "virtua.com.br", 2 },      { "vodafone-ip.de", 1 },
	{ "wanadoo.fr", 2 },         { "wideopenwest.com", 2 },
};

const access_domain *access_domain_find(const char *domain, size_t len)
{
	size_t lo = 0, hi = COUNT(access_domains);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *d = access_domains[mid].domain;
		int c = strncmp(d, domain, len);
		if (c == 0)
			c = d[len] == '\0' ? 0 : 1;
		if (c == 0)
			return &access_domains[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Outbound hosts of mail services: digit-bearing by design, dedicated to
 * mail, and the commonest false positives of generic-name rules. */
static const name_pattern esp_patterns[] = {
	PAT("+.amazonses.com", NULL, "Amazon SES"),
	PAT("+.mail-mail.facebook.com", NULL, "Facebook"),
	PAT("mail-*.google.com", NULL, "Google"),
	PAT("+.outbound.protection.outlook.com", NULL, "Microsoft 365"),
	PAT("+.mcdlv.net", NULL, "Mailchimp"),
	PAT("+.mcsv.net", NULL, "Mailchimp"),
	PAT("+.rsgsv.net", NULL, "Mailchimp"),
	PAT("+.mandrillapp.com", NULL, "Mailchimp Transactional"),
	PAT("+.sparkpostmail.com", NULL, "SparkPost"),
	PAT("+.sendgrid.net", NULL, "SendGrid"),
	PAT("+.mailgun.net", NULL, "Mailgun"),
	PAT("+.mailgun.org", NULL, "Mailgun"),
	PAT("+.mtasv.net", NULL, "Postmark"),
	PAT("+.exacttarget.com", NULL, "Salesforce Marketing Cloud"),
	PAT("+.mimecast.com", NULL, "Mimecast"),
	PAT("+.mimecast-offshore.com", NULL, "Mimecast"),
	PAT("+.pphosted.com", NULL, "Proofpoint"),
	PAT("+.ppe-hosted.com", NULL, "Proofpoint"),
	PAT("+.yahoo.com", NULL, "Yahoo"),
	PAT("+.zoho.com", NULL, "Zoho"),
	PAT("+.zoho.eu", NULL, "Zoho"),
	PAT("+.zohomail.com", NULL, "Zoho"),
	PAT("+.messagingengine.com", NULL, "Fastmail"),
	PAT("+.mailjet.com", NULL, "Mailjet"),
	PAT("+.hubspotemail.net", NULL, "HubSpot"),
	PAT("+.smtp.icloud.com", NULL, "Apple iCloud"),
	PAT("+.me.com", NULL, "Apple iCloud"),
	PAT("+.apple.com", NULL, "Apple"),
	PAT("+.hotmail.com", NULL, "Microsoft Hotmail"),
	PAT("+.sys.comcast.net", NULL, "Comcast"),
	PAT("+.mail.gandi.net", NULL, "Gandi"),
	PAT("+.mailerlite.com", NULL, "MailerLite"),
	PAT("+.emsd1.com", NULL, "Oracle Eloqua"),
	PAT("+.cmail19.com", NULL, "Campaign Monitor"),
	PAT("+.cmail20.com", NULL, "Campaign Monitor"),
	PAT("+.createsend.com", NULL, "Campaign Monitor"),
	PAT("+.mxthunder.net", NULL, "SMTP.com"),
	PAT("+.smtp.com", NULL, "SMTP.com"),
	PAT("+.socketlabs.com", NULL, "SocketLabs"),
	PAT("+.elasticemail.com", NULL, "Elastic Email"),
	PAT("+.brevo.com", NULL, "Brevo"),
	PAT("+.sendinblue.com", NULL, "Brevo"),
	PAT("+.mail.ru", NULL, "Mail.ru"),
	PAT("+.mail.yandex.net", NULL, "Yandex"),
	PAT("+.qq.com", NULL, "Tencent"),
	PAT("+.126.com", NULL, "NetEase"),
	PAT("+.163.com", NULL, "NetEase"),
	PAT("+.ess.barracudanetworks.com", NULL, "Barracuda"),
};

const name_pattern *provider_default_patterns(size_t *count)
{
	*count = COUNT(default_patterns);
	return default_patterns;
}

const name_pattern *esp_outbound_patterns(size_t *count)
{
	*count = COUNT(esp_patterns);
	return esp_patterns;
}

/* Consume an IPv4 octet at s (1-3 digits, at most 255). Returns the number
 * of bytes consumed, 0 when there is none. */
static size_t match_octet(const char *s, const char *end)
{
	unsigned v = 0;
	size_t n = 0;

	while (s + n < end && n < 3 && s[n] >= '0' && s[n] <= '9')
		v = v * 10 + (unsigned)(s[n++] - '0');
	if (n == 0 || v > 255 || (s + n < end && s[n] >= '0' && s[n] <= '9'))
		return 0;
	return n;
}

/* Consume one or more bytes at s for which the wildcard w stands ('#'
 * digits, '*' anything but '.'). Returns the count, 0 when none. */
static size_t match_run(char w, const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && (w == '#' ? s[n] >= '0' && s[n] <= '9' : s[n] != '.'))
		n++;
	return n;
}

/* Match the whole of [s, end) against p (no "+." prefix). */
static int match_from(const char *p, const char *s, const char *end)
{
	for (; *p != '\0'; p++) {
		size_t n;
		if (*p == '%')
			n = match_octet(s, end);
		else if (*p == '#' || *p == '*')
			n = match_run(*p, s, end);
		else
			n = (s < end && *s == *p);
		if (n == 0)
			return 0;
		s += n;
	}
	return s == end;
}

int name_pattern_match(const name_pattern *np, const char *name, size_t len)
{
	const char *pattern = np->pattern;
	size_t plen = np->len;

	/* Every pattern ends in a literal top-level domain: reject cheaply. */
	if (len == 0 || plen == 0 || name[len - 1] != pattern[plen - 1])
		return 0;
	if (pattern[0] == '+' && pattern[1] == '.') {
		size_t slen = plen - 1; /* ".suffix" */
		return len > slen && memcmp(name + len - slen, pattern + 1, slen) == 0 &&
		       name[0] != '.';
	}
	return match_from(pattern, name, name + len);
}
