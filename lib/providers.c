/* SPDX-License-Identifier: MIT */
/* providers.c: everything fcrdns knows about hosting providers, as data:
 * how each one sets a PTR, the shapes of its default PTR names, and the
 * outbound host names of mail services that must never look "generic". */
#include <string.h>

#include "providers.h"

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

/* Provider default names, by provider id (see section D of the notes). */
static const name_pattern default_patterns[] = {
	{ "ec2-%-%-%-%.compute-1.amazonaws.com", "aws", "EC2 default name" },
	{ "ec2-%-%-%-%.*.compute.amazonaws.com", "aws", "EC2 default name" },
	{ "ip-%-%-%-%.ec2.internal", "aws", "EC2 private default name" },
	{ "ip-%-%-%-%.*.compute.internal", "aws", "EC2 private default name" },
	{ "+.cloudapp.azure.com", "azure", "Azure cloudapp name" },
	{ "+.cloudapp.net", "azure", "Azure cloudapp name" },
	{ "%.%.%.%.bc.googleusercontent.com", "gcp", "Compute Engine default name" },
	{ "static.%.%.%.%.clients.your-server.de", "hetzner", "Hetzner default name" },
	{ "static.%-%-%-%.clients.your-server.de", "hetzner", "Hetzner default name" },
	{ "%-%-%-%.ip.linodeusercontent.com", "linode", "Linode default name" },
	{ "li#-#.members.linode.com", "linode", "legacy Linode default name" },
	{ "%.%.%.%.vultrusercontent.com", "vultr", "Vultr default name" },
	{ "ip-%-%-%.eu", "ovh", "OVH default name" },
	{ "ip-%-%-%.net", "ovh", "OVH default name" },
	{ "ip-%-%-%.us", "ovh", "OVH default name" },
	{ "*.ip-%-%-%.eu", "ovh", "OVH default name" },
	{ "*.ip-%-%-%.net", "ovh", "OVH default name" },
	{ "*.ip-%-%-%.us", "ovh", "OVH default name" },
	{ "vps-*.vps.ovh.net", "ovh", "OVH VPS default name" },
	{ "vps#.ovh.net", "ovh", "OVH VPS default name" },
	{ "+.oraclevcn.com", "oracle", "Oracle VCN name" },
	{ "+.contaboserver.net", "contabo", "Contabo default name" },
	{ "+.rev.poneytelecom.eu", "scaleway", "Scaleway default name" },
	{ "+.instances.scw.cloud", "scaleway", "Scaleway default name" },
	/* DigitalOcean has no default PTR (it follows the Droplet name). */
};

/* Outbound hosts of mail services: digit-bearing by design, dedicated to
 * mail, and the commonest false positives of generic-name rules. */
static const name_pattern esp_patterns[] = {
	{ "+.amazonses.com", NULL, "Amazon SES" },
	{ "mail-*.google.com", NULL, "Google" },
	{ "+.outbound.protection.outlook.com", NULL, "Microsoft 365" },
	{ "+.mcdlv.net", NULL, "Mailchimp" },
	{ "+.mcsv.net", NULL, "Mailchimp" },
	{ "+.rsgsv.net", NULL, "Mailchimp" },
	{ "+.mandrillapp.com", NULL, "Mailchimp Transactional" },
	{ "+.sparkpostmail.com", NULL, "SparkPost" },
	{ "+.sendgrid.net", NULL, "SendGrid" },
	{ "+.mailgun.net", NULL, "Mailgun" },
	{ "+.mailgun.org", NULL, "Mailgun" },
	{ "+.mtasv.net", NULL, "Postmark" },
	{ "+.exacttarget.com", NULL, "Salesforce Marketing Cloud" },
	{ "+.mimecast.com", NULL, "Mimecast" },
	{ "+.mimecast-offshore.com", NULL, "Mimecast" },
	{ "+.pphosted.com", NULL, "Proofpoint" },
	{ "+.ppe-hosted.com", NULL, "Proofpoint" },
	{ "+.yahoo.com", NULL, "Yahoo" },
	{ "+.zoho.com", NULL, "Zoho" },
	{ "+.zoho.eu", NULL, "Zoho" },
	{ "+.zohomail.com", NULL, "Zoho" },
	{ "+.messagingengine.com", NULL, "Fastmail" },
	{ "+.mailjet.com", NULL, "Mailjet" },
	{ "+.hubspotemail.net", NULL, "HubSpot" },
	{ "+.smtp.icloud.com", NULL, "Apple iCloud" },
	{ "+.mail.gandi.net", NULL, "Gandi" },
	{ "+.mailerlite.com", NULL, "MailerLite" },
	{ "+.emsd1.com", NULL, "Oracle Eloqua" },
	{ "+.cmail19.com", NULL, "Campaign Monitor" },
	{ "+.cmail20.com", NULL, "Campaign Monitor" },
	{ "+.createsend.com", NULL, "Campaign Monitor" },
	{ "+.mxthunder.net", NULL, "SMTP.com" },
	{ "+.smtp.com", NULL, "SMTP.com" },
	{ "+.socketlabs.com", NULL, "SocketLabs" },
	{ "+.elasticemail.com", NULL, "Elastic Email" },
	{ "+.brevo.com", NULL, "Brevo" },
	{ "+.sendinblue.com", NULL, "Brevo" },
	{ "+.mail.ru", NULL, "Mail.ru" },
	{ "+.mail.yandex.net", NULL, "Yandex" },
	{ "+.qq.com", NULL, "Tencent" },
	{ "+.ess.barracudanetworks.com", NULL, "Barracuda" },
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

int name_pattern_match(const char *pattern, const char *name, size_t len)
{
	size_t plen = strlen(pattern);

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
