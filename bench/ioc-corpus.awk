# ioc-corpus.awk -v mb=N: a report corpus of about N MB on stdout, as
# incident desks receive them: prose, sensor log lines, CSV rows
# (Shadowserver-like), HTML, indicators of every type, plain and
# defanged, repeated as real reports repeat them. With -v words=1, its
# prose lines alone (no indicator at all): what scanning text costs.
BEGIN {
	srand(20261122)
	target = mb * 1000000
	split("Dear colleagues, we observed|Please find below the list of|The following hosts were seen|As discussed on the phone,|Our sensors recorded|Kindly take the necessary action for", prose, "|")
	split("com|net|org|cn|de|ru|info|io|co.uk|com.cn", tld, "|")
	while (size < target) {
		r = words ? 8 : int(rand() * 10)
		n = int(rand() * 4000)
		if (r == 0)
			line = sprintf("%s %d hosts in your constituency; version 2.%d.%d.%d fixes it.", prose[1 + n % 6], n, n % 9, n % 7, n % 5)
		else if (r == 1)
			line = sprintf("2026-11-22T08:%02d:%02dZ src=198.51.%d.%d dst=203.0.113.%d dpt=%d proto=tcp action=block", n % 60, (n * 7) % 60, n % 256, (n * 3) % 256, n % 250, 1 + n % 65535)
		else if (r == 2)
			line = sprintf("\"%d\",\"192.0.%d.%d\",\"AS%d\",\"CN\",\"2026-11-22 08:00:00\",\"host%d.example%d.%s\",\"%d\"", n, n % 256, (n * 5) % 256, 4000 + n % 900, n, n % 50, tld[1 + n % 10], 1 + n % 1024)
		else if (r == 3)
			line = sprintf("Phishing: hxxps://login-%d[.]secure-bank%d[.]%s/verify?id=%d (first seen 2026-11-%02d)", n, n % 40, tld[1 + n % 10], n, 1 + n % 28)
		else if (r == 4)
			line = sprintf("<p>Counterfeit site <a href=\"http://pay%d.shop%d.%s/checkout\">click here</a> mail abuse%d@isp%d.%s</p>", n % 900, n % 30, tld[1 + n % 10], n % 100, n % 20, tld[1 + (n + 3) % 10])
		else if (r == 5)
			line = sprintf("Sample md5 %08x%08x%08x%08x sha256 %08x%08x%08x%08x%08x%08x%08x%08x", n, n * 3, n * 7, n * 11, n, n * 13, n * 17, n * 19, n * 23, n * 29, n * 31, n * 37)
		else if (r == 6)
			line = sprintf("Exploited CVE-2024-%d on 2001:db8:%x::%x and fe80::%x, see evil%d(dot)%s and c2-%d[.]%s", 1000 + n, n % 65535, n, n % 4096, n % 500, tld[1 + n % 10], n % 300, tld[1 + (n + 5) % 10])
		else if (r == 7)
			line = sprintf("Block 100.64.%d.0/24 and 192.168.%d.0/24 at AS4134 and ASN %d; report.pdf and install.sh attached.", n % 256, n % 256, 4800 + n % 100)
		else if (r == 8)
			line = sprintf("  %s %d lines of logs follow; nothing to see in this one but words, words and more words.", prose[1 + (n + 2) % 6], n)
		else
			line = sprintf("[CNCERT #%d] reply: host 203.0.113.%d (h**p://cdn%d.evil-%d[.]%s/p) is now offline.", n, n % 250, n % 90, n % 60, tld[1 + n % 10])
		print line
		size += length(line) + 1
	}
}
