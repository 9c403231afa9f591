#include "config.h"

#include <string.h>

#include "test.h"

#include "buf.h"
#include "html.h"

static void
check(const char *html, const char *text)
{
	struct buf b = BUF_INIT;

	html_to_text(&b, html, strlen(html));
	assert_string_equal(b.data, text);
	buf_release(&b);
}

static void
test_text(void **state)
{
	(void)state;
	check("<p>one</p><p>two</p>", "one\ntwo");
	check("a<br>b<br/>c", "a\nb\nc");
	check("  spaced \n\t out  ", "spaced out");
	check("<pre>keep\n  this</pre>", "keep\n  this");
	check("&lt;tag&gt; &amp; &#x41;&#66;", "<tag> & AB");
	check("<ul><li>x</li><li>y</li></ul>", "x\ny");
	check("", "");
}

static void
test_dropped(void **state)
{
	(void)state;
	check("<head><title>t</title><style>p{}</style></head><body>b</body>",
	    "b");
	check("<script>alert(1)</script>visible", "visible");
	check("<!-- hidden -->shown", "shown");
}

static void
test_links(void **state)
{
	(void)state;
	check("<a href=\"http://evil.example/x?y=1\">Your bank</a>",
	    "Your bank <http://evil.example/x?y=1>");
	check("<a href=\"#top\">top</a>", "top");
	/* a mailto: link's target where its text does not show the
	 * address: where a click sends mail */
	check("<a href=\"mailto:ceo@evil.example?subject=x\">John Smith</a>, "
	    "<a href=\"mailto:a@b.example\">a@b.example</a> <a "
	    "href=\"mailto:c%40d.example\">mail</a> <a href=\"mailto:\">x</a>",
	    "John Smith <mailto:ceo@evil.example?subject=x>, a@b.example "
	    "mail <mailto:c%40d.example> x");
}

/* Where else a page sends its reader or what it loads from elsewhere,
 * as a link's target is shown: a form's action (a phishing page's
 * collector), a frame's, an image's, a script's source (a head's
 * too), a refresh's URL; not what names no host. */
static void
test_sources(void **state)
{
	(void)state;
	check("<form action=\"https://collector.example/p.php\">Password "
	    "<input type=password></form>",
	    "Password <https://collector.example/p.php>");
	check("<img src=\"http://t.example/p.gif\">seen<iframe "
	    "src=\"//f.example/x\"></iframe>",
	    "<http://t.example/p.gif>seen <//f.example/x>");
	check("<head><meta http-equiv=\"Refresh\" content=\"0; "
	    "URL='https://r.example/go'\"><script "
	    "src=\"https://cdn.example/a.js\"></script><title>t</title>"
	    "</head><body>b<script src=\"http://s.example/b.js\">x()"
	    "</script></body>",
	    "<https://r.example/go> <https://cdn.example/a.js>b "
	    "<http://s.example/b.js>");
	check("<p>x</p><img src=\"http://t.example/i.gif\">",
	    "x\n<http://t.example/i.gif>");
	/* an inline script's URLs, where it sends its reader or posts
	 * what was typed; not its other words */
	check("<script>if(1){window.location.href='https://r.example/go?a=1';"
	    "fetch(\"http://c.example/p.php\",{b:x});var u=`HTTPS://u.example`;"
	    "http(); var h='http://';}</script>y",
	    "<https://r.example/go?a=1> <http://c.example/p.php> "
	    "<HTTPS://u.example>y");
	check("<script>a='https:\\/\\/e.example\\/x'; b='http://f.example/a\\n'"
	    "</script>", "<https:\\/\\/e.example\\/x> <http://f.example/a>");
	/* an event handler's, a script too; not another attribute's */
	check("<body onload=\"location.href='https://l.example/x'\"><button "
	    "ONCLICK=\"window.open('http://o.example/w')\">Go</button><p "
	    "data-u=\"https://d.example/\" title=\"http://t.example/\">t</p>"
	    "</body>", "Go <http://o.example/w>\nt\n<https://l.example/x>");
	check("<form action=\"post.php\">x</form>", "x");
	check("<img src=\"cid:logo@x\"><img "
	    "src=\"data:image/png;base64,AAAA\">y", "y");
	check("<meta http-equiv=\"refresh\" content=\"5\">z", "z");
}

/* Cells apart (Outlook pastes an Excel range as a table), an empty one
 * kept as a field; a row a line. */
static void
test_tables(void **state)
{
	(void)state;
	check("<table><tr><th>IP</th><th>Port</th></tr>"
	    "<tr><td>203.0.113.80 </td><td>443</td></tr>"
	    "<tr><td>203.0.113.81</td><td></td><td>x</td></tr></table>",
	    "IP\tPort\n203.0.113.80\t443\n203.0.113.81\t\tx");
	check("<center>a</center><address>b</address>", "a\nb");
}

static void
test_broken(void **state)
{
	(void)state;
	/* gumbo 0.10.1 moves a form's bare text after the form, joined
	 * to the text that follows: they are shown apart again */
	check("<form>1.2.3.4</form>5 more", "1.2.3.4\n5 more");
	check("<FORM>a&amp;b</FoRm >c", "a&b\nc");
	check("<form>\n 198.51.100.7</form>5", "198.51.100.7\n5");
	check("<textarea>x</form>y</textarea>", "x\n</form>y");
	check("<p>unclosed <b>bold <i>both", "unclosed bold both");
	check("a <<< b", "a <<< b");
	check("<div><div><div>deep</div></div></div>", "deep");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
