/**
 * Where to go after signing in: the `?next=` the sign-in redirect carried, if it is a path on this
 * site, else the home page. Only a relative path starting with exactly one "/" is followed:
 * "//evil.example" and "/\evil.example" are protocol-relative to browsers, and absolute URLs
 * ("https://…", "javascript:…") leave the site — an open redirect a phishing mail could use to
 * send someone from the real sign-in page to a look-alike.
 */
export function safeNext(next: string | null | undefined): string {
	if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
	// Backslashes and control characters: browsers normalise or strip them, which can turn a
	// harmless-looking path into another origin ("/\t/evil.example" → "//evil.example").
	// eslint-disable-next-line no-control-regex
	if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
	const base = 'http://recette.invalid';
	try {
		const url = new URL(next, base);
		if (url.origin !== base) return '/';
		return url.pathname + url.search + url.hash;
	} catch {
		return '/';
	}
}
