/** How many characters of a user's text an error message quotes. */
export const QUOTE_CHARS = 80;

/**
 * A user-supplied value made fit to quote in a one-line message: line breaks, tabs and other
 * control characters become spaces, and past `max` characters (code points: an emoji or an accented
 * letter is never cut in half) the rest is replaced by "…". A 5 MB cell in a CSV is thus quoted as
 * its first 80 characters instead of being echoed whole.
 */
export function shorten(text: string, max = QUOTE_CHARS): string {
	// eslint-disable-next-line no-control-regex
	const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
	let count = 0;
	for (let i = 0; i < oneLine.length; ) {
		if (count === max) return `${oneLine.slice(0, i)}…`;
		i += oneLine.codePointAt(i)! > 0xffff ? 2 : 1;
		count++;
	}
	return oneLine;
}
