// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * GetUrl: an HTTP GET of the policy's URL through libcurl, its body thrown
 * away (Tetragon's getUrl: http.Get, fire and forget). http and https only,
 * no redirects, a timeout for the whole request.
 */
#include <stdio.h>

#include <curl/curl.h>

#include "perform.h"

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	return size * n;
}

static int progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		    curl_off_t ulnow)
{
	const volatile bool *stop = ctx;

	return *stop; /* non-zero: curl aborts the transfer */
}

int tp_useract__get_url(const char *url, uint32_t timeout_ms, const volatile bool *stop, char *why,
			size_t whylen)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *c = curl_easy_init();
	CURLcode rc;
	long status = 0;

	if (!c) {
		snprintf(why, whylen, "libcurl could not start a request");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* a worker thread: no SIGALRM */
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tprun");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(why, whylen, "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
		return -1;
	}
	if (status >= 400) {
		snprintf(why, whylen, "HTTP status %ld", status);
		return -1;
	}
	snprintf(why, whylen, "HTTP status %ld", status);
	return 0;
}
