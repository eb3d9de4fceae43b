import { reportPdf } from '$lib/server/reports/report-pdf.ts';
import { api, apiLocale, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * The acceptance report as a PDF, in the caller's language (the UI's `lang` cookie, else
 * Accept-Language, else French). The same figures as report.json, so the same readers (`reports.read`).
 */
export const GET = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reports.read', { campaignId });
	const locale = apiLocale(event);
	const pdf = await reportPdf(event.locals.services.db, campaignId, locale);
	const name = `${locale === 'fr' ? 'rapport-de-recette' : 'acceptance-report'}-${campaignId}.pdf`;
	return new Response(new Uint8Array(pdf), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }
	});
});
