/**
 * What an error page says: the kind of refusal or failure, from the HTTP status, the API's error
 * code and the page asked for. Pure, so each case is tested; the pages word each kind (who may open
 * the page, whom to ask).
 */
export type ErrorKind =
	/** 403 `no_campaign_role`: the account has no role in the campaign (or it does not exist: ids reveal nothing). */
	| 'noCampaignRole'
	/** 403 `admin_only`: a site administrator's page. */
	| 'adminOnly'
	/** 403, another reason: the role in the campaign does not open this page. */
	| 'roleForbids'
	/** 404 on a tile page: the tile is not (or no longer) in the campaign. */
	| 'tileNotFound'
	/** 404 anywhere else. */
	| 'notFound'
	/** The server could not be reached or is restarting. */
	| 'unavailable'
	| 'generic';

export function errorKind(status: number, code: string | undefined, path: string): ErrorKind {
	if (status === 403) return code === 'no_campaign_role' ? 'noCampaignRole' : code === 'admin_only' ? 'adminOnly' : 'roleForbids';
	if (status === 404) return /^\/campaigns\/[^/]+\/tiles\/[^/]+\/?$/.test(path) ? 'tileNotFound' : 'notFound';
	if (status === 502 || status === 503 || status === 504) return 'unavailable';
	return 'generic';
}

/** Whether the server's own message adds something to the page's explanation (shown as the detail). */
export function showsDetail(kind: ErrorKind, code: string | undefined): boolean {
	if (code === 'http_404') return false; // "Not found", in English: the page says it better
	return kind === 'generic' || kind === 'unavailable' || kind === 'roleForbids';
}
