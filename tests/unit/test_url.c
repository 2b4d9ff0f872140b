/* Package URLs: url_parse accepts what AT+QFOTADL takes and refuses the rest with a reason;
 * url_mask hides every password in any text, malformed or not. */
#include "station/base/url.h"
#include "tests/unit/check.h"

static void t_parse_good(void)
{
	static const struct {
		const char *in;
		enum url_scheme scheme;
		const char *host;
		unsigned port;
		int user, password;
	} rows[] = {
		{ "http://192.168.1.2/p.zip", URL_HTTP, "192.168.1.2", 80, 0, 0 },
		{ "https://fota.example.com:8443/a/b/p.zip", URL_HTTPS, "fota.example.com", 8443, 0, 0 },
		{ "ftp://u:p@10.0.0.1:21/p.zip", URL_FTP, "10.0.0.1", 21, 1, 1 },
		{ "ftp://anonymous@h/p.zip", URL_FTP, "h", 21, 1, 0 },
		{ "FTP://h:65535/p.zip", URL_FTP, "h", 65535, 0, 0 },
		{ "http://h:1/p.zip?token=abc", URL_HTTP, "h", 1, 0, 0 },
		{ "http://[::1]:8080/p.zip", URL_HTTP, "::1", 8080, 0, 0 },
		{ "http://[fe80::1]/p.zip", URL_HTTP, "fe80::1", 80, 0, 0 },
		{ "ftp://u:p%40ss@h/p.zip", URL_FTP, "h", 21, 1, 1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct url u;
		char why[256] = "";
		check_case("t_parse_good[%zu]", i);
		CHECK_INT(url_parse(rows[i].in, &u, why, sizeof why), 0);
		if (why[0])
			check_fail(__FILE__, __LINE__, "why: %s", why);
		CHECK_INT(u.scheme, rows[i].scheme);
		CHECK_INT(u.host_len, strlen(rows[i].host));
		CHECK(strncmp(rows[i].in + u.host_off, rows[i].host, u.host_len) == 0);
		CHECK_INT(u.port, rows[i].port);
		CHECK_INT(u.has_user, rows[i].user);
		CHECK_INT(u.has_password, rows[i].password);
		CHECK_INT(rows[i].in[u.path_off], '/');
	}
}

static void t_parse_bad(void)
{
	char long_url[600];
	snprintf(long_url, sizeof long_url, "http://h/%0500d.zip", 0);   /* 513 bytes */
	static const struct { const char *in; const char *want; } rows[] = {
		{ "", "expected ftp://" },
		{ "h/p.zip", "expected ftp://" },
		{ "file:///etc/passwd", "expected ftp://" },
		{ "tftp://h/p.zip", "expected ftp://" },
		{ "http:/h/p.zip", "expected ftp://" },
		{ "http:///p.zip", "without a host" },
		{ "http://:80/p.zip", "without a host" },
		{ "http://h:/p.zip", "with an empty port" },
		{ "http://h:0/p.zip", "with a bad port" },
		{ "http://h:65536/p.zip", "with a bad port" },
		{ "http://h:99999999999999999999/p.zip", "with a bad port" },
		{ "http://h:8o/p.zip", "with a bad port" },
		{ "http://h:-1/p.zip", "with a bad port" },
		{ "http://h", "without a path" },
		{ "http://h?x", "without a path" },
		{ "http://h/", "whose path names a folder" },
		{ "http://h/dir/", "whose path names a folder" },
		{ "http://h/a b.zip", "with a space" },
		{ "http://h/a\"b.zip", "with a quote" },
		{ "http://h/a'b.zip", "with a quote" },
		{ "http://h/a\\b.zip", "with a backslash" },
		{ "http://h/a\rb.zip", "control character (0x0d)" },
		{ "http://h/a\x7f.zip", "control character (0x7f)" },
		{ "http://h\x01/a.zip", "control character (0x01)" },
		{ "http://h%20x/a.zip", "a host name cannot have" },
		{ "http://[::1/p.zip", "broken [IPv6]" },
		{ "http://[]/p.zip", "broken [IPv6]" },
		{ "http://[::1]x/p.zip", "text after the [IPv6] host" },
		{ "ftp://@h/p.zip", "empty user name" },
		{ "ftp://:pw@h/p.zip", "empty user name" },
	};
	struct url u;
	char why[700];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_parse_bad[%zu]", i);
		why[0] = '\0';
		CHECK_INT(url_parse(rows[i].in, &u, why, sizeof why), -1);
		if (!strstr(why, rows[i].want))
			check_fail(__FILE__, __LINE__, "no '%s' in: %s", rows[i].want, why);
		CHECK(strstr(why, "expected") != NULL);
	}
	check_case("t_parse_bad[513 bytes]");
	CHECK_INT(strlen(long_url), 513);
	CHECK_INT(url_parse(long_url, &u, why, sizeof why), -1);
	CHECK(strstr(why, "(513 bytes)") != NULL && strstr(why, "at most 512") != NULL);
	check_case("t_parse_bad[512 bytes]");
	long_url[511] = 'z';
	long_url[512] = '\0';
	CHECK_INT(url_parse(long_url, &u, why, sizeof why), 0);
	/* A refused URL's password is masked in the reason too. */
	check_case("t_parse_bad[masked]");
	CHECK_INT(url_parse("ftp://u:Secret1@h:0/p.zip", &u, why, sizeof why), -1);
	CHECK(strstr(why, "ftp://u:***@h:0/p.zip") != NULL);
	CHECK(strstr(why, "Secret1") == NULL);
}

static void t_mask(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "ftp://user:secret@host/p.zip", "ftp://user:***@host/p.zip" },
		{ "ftp://user@host/p.zip", "ftp://user@host/p.zip" },
		{ "http://host:8080/p.zip", "http://host:8080/p.zip" },
		{ "ftp://user:@host/p", "ftp://user:***@host/p" },
		{ "AT+QFOTADL=\"ftp://u:pw@h:21/x.zip\"", "AT+QFOTADL=\"ftp://u:***@h:21/x.zip\"" },
		{ "a ftp://a:1@h/x and http://b:2@k/y end", "a ftp://a:***@h/x and http://b:***@k/y end" },
		{ "ftp://u:p@ss@h/x", "ftp://u:***@h/x" },         /* '@' in the password */
		{ "ftp://u:p/ss@h/x", "ftp://u:***@h/x" },         /* '/' in the password */
		{ "ftp://u:p:q@h/x", "ftp://u:***@h/x" },
		{ "ftp://u:pw", "ftp://u:pw" },                     /* no '@': no user info */
		{ "no url here", "no url here" },
		{ "://:x@", "://:***@" },
		{ "", "" },
		{ "ftp://u:pw@h/x\r\nOK", "ftp://u:***@h/x\r\nOK" },
		{ "E: ftp://u:pw@h:99999/x;", "E: ftp://u:***@h:99999/x;" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[256];
		check_case("t_mask[%zu]", i);
		CHECK_STR(url_mask(rows[i].in, out, sizeof out), rows[i].want);
	}
	/* Cut to fit, never overrun, always terminated. */
	char small[12];
	check_case("t_mask[small]");
	memset(small, 'X', sizeof small);
	url_mask("ftp://u:secret@h/x", small, sizeof small);
	CHECK_STR(small, "ftp://u:***");
	url_mask("ftp://u:secret@h/x", small, 1);
	CHECK_STR(small, "");
}

int main(void)
{
	RUN(t_parse_good);
	RUN(t_parse_bad);
	RUN(t_mask);
	return check_done();
}
