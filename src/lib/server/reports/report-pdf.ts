/**
 * The acceptance report as a PDF (`GET /api/campaigns/:id/report.pdf`, `recette report <id> --pdf`):
 * the decision, each criterion met or not and why, the key figures, the accuracy by class, the positional
 * accuracy of the orthophoto (when the campaign has checkpoints), the method, the sample design and a
 * vector map of the review tiles drawn from their rectangles in the campaign's
 * CRS. Written with pdfkit, on the server, without a browser or the network: the fonts are DejaVu Sans,
 * shipped in server/fonts/ (pdfkit's standard fonts are WinAnsi: no ≥, no ≤) and embedded as subsets.
 *
 * Everything printed comes from report.json (`buildReport`) and the words from the UI's dictionaries,
 * so the page, the PDF and the API say the same thing.
 */
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { en } from '../../i18n/en.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { fr, type MessageKey } from '../../i18n/fr.ts';
import type { Locale } from '../../i18n/locale.ts';
import { renderMessage, type Params } from '../../i18n/translate.ts';
import { coefficient, criterionFigure, estimable, km2, lengthCm, MAP_COLOURS, OUTCOME_COLOURS, pct, positionalFigure, roundScaleLength } from '../../reports/report-text.ts';
import { buildReport, type Report } from '../acceptance/report.service.ts';
import type { Db } from '../db/db.ts';
import { repoRoot } from '../paths.ts';
import { reportTiles, type ReportTile } from './report-map.ts';

const FONT = { regular: 'server/fonts/DejaVuSans.ttf', bold: 'server/fonts/DejaVuSans-Bold.ttf' };
const MARGIN = 50;
const TEXT = '#1f2933';
const MUTED = '#52606d';
const RULE = '#cbd2d9';

type Doc = PDFKit.PDFDocument;

interface Column {
	header: string;
	/** Share of the text width. */
	width: number;
	align?: 'left' | 'right';
}

/** Writes the report of a campaign as a PDF, in `locale`. */
export function reportPdf(db: Db, campaignId: number, locale: Locale, now: Date = new Date()): Promise<Buffer> {
	return renderReportPdf(buildReport(db, campaignId, now), reportTiles(db, campaignId), locale);
}

/** Renders a report (report.json) and its tiles as a PDF. */
export function renderReportPdf(report: Report, tiles: ReportTile[], locale: Locale): Promise<Buffer> {
	const dict = locale === 'fr' ? fr : en;
	const t = (key: MessageKey, params?: Params) => renderMessage(dict[key], locale, params);
	const L = (x: { en: string; fr: string }) => x[locale];
	const root = repoRoot();
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		font: join(root, FONT.regular),
		info: { Title: t('report.pageTitle', { name: report.campaign.name }), Creator: 'Recette', Producer: 'Recette (pdfkit)' },
		lang: locale === 'fr' ? 'fr-FR' : 'en-GB'
	});
	doc.registerFont('regular', join(root, FONT.regular));
	doc.registerFont('bold', join(root, FONT.bold));
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const width = doc.page.width - 2 * MARGIN;
	const bottom = () => doc.page.height - MARGIN - 20;
	const ensure = (height: number) => {
		if (doc.y + height > bottom()) doc.addPage();
	};
	const heading = (text: string) => {
		ensure(60);
		doc.moveDown(0.8).font('bold').fontSize(13).fillColor(TEXT).text(text, MARGIN, doc.y, { width });
		doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).lineWidth(0.5).strokeColor(RULE).stroke();
		doc.moveDown(0.5).font('regular').fontSize(9.5);
	};
	const para = (text: string, color = TEXT) => {
		doc.font('regular').fontSize(9.5).fillColor(color).text(text, MARGIN, doc.y, { width });
		doc.moveDown(0.3);
	};
	const table = (columns: Column[], rows: string[][]) => {
		const widths = columns.map((c) => c.width * width);
		const drawRow = (cells: string[], bold: boolean) => {
			doc.font(bold ? 'bold' : 'regular').fontSize(8.5);
			const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 6 }))) + 5;
			if (doc.y + height > bottom()) {
				doc.addPage();
				if (!bold) drawRow(columns.map((c) => c.header), true);
				doc.font(bold ? 'bold' : 'regular').fontSize(8.5);
			}
			const y = doc.y;
			let x = MARGIN;
			cells.forEach((cell, i) => {
				doc.fillColor(TEXT).text(cell, x + 3, y + 2.5, { width: widths[i] - 6, align: columns[i].align ?? 'left' });
				x += widths[i];
			});
			doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.4).strokeColor(RULE).stroke();
			doc.x = MARGIN;
			doc.y = y + height;
		};
		drawRow(columns.map((c) => c.header), true);
		for (const row of rows) drawRow(row, false);
		doc.moveDown(0.5);
	};
	const row = (label: string, value: string) => {
		ensure(16);
		const y = doc.y;
		doc.font('regular').fontSize(9.5).fillColor(MUTED).text(label, MARGIN, y, { width: width * 0.45 });
		const h1 = doc.y - y;
		doc.font('bold').fillColor(TEXT).text(value, MARGIN + width * 0.45, y, { width: width * 0.55 });
		doc.x = MARGIN;
		doc.y = Math.max(doc.y, y + h1) + 2;
	};

	// Title.
	doc.font('bold').fontSize(18).fillColor(TEXT).text(t('report.heading'), { width });
	doc.font('regular').fontSize(12).text(report.campaign.name, { width });
	doc.moveDown(0.2);
	para(
		t('report.subtitle', {
			contractor: report.campaign.contractor || t('report.noContractor'),
			epsg: String(report.campaign.crs.epsg),
			date: formatDate(report.generatedAt, locale)
		}),
		MUTED
	);

	// Decision banner.
	const outcome = report.decision.outcome;
	doc.moveDown(0.5);
	const bannerY = doc.y;
	const outcomeText = t(`report.outcome.${outcome}`);
	doc.font('regular').fontSize(9.5);
	const whyHeight = doc.heightOfString(L(report.decision.why), { width: width - 24 });
	const bannerH = 34 + whyHeight;
	doc.rect(MARGIN, bannerY, width, bannerH).fillColor(OUTCOME_COLOURS[outcome]).fill();
	doc.font('bold').fontSize(15).fillColor('#ffffff').text(outcomeText, MARGIN + 12, bannerY + 8, { width: width - 24 });
	doc.font('regular').fontSize(9.5).fillColor('#ffffff').text(L(report.decision.why), MARGIN + 12, doc.y + 2, { width: width - 24 });
	doc.x = MARGIN;
	doc.y = bannerY + bannerH + 6;

	// Criteria.
	heading(t('report.criteria'));
	if (report.decision.criteriaAreDefault) para(t('report.criteriaDefault'), MUTED);
	table(
		[
			{ header: t('report.criterion'), width: 0.26 },
			{ header: t('report.threshold'), width: 0.115, align: 'right' },
			{ header: t('report.value'), width: 0.1, align: 'right' },
			{ header: t('report.status'), width: 0.13 },
			{ header: t('report.why'), width: 0.395 }
		],
		report.decision.criteria.map((c) => [
			t(`report.criterion.${c.id}` as MessageKey),
			criterionFigure(c.id, c.threshold, locale),
			criterionFigure(c.id, c.value, locale),
			t(`report.criterionStatus.${c.status}`),
			L(c.why)
		])
	);
	if (report.decision.reservations.length) {
		doc.font('bold').fontSize(9.5).fillColor(TEXT).text(t('report.reservations'), MARGIN, doc.y, { width });
		for (const r of report.decision.reservations) para(`• ${L(r)}`);
	}

	// Key figures.
	heading(t('report.keyFigures'));
	const a = report.accuracy;
	row(
		t('report.overallAccuracy'),
		a && estimable(a.overall)
			? t('report.estimateCi', { estimate: pct(a.overall.estimate, locale), ci: pct(a.overall.ci95, locale), se: pct(a.overall.se, locale) })
			: t('report.notEstimable')
	);
	row(t('report.reviewTiles'), formatNumber(report.tiles.review, locale, 0));
	row(t('report.finishedTiles'), `${formatNumber(report.tiles.finished, locale, 0)} (${pct(report.tiles.review ? report.tiles.finished / report.tiles.review : null, locale)})`);
	row(t('report.tilesWithVerdict'), formatNumber(report.tiles.withVerdict, locale, 0));
	const rr = report.tiles.rejectedRate;
	row(
		t('report.rejectedRate'),
		rr.estimate === null ? '–' : t('report.interval', { estimate: pct(rr.estimate, locale), lower: pct(rr.lower, locale), upper: pct(rr.upper, locale) })
	);
	const sev = report.defects.bySeverity;
	row(
		t('report.defectsTotal'),
		`${formatNumber(report.defects.total, locale, 0)} — ${t('review.severity.minor')} ${sev.minor}, ${t('review.severity.major')} ${sev.major}, ${t('review.severity.blocking')} ${sev.blocking}`
	);
	row(t('report.perKm2'), report.defects.perKm2 === null ? '–' : formatNumber(report.defects.perKm2, locale, 2));
	row(t('report.criterion.no_blocking_defect_left'), t('report.blockingLeft', { left: report.defects.blocking.left, total: report.defects.blocking.total }));
	row(`${t('report.fleiss')} — ${t('report.onVerdicts')}`, coefficient(report.agreement.verdicts.fleiss.estimate, locale));
	if (report.agreement.labels) row(`${t('report.fleiss')} — ${t('report.onLabels')}`, coefficient(report.agreement.labels.fleiss.estimate, locale));

	const label = (code: string) => {
		const c = report.campaign.classes.find((k) => k.code === code);
		return c ? `${code} ${locale === 'en' ? c.labelEn || c.label : c.label}` : code;
	};

	// Accuracy by class.
	if (a) {
		heading(t('report.accuracies'));
		const est = (e: { estimate: number | null; se: number | null; ci95: number | null }) =>
			estimable(e) ? `${pct(e.estimate, locale)} ± ${pct(e.ci95, locale)}` : t('report.notEstimable');
		table(
			[
				{ header: t('report.class'), width: 0.3 },
				{ header: t('report.users'), width: 0.17, align: 'right' },
				{ header: t('report.producers'), width: 0.17, align: 'right' },
				{ header: t('report.mappedArea'), width: 0.15, align: 'right' },
				{ header: t('report.estimatedArea'), width: 0.21, align: 'right' }
			],
			a.classes.map((code) => {
				const area = a.areas[code];
				return [
					label(code),
					est(a.users[code]),
					est(a.producers[code]),
					area ? km2(area.mapped, locale) : '–',
					area && estimable(area) ? `${km2(area.estimate, locale)} ± ${km2(area.ci95, locale)}` : t('report.notEstimable')
				];
			})
		);
	} else {
		heading(t('report.accuracies'));
		para(t('report.noAccuracy'), MUTED);
	}

	// Positional accuracy (checkpoints): report.json's section, when the campaign has checkpoints.
	const p = report.positional;
	if (p) {
		heading(L(p.title));
		para(
			t('positional.figures.progress', {
				n: String(p.figures.n),
				surveyed: String(p.progress.surveyed),
				pending: String(p.progress.pending),
				unpointed: String(p.progress.unpointed)
			}),
			MUTED
		);
		const yesNo = (pass: boolean) => t(pass ? 'report.positional.pass' : 'report.positional.fail');
		table(
			[
				{ header: t('report.positional.figure'), width: 0.7 },
				{ header: t('report.value'), width: 0.3, align: 'right' }
			],
			p.summary.map((r) => [L(r.label), positionalFigure(r, locale, yesNo)])
		);
		const positionalCriteria = report.decision.criteria.filter((c) => c.id === 'precision_class' || c.id === 'rmse_radial');
		if (positionalCriteria.length) {
			doc.font('bold').fontSize(9.5).fillColor(TEXT).text(t('report.positional.criteria'), MARGIN, doc.y, { width });
			doc.moveDown(0.2);
			table(
				[
					{ header: t('report.criterion'), width: 0.26 },
					{ header: t('report.threshold'), width: 0.115, align: 'right' },
					{ header: t('report.value'), width: 0.1, align: 'right' },
					{ header: t('report.status'), width: 0.13 },
					{ header: t('report.why'), width: 0.395 }
				],
				positionalCriteria.map((c) => [
					t(`report.criterion.${c.id}` as MessageKey),
					criterionFigure(c.id, c.threshold, locale),
					criterionFigure(c.id, c.value, locale),
					t(`report.criterionStatus.${c.status}`),
					c.caveat ? `${L(c.why)} ${L(c.caveat)}` : L(c.why)
				])
			);
		}
		// Residuals per checkpoint: a contract's 20 to 100 points fit; a larger set is in positional.json.
		const shown = p.checkpoints.filter((c) => !c.hidden && c.distance !== null).slice(0, 100);
		if (shown.length) {
			doc.font('bold').fontSize(9.5).fillColor(TEXT).text(t('positional.figures.residuals'), MARGIN, doc.y, { width });
			doc.moveDown(0.2);
			table(
				[
					{ header: t('positional.code'), width: 0.2 },
					{ header: 'dx', width: 0.13, align: 'right' },
					{ header: 'dy', width: 0.13, align: 'right' },
					{ header: t('positional.distance'), width: 0.15, align: 'right' },
					{ header: t('positional.direction'), width: 0.17, align: 'right' },
					{ header: t('report.positional.outlier'), width: 0.22 }
				],
				shown.map((c) => [
					c.code,
					lengthCm(c.dx, locale),
					lengthCm(c.dy, locale),
					lengthCm(c.distance, locale),
					c.azimuth_deg === null ? '–' : `${formatNumber(c.azimuth_deg, locale, 0)}°`,
					c.outlier ? t(`report.positional.outlier.${c.outlier}`) : ''
				])
			);
			const more = p.checkpoints.filter((c) => !c.hidden && c.distance !== null).length - shown.length;
			if (more > 0) para(t('report.positional.more', { count: more }), MUTED);
		}
		doc.font('bold').fontSize(9.5).fillColor(TEXT).text(t('positional.figures.advice'), MARGIN, doc.y, { width });
		doc.moveDown(0.2);
		for (const a of p.advice) para(`• ${L(a)}`);
		doc.font('bold').fontSize(9.5).fillColor(TEXT).text(t('report.method'), MARGIN, doc.y, { width });
		doc.moveDown(0.2);
		for (const m of p.method) para(L(m));
	}

	// Method.
	heading(t('report.method'));
	if (report.method.accuracyEstimator) para(t(`report.estimator.${report.method.accuracyEstimator}`));
	para(L(report.method.reference));
	para(L(report.method.tileVerdict));
	para(L(report.method.intervals));

	// Sample design.
	heading(t('report.sampleDesign'));
	const cp = report.controlPoints;
	if (!cp) para(t('report.noControlPoints'), MUTED);
	else {
		const d = cp.design;
		para(t(d.strata === 'classes' ? 'report.strata.classes' : 'report.strata.tiles'));
		para(
			t('report.design', {
				seed: d.seed,
				targetSe: d.targetSe === null ? '–' : pct(d.targetSe, locale),
				anticipated: d.anticipated === null ? '–' : pct(d.anticipated, locale, 0),
				minimum: d.minimum === null ? '–' : String(d.minimum),
				date: formatDate(d.createdAt, locale)
			}),
			MUTED
		);
		if (d.formula) para(t('report.formula', { n: String(d.formula.n) }));
		para(
			t('report.pointsSummary', {
				total: String(cp.points.total),
				withReference: String(cp.points.withReference),
				toAdjudicate: String(cp.points.toAdjudicate),
				excluded: String(cp.points.excluded)
			})
		);
		// A tile-stratified design has one stratum per tile: the first 60 say enough on paper.
		const strata = cp.strata.slice(0, 60);
		table(
			[
				{ header: t('report.stratum'), width: 0.4 },
				{ header: t('report.stratumArea'), width: 0.2, align: 'right' },
				{ header: t('report.planned'), width: 0.2, align: 'right' },
				{ header: t('report.withReference'), width: 0.2, align: 'right' }
			],
			// Class strata in the reader's language; tile strata by their name.
			strata.map((s) => [d.strata === 'classes' ? label(s.stratum) : s.label && s.label !== s.stratum ? `${s.stratum} ${s.label}` : s.stratum, km2(s.area, locale), String(s.planned), String(s.withReference)])
		);
		if (cp.strata.length > strata.length) para(`… (${cp.strata.length})`, MUTED);
	}

	// Map.
	doc.addPage();
	heading(t('report.map'));
	drawMap(doc, tiles, MARGIN, doc.y, width, bottom() - doc.y - 70, t, locale, report.campaign.crs.epsg);

	// Page numbers, once the page count is known.
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		doc.font('regular').fontSize(8).fillColor(MUTED);
		const footer = `${report.campaign.name} — ${t('report.pdf.page', { page: String(i + 1), pages: String(range.count) })}`;
		// Writing below the bottom margin would start a new page: lift the margin for the footer.
		const saved = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.text(footer, MARGIN, doc.page.height - MARGIN + 10, { width, align: 'center', lineBreak: false });
		doc.page.margins.bottom = saved;
	}
	doc.end();
	return done;
}

/** The tiles to scale in a box, coloured by verdict (status when none), with legend and scale bar. */
function drawMap(
	doc: Doc,
	tiles: ReportTile[],
	x0: number,
	y0: number,
	w: number,
	h: number,
	t: (key: MessageKey, params?: Params) => string,
	locale: Locale,
	epsg: number
): void {
	if (tiles.length === 0) return;
	let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
	for (const tile of tiles) {
		xmin = Math.min(xmin, tile.xmin);
		ymin = Math.min(ymin, tile.ymin);
		xmax = Math.max(xmax, tile.xmax);
		ymax = Math.max(ymax, tile.ymax);
	}
	const scale = Math.min(w / (xmax - xmin || 1), h / (ymax - ymin || 1));
	const mapW = (xmax - xmin) * scale;
	const mapH = (ymax - ymin) * scale;
	const ox = x0 + (w - mapW) / 2;
	// Projected y grows northwards, the page's downwards.
	const px = (x: number) => ox + (x - xmin) * scale;
	const py = (y: number) => y0 + (ymax - y) * scale;

	const colourOf = (tile: ReportTile): string =>
		tile.verdict ? MAP_COLOURS.verdict[tile.verdict] : tile.status === 'not_started' || tile.status === 'in_review' ? MAP_COLOURS.status[tile.status] : MAP_COLOURS.noVerdict;
	// One path per colour: 40 000 rectangles become a handful of fill operations.
	const groups = new Map<string, ReportTile[]>();
	for (const tile of tiles) {
		const c = colourOf(tile);
		let list = groups.get(c);
		if (!list) groups.set(c, (list = []));
		list.push(tile);
	}
	doc.save();
	for (const [colour, list] of groups) {
		for (const tile of list) doc.rect(px(tile.xmin), py(tile.ymax), (tile.xmax - tile.xmin) * scale, (tile.ymax - tile.ymin) * scale);
		doc.fillColor(colour).fill();
	}
	// Tile edges, while they stay wider than a hairline apart.
	if (tiles.length <= 5000) {
		for (const tile of tiles) doc.rect(px(tile.xmin), py(tile.ymax), (tile.xmax - tile.xmin) * scale, (tile.ymax - tile.ymin) * scale);
		doc.lineWidth(0.3).strokeColor('#ffffff').stroke();
	}
	doc.rect(ox, y0, mapW, mapH).lineWidth(0.6).strokeColor('#616e7c').stroke();
	doc.restore();

	// North (grid north of the projected CRS) and scale bar.
	doc.font('bold').fontSize(10).fillColor(TEXT).text('N ↑', ox + mapW - 30, y0 + 4, { width: 26, align: 'right', lineBreak: false });
	const bar = roundScaleLength((xmax - xmin) / 4);
	let y = y0 + mapH + 10;
	if (bar > 0) {
		const barW = bar * scale;
		doc.rect(ox, y, barW, 4).fillColor(TEXT).fill();
		const label = bar >= 1000 ? `${formatNumber(bar / 1000, locale, 2)}\u00a0km` : `${formatNumber(bar, locale, 0)}\u00a0m`;
		doc.font('regular').fontSize(8).fillColor(TEXT).text(label, ox + barW + 6, y - 2, { lineBreak: false });
		y += 14;
	}

	// Legend with counts.
	const counts = new Map<string, number>();
	for (const [colour, list] of groups) counts.set(colour, list.length);
	const entries: [string, string][] = [
		[MAP_COLOURS.verdict.accepted, t('review.verdict.accepted')],
		[MAP_COLOURS.verdict.accepted_with_reservations, t('review.verdict.accepted_with_reservations')],
		[MAP_COLOURS.verdict.rejected, t('review.verdict.rejected')],
		[MAP_COLOURS.noVerdict, t('report.noVerdict')],
		[MAP_COLOURS.status.in_review, t('tileStatus.in_review')],
		[MAP_COLOURS.status.not_started, t('tileStatus.not_started')]
	];
	let x = x0;
	for (const [colour, label] of entries) {
		const text = `${label} (${counts.get(colour) ?? 0})`;
		doc.font('regular').fontSize(8);
		const tw = doc.widthOfString(text) + 22;
		if (x + tw > x0 + w) {
			x = x0;
			y += 13;
		}
		doc.rect(x, y, 9, 9).fillColor(colour).fill();
		doc.rect(x, y, 9, 9).lineWidth(0.4).strokeColor('#616e7c').stroke();
		doc.fillColor(TEXT).text(text, x + 13, y + 0.5, { lineBreak: false });
		x += tw;
	}
	doc.font('regular').fontSize(8).fillColor(MUTED).text(t('report.pdf.mapCaption', { epsg: String(epsg) }), x0, y + 18, { width: w });
}
