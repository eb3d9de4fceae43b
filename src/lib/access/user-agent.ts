/**
 * "Firefox · Windows" from a User-Agent header, so people can recognise their devices in the
 * session list. A rough reading is enough (the full header is shown as a tooltip); order matters
 * because Chrome-based browsers also say "Safari" and Edge also says "Chrome".
 */
export function describeUserAgent(ua: string): { browser: string | null; os: string | null } {
	const browser = /Edg\//.test(ua)
		? 'Edge'
		: /OPR\//.test(ua)
			? 'Opera'
			: /Firefox\//.test(ua)
				? 'Firefox'
				: /Chrom(e|ium)\//.test(ua)
					? 'Chrome'
					: /Safari\//.test(ua)
						? 'Safari'
						: /^(node|undici|curl|python|Wget)/i.test(ua)
							? ua.split(/[\s/]/)[0]
							: null;
	const os = /Windows/.test(ua)
		? 'Windows'
		: /Android/.test(ua)
			? 'Android'
			: /iPhone|iPad/.test(ua)
				? 'iOS'
				: /Mac OS X|Macintosh/.test(ua)
					? 'macOS'
					: /CrOS/.test(ua)
						? 'ChromeOS'
						: /Linux/.test(ua)
							? 'Linux'
							: null;
	return { browser, os };
}
